"""Display names: one reader, one name.

Two readers may not show the same name on their comments, and neither may a
reader take a staff member's. Names are compared by a *key*: Unicode NFKC
(so full-width "Ｒｅａｄｅｒ" and ligatures fold to plain letters), invisible
format characters (zero-width spaces and joiners) dropped, case folded
("Straße" matches "STRASSE") and runs of whitespace made one space. The key
is stored on the profile (``Profile.display_name_key``) under a unique index,
so the database refuses a duplicate even when two sign-ups race.
"""

from __future__ import annotations

import re
import unicodedata

MAX_LENGTH = 60
TAKEN = "That display name is taken; choose another."
RESERVED = "That display name is reserved; choose another."
TOO_SHORT = "Choose a display name of at least 2 characters."

# What the site itself prints for readers without a name or account.
_RESERVED_KEYS = re.compile(r"^(?:deleted reader|reader \d+)$")


def tidy(name: str) -> str:
    """The name as shown: invisible characters dropped, whitespace made single spaces."""
    visible = "".join(ch for ch in (name or "") if unicodedata.category(ch) != "Cf")
    return " ".join(visible.split())


def name_key(name: str) -> str:
    """The comparison key: equal keys are the same name to a reader's eye."""
    text = unicodedata.normalize("NFKC", tidy(name))
    # casefold can leave text un-normalised (e.g. U+0130), so normalise again.
    text = unicodedata.normalize("NFKC", text.casefold())
    return " ".join(text.split())


def problem_with(name: str, *, user_id: int | None = None) -> str | None:
    """Why ``name`` cannot be this user's display name, or None when it can."""
    from quicklooks.accounts.models import Profile

    shown = tidy(name)
    if len(shown) < 2:
        return TOO_SHORT
    key = name_key(shown)
    if _RESERVED_KEYS.match(key):
        return RESERVED
    taken = Profile.objects.filter(display_name_key=key)
    if user_id is not None:
        taken = taken.exclude(user_id=user_id)
    return TAKEN if taken.exists() else None


def free_variant(name: str, taken_keys) -> str:
    """``name`` with the smallest " 2", " 3"... suffix whose key is not in ``taken_keys``."""
    n = 2
    while True:
        suffix = f" {n}"
        candidate = tidy(name)[: MAX_LENGTH - len(suffix)].rstrip() + suffix
        if name_key(candidate) not in taken_keys:
            return candidate
        n += 1
