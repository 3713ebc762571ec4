"""Refused requests in the server's log: one line each, no traceback (settings: LOGGING's "refusals" filter).

Kept apart from the desk's permissions: logging is configured before the apps load, so this module imports nothing of ours.
"""

from __future__ import annotations


class RefusalsWithoutTraceback:
    """A logging filter: a refused request (403) is logged as one line, not with a traceback.

    Django logs every ``PermissionDenied`` with its traceback, which makes a
    reader who opened a staff page look like a crash in the server's log. The
    line saying which page was refused stays; anything else passes unchanged.
    """

    def filter(self, record) -> bool:
        from django.core.exceptions import PermissionDenied

        info = record.exc_info
        if info and isinstance(info, tuple) and info[0] is not None and issubclass(info[0], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
