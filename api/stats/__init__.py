"""Follow-up statistics (issue #7): aggregates of a period, small counts suppressed."""
