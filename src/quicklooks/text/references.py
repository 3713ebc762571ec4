"""Dangling references in a bullet, resolved to the names the story gave them.

A bullet stands alone in the Quick Looks box: "He warned residents ..." or
"The company cut its forecast" leaves the reader asking who. A subject
pronoun ("he", "she") is resolved to the surname of the last person the
story named before the sentence; a definite description of an organisation
("the company", "the firm") to the last organisation's name. Only subjects
are resolved, and only to a name of the right kind: anything less sure is
left as it is, and the bullet is then refused for opening with a bare pronoun.
"""

from __future__ import annotations

from dataclasses import dataclass

from quicklooks.text import vocabulary
from quicklooks.text.document import Document, Name

PERSON_PRONOUNS = frozenset("he she".split())
# Nouns that, after "the", stand for an organisation the story has named.
ORGANISATION_NOUNS = vocabulary.words("organisation_nouns")
# How far back (in sentences) an antecedent may be: beyond a few sentences a
# pronoun may point at someone named since whom the reader has met others.
REACH = 4


@dataclass(frozen=True)
class Reference:
    text: str  # what the reference becomes ("Macron", "Norvell Foods")
    sentence: int  # the sentence that names it (a source for verification)


def resolve(document: Document, sentence: int, word: str, noun: str = "") -> Reference | None:
    """The name a subject ``word`` ("he") or "the ``noun``" ("the company") refers to, or None."""
    lower = word.lower()
    if lower in PERSON_PRONOUNS:
        kind = "person"
    elif lower == "the" and noun.lower() in ORGANISATION_NOUNS:
        kind = "organization"
    else:
        return None
    start = document.sentences[sentence].start
    earliest = document.sentences[max(0, sentence - REACH)].start
    found: Name | None = None
    for name in document.names:
        if name.kind == kind and earliest <= name.start and name.end <= start:
            found = name
    if found is None:
        return None
    text = found.text.strip()
    if kind == "person" and text.split()[-1].lower() in vocabulary.words("organisation_words"):
        return None  # "Norvell Foods" read as a person: "he" cannot be it
    if kind == "person":
        text = text.split()[-1]  # headlines name people by surname
    if not text or not any(ch.isalpha() for ch in text):
        return None
    at = document.sentence_at(found.start)
    return Reference(text, at.index if at is not None else sentence)
