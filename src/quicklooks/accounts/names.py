"""Display names: one reader, one name.

Two readers may not show the same name on their comments, and neither may a
reader take a staff member's. Names are compared by a *key*: Unicode NFKC
(so full-width "Ｒｅａｄｅｒ" and ligatures fold to plain letters), invisible
format characters (zero-width spaces and joiners) dropped, case folded
("Straße" matches "STRASSE") and runs of whitespace made one space. The key
is stored on the profile (``Profile.display_name_key``) under a unique index,
so the database refuses a duplicate even when two sign-ups race.

A reader may also not take a name that only *looks* like a staff member's or
like the site speaking (``Мo Dеrator`` with Cyrillic М and е, ``Moderator``,
``Newslooks Staff``). Those are compared by a *skeleton* in the manner of
Unicode's UTS #39: NFKC, then every character replaced by the Latin letter it
can be mistaken for (the Unicode confusables table, from the
``confusable-homoglyphs`` package), case folded, spaces and punctuation
dropped, and the ASCII look-alikes (0/o, 1/l, I/l, rn/m, vv/w) folded.

This module reads names only; the checks that ask the database whether a
name is taken or looks like a staff member's are beside the profiles they
query (``accounts.models.display_name_problem``), so neither imports the other.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from confusable_homoglyphs import confusables

MAX_LENGTH = 60
TAKEN = "That display name is taken; choose another."
RESERVED = "That display name is reserved; choose another."
TOO_SHORT = "Choose a display name of at least 2 characters."
LIKE_STAFF = "That display name looks like a staff member's; choose another."
LIKE_THE_SITE = "That display name could be taken for the site's own staff or moderators; choose another."

# What the site itself prints for readers without a name or account.
_RESERVED_KEYS = re.compile(r"^(?:deleted reader|reader \d+)$")


def tidy(name: str) -> str:
    """The name as shown: invisible characters dropped, whitespace made single spaces."""
    visible = "".join(ch for ch in (name or "") if unicodedata.category(ch) != "Cf")
    return " ".join(visible.split())


def is_reserved(key: str) -> bool:
    """True when the key is one the site prints itself ("Deleted reader", "Reader 12")."""
    return bool(_RESERVED_KEYS.match(key))


def name_key(name: str) -> str:
    """The comparison key: equal keys are the same name to a reader's eye."""
    text = unicodedata.normalize("NFKC", tidy(name))
    # casefold can leave text un-normalised (e.g. U+0130), so normalise again.
    text = unicodedata.normalize("NFKC", text.casefold())
    return " ".join(text.split())


# Names the site's own voice uses. The long ones are refused anywhere in a
# name ("TheModerator"); the short ones only as a word of their own, so
# "Stafford" or "Badminton Fan" stay free.
RESERVED_ANYWHERE = ("moderator", "moderators", "moderation", "administrator", "webmaster", "newsroom")
RESERVED_WORDS = ("admin", "mod", "mods", "staff", "official", "support", "editors", "team")
_ASCII_LOOKALIKES = str.maketrans({"0": "o", "1": "l", "I": "l", "|": "l", "$": "s", "@": "a"})
_SEQUENCES = (("rn", "m"), ("vv", "w"), ("cl", "d"))


@lru_cache(maxsize=4096)
def _latin_for(char: str) -> str:
    """The Latin letter (or ASCII character) ``char`` can be mistaken for, else ``char``."""
    found = confusables.is_confusable(char, greedy=False, preferred_aliases=["latin"])
    for glyph in (found[0]["homoglyphs"] if found else []):
        if glyph["c"].isascii():
            return glyph["c"]
    return char


def _fold(text: str) -> str:
    text = "".join(ch if ch.isascii() else _latin_for(ch) for ch in text).translate(_ASCII_LOOKALIKES)
    return unicodedata.normalize("NFKC", text.casefold())


def _squash(text: str) -> str:
    text = "".join(ch for ch in text if ch.isalnum())
    for sequence, letter in _SEQUENCES:
        text = text.replace(sequence, letter)
    return text


def skeleton(name: str) -> str:
    """What ``name`` looks like: equal skeletons are names a reader can take for one another."""
    return _squash(_fold(unicodedata.normalize("NFKC", tidy(name))))


def _word_skeletons(name: str) -> list[str]:
    return [_squash(word) for word in re.split(r"[\W_]+", _fold(unicodedata.normalize("NFKC", tidy(name)))) if word]


def site_voice_problem(name: str) -> str | None:
    """LIKE_THE_SITE when ``name`` looks like the site's staff, moderators or its own name."""
    from django.conf import settings

    whole = skeleton(name)
    site = skeleton(getattr(settings, "QUICKLOOKS_SITE_NAME", "") or "")
    if site and len(site) >= 4 and site in whole:
        return LIKE_THE_SITE
    if any(skeleton(word) in whole for word in RESERVED_ANYWHERE):
        return LIKE_THE_SITE
    words = set(_word_skeletons(name))
    if words & {skeleton(word) for word in RESERVED_WORDS} or whole in {skeleton(word) for word in RESERVED_WORDS}:
        return LIKE_THE_SITE
    return None


def free_variant(name: str, taken_keys) -> str:
    """``name`` with the smallest " 2", " 3"... suffix whose key is not in ``taken_keys``."""
    n = 2
    while True:
        suffix = f" {n}"
        candidate = tidy(name)[: MAX_LENGTH - len(suffix)].rstrip() + suffix
        if name_key(candidate) not in taken_keys:
            return candidate
        n += 1
