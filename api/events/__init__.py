"""Domain events: the transactional outbox (issue #6)."""
