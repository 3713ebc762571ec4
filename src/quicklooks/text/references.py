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

from collections import OrderedDict
from dataclasses import dataclass

from quicklooks.text import vocabulary
from quicklooks.text.attribution import find_attributions
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


def resolve(document: Document, sentence: int, word: str, noun: str = "", at: int | None = None) -> Reference | None:
    """The name a subject ``word`` ("he") or "the ``noun``" ("the company") refers to, or None.

    ``at`` is the pronoun's offset in the text. A pronoun that is the source
    of an attribution ("…,” he said") gets the speaker who-said-what gives it
    (:mod:`.attribution`, whose resolver weighs subjecthood, gender and who
    spoke last), so the Quick Looks box and the story's "Who said what" panel
    never name two different people for one "he". Any other is the last
    person the story named.
    """
    lower = word.lower()
    if at is not None and lower in PERSON_PRONOUNS:
        spoken = _spoken(document, at)
        if spoken is not None:
            return spoken
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


def _spoken(document: Document, at: int) -> Reference | None:
    """The speaker of the attribution whose source is the pronoun at ``at``, as a headline names them."""
    speaker = _speakers(document).get(at)
    if not speaker:
        return None
    person = None
    for name in document.names:
        if name.start >= at:
            break
        if name.kind == "person" and name.text.split()[-1] == speaker.split()[-1]:
            person = name
    if person is None:
        return None  # who-said-what names someone the recogniser did not: left as it is
    found = document.sentence_at(person.start)
    return Reference(speaker.split()[-1], found.index if found is not None else 0)


# The speakers of the last few documents' attributions, by their sources' offsets: Quick Looks
# asks for one pronoun at a time, and an analysis of who said what costs a pass over the story.
_SPEAKERS: "OrderedDict[int, tuple[Document, dict[int, str]]]" = OrderedDict()
_SPEAKER_DOCUMENTS = 16


def _speakers(document: Document) -> dict[int, str]:
    entry = _SPEAKERS.get(id(document))
    if entry is not None and entry[0] is document:
        _SPEAKERS.move_to_end(id(document))
        return entry[1]
    found = {a.source_start: a.speaker for a in find_attributions(document)
             if a.source_start is not None and a.speaker and a.source and a.source.lower() in PERSON_PRONOUNS}
    _SPEAKERS[id(document)] = (document, found)
    while len(_SPEAKERS) > _SPEAKER_DOCUMENTS:
        _SPEAKERS.popitem(last=False)
    return found
