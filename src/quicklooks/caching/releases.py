"""Scheduled publication: stories that become visible with no save at all.

A story saved as published with a ``published_at`` in the future appears on
pages when that moment passes, but nothing is saved then, so no signal bumps
the generation. Two things keep pages right:

- a cached page lives no longer than the time until the next scheduled
  story (``seconds_until_next``), and no page file is written while one is
  pending, because nginx files have no expiry;
- ``release_due`` bumps the generation when a scheduled moment has passed.
  ``quicklooks deploy local`` runs it every second (the publication clock),
  which lets page files return as soon as the story is out.
"""

from __future__ import annotations

from datetime import datetime

from django.core.cache import cache
from django.utils import timezone

from quicklooks.caching import generation


def _next_release() -> datetime | None:
    from quicklooks.stories.models import Story

    return (
        Story.objects.filter(status=Story.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def seconds_until_next(content_token: str) -> float | None:
    """Seconds until the next scheduled story goes out, or None when none is scheduled.

    Remembered per *content* generation, so a burst of cache misses asks the
    database once, and so do the renders after approved comments: what is
    scheduled changes only with stories, whose every save replaces the
    content token, never with comments. Once the remembered moment has
    passed it is asked again (the story is out; the next one may be later),
    whether or not the publication clock has bumped yet.
    """
    key = f"quicklooks:next-release:{content_token}"
    stored = cache.get(key)
    now = timezone.now().timestamp()
    if stored is None or 0.0 < stored <= now:
        moment = _next_release()
        stored = moment.timestamp() if moment else 0.0
        cache.set(key, stored, timeout=3600)
    if not stored:
        return None
    return max(0.0, stored - now)


def release_due(since: datetime) -> bool:
    """Bump when a scheduled story went out after ``since``; True when one did."""
    from quicklooks.stories.models import Story

    now = timezone.now()
    due = Story.objects.filter(status=Story.Status.PUBLISHED, published_at__gt=since, published_at__lte=now).exists()
    if due:
        generation.bump()
    return due
