"""Persons the work is about: identity numbers, birth dates and ages."""
