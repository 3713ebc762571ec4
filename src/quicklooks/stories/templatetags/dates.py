"""One way to write a date and a time on every page: the story, comments, topics and the desk.

``{{ value|when }}`` gives "3 Dec 2026, 14:05 UTC" and ``{{ value|day }}``
"3 Dec 2026", both in the site's time zone (``TIME_ZONE`` in the
environment). Machine-readable ``datetime`` attributes keep ``|date:'c'``.
"""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import dateformat, timezone

register = template.Library()

WHEN = "j M Y, H:i T"
DAY = "j M Y"


def _local(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def when(value) -> str:
    """A moment: day, month, year, hour and minute, and the time zone's abbreviation."""
    if not isinstance(value, (date, datetime)):
        return ""
    if not isinstance(value, datetime):
        return dateformat.format(value, DAY)
    return dateformat.format(_local(value), WHEN)


@register.filter
def day(value) -> str:
    """A day: day, month and year."""
    if not isinstance(value, (date, datetime)):
        return ""
    return dateformat.format(_local(value), DAY)
