"""Webhook subscriptions of integration clients, and their delivery by the worker (issue #6)."""
