"""My notices: what the scheduled checks raised in the cases I work on (issue #6)."""
