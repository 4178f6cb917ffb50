"""Retry schedules kept in the database (webhook deliveries, notification e-mail).

A retry waits ``base * 2**(failures - 1)`` seconds, at most ``cap``, with "equal jitter": half
of the wait fixed, half random. Messages that failed together, while a receiver or a mail
server was down, spread out instead of all returning at once, and no retry comes straight
away. The next attempt's time is stored, so the schedule survives a restart of the worker
(which is why an in-process retry library such as stamina does not fit here).
"""

from __future__ import annotations

import random
from datetime import timedelta

_jitter = random.SystemRandom()


def backoff(failures: int, *, base_seconds: float, cap_seconds: float) -> timedelta:
    """The wait after the ``failures``-th failed attempt (1 for the first)."""
    ceiling = min(cap_seconds, base_seconds * 2 ** max(failures - 1, 0))
    return timedelta(seconds=ceiling / 2 + _jitter.uniform(0, ceiling / 2))
