"""The time-driven checks the worker runs: consent expiring, meeting overdue, plan item overdue."""
