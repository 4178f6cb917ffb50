"""Consents to exchange information (OSL 10 kap. 1 §)."""
