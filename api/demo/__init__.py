"""Synthetic demo data (``samverka seed-demo``) and account creation (``create-user``).

Everything here is made up: the municipality, the people, their numbers. Never loaded in
production (the CLI refuses).
"""

from api.demo.accounts import create_user
from api.demo.seed import SeedReport, is_seeded, seed_demo

__all__ = ["SeedReport", "create_user", "is_seeded", "seed_demo"]
