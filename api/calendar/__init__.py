"""Personal calendar feeds: a revocable secret URL that calendar apps subscribe to."""
