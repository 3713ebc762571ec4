"""Fixed-window counters in the Django cache (Redis in production).

Used for the per-reader comment rate. allauth keeps the signup and login
limits the same way, so all limits live in the one shared cache.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate | None:
        """``"5/m"``, ``"30/10m"``; ``"0"`` or ``""`` turns the limit off."""
        text = (text or "").strip()
        if text in ("", "0", "off"):
            return None
        try:
            count, period = text.split("/", 1)
            unit = period[-1]
            amount = int(period[:-1] or 1)
            return cls(int(count), amount * _UNITS[unit])
        except (ValueError, KeyError):
            raise ValueError(f"rate {text!r} is not like '5/m' (count/period, period in s, m, h or d)") from None


def comment_rate() -> Rate | None:
    return Rate.parse(getattr(settings, "QUICKLOOKS_COMMENT_RATE", os.environ.get("QUICKLOOKS_COMMENT_RATE", "5/m")))


def hit(key: str, rate: Rate | None) -> tuple[bool, int]:
    """Count one attempt; return (allowed, seconds until the window resets)."""
    if rate is None:
        return True, 0
    now = int(time.time())
    window = now - now % rate.seconds
    cache_key = f"quicklooks:rate:{key}:{window}"
    cache.add(cache_key, 0, timeout=rate.seconds + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=rate.seconds + 5)
        count = 1
    return count <= rate.count, window + rate.seconds - now
