"""The directory: organisations, users, integration clients, information categories (#5)."""
