"""``samverka seed-demo --cases N``: the demo municipality at scale, for the benchmark (#7).

On top of the small demo (its logins, organisations and hand-written cases) it adds N cases
in four units with their groups, consents, action plans, network meetings, journal and an
access log. Rows go in with Core ``insert()`` in batches of a few thousand, in foreign-key
order: ORM objects would take minutes for every ten thousand cases.

Everything is invented and drawn from a random generator with a fixed seed, so one N and one
seed day always give the same rows. The proportions follow DOMAIN.md: most cases active, an
active group with police and school under a consent naming them, some consents withdrawn or
run out, a network meeting every four weeks, a published plan whose open items continue in
the draft. The demo logins take a share of the work so that the benchmark's users see long
lists (``samordnare`` and ``handlaggare`` one in ten of unit 1's cases, ``polis`` one in
eight of the groups with a police officer); the rest goes to bulk staff, who cannot log in.

The modules, by concern: ``seed`` (the entry point and its report), ``town`` (the random
generator, units and staff), ``people`` (young persons, guardians, personnummer),
``cases`` (cases and groups), ``consents``, ``work`` (meetings, plans, journal),
``access_log`` (the hash-chained audit events), ``batches`` (the batch insert) and
``records`` (the in-memory shapes). The draws happen in one fixed order across them: moving
a call changes every row after it.
"""

from api.demo.scale.cases import BULK_REFERENCE
from api.demo.scale.seed import scaled_cases, seed_scale

__all__ = ["BULK_REFERENCE", "scaled_cases", "seed_scale"]
