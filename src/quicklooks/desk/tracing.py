"""Tracing a Quick Looks bullet back to the Deep Look, for the desk's editor.

The tracing itself is pure text code and lives in the text core
(:mod:`quicklooks.text.tracing`): a bullet's numbers, names, quotes and other
content words are checked against the Deep Look, and the sentences that most
likely state it are found. The desk reads it through this module.
"""

from __future__ import annotations

from quicklooks.text.tracing import (
    BulletWarning,
    check_against_deep_look,
    checkable,
    from_problem,
    likely_sources,
    stem,
    unsupported_words,
)

__all__ = [
    "BulletWarning",
    "check_against_deep_look",
    "checkable",
    "from_problem",
    "likely_sources",
    "stem",
    "unsupported_words",
]
