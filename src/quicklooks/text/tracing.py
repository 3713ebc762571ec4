"""Tracing a Quick Looks bullet back to the Deep Look.

quicklooks promises that every Quick Looks bullet can be traced to the Deep
Look. A generated bullet carries the spans of the sentences it states; a
bullet written or rewritten by hand may carry none (added by hand), or lose
them when the sentence they pointed at was edited away. Those bullets are
checked here against the whole Deep Look:

* its numbers, capitalised names and quoted phrases must occur somewhere in the
  Deep Look (the text core's ``check_bullet`` against the Deep Look's sentences);
* its other content words ("martial law", "collapsed") must occur there too, so
  a claim with no name or number in it is not waved through;
* the sentence(s) that most likely support it are found, so the editor can
  compare the two; they are shown as a guess and never stored as its spans;
* a bullet with no number, name or quotation in it cannot be checked by
  machine, and says so: it needs an editor's eye.

The functions read a :class:`~quicklooks.text.document.Document` (the Deep
Look's analysis) or, where only sentences matter, the sentences themselves;
the desk's editor (``quicklooks.desk.tracing``) is a thin caller.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from collections.abc import Sequence

from quicklooks.text.document import Document
from quicklooks.text.inflection import dictionary_form
from quicklooks.text.sentences import Sentence
from quicklooks.text.units import content_words
from quicklooks.text.verification import Problem, check_bullet

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_NUMBER = re.compile(r"\d")
_QUOTE_MARKS = ("“", "”", '"', "‘")


@dataclass(frozen=True)
class BulletWarning:
    """One thing about a bullet the editor must check: ``kind`` is number, name, quote, words, unchecked or empty."""

    kind: str
    token: str
    message: str


def stem(word: str) -> str:
    """The word's dictionary form, so 'killing' meets 'killed' and 'declares' meets 'declared'.

    A verb's lemma wins over a noun's, so 'strikes' meets 'struck'
    (:func:`quicklooks.text.inflection.dictionary_form`).
    """
    word = word.lower()
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    return dictionary_form(word)


def _stems(text: str) -> set[str]:
    return {stem(w) for w in content_words(text)}


def from_problem(problem: Problem, where: str) -> BulletWarning:
    """The text core's problem, worded for what the bullet was checked against."""
    messages = {
        "number": f"The number {problem.token} is not in {where}. Use the figure exactly as the story gives it.",
        "name": f"“{problem.token}” is not in {where}. Name only people, places and organisations the story names, spelled the same way.",
        "quote": f"The quoted words “{problem.token}” are not in {where}. Quote word for word, or drop the quotation marks and paraphrase.",
    }
    if problem.kind == "quote" and problem.token == "“":
        return BulletWarning(problem.kind, problem.token, problem.message)
    return BulletWarning(problem.kind, problem.token, messages.get(problem.kind, problem.message))


def _text(deep_look: Document | str) -> str:
    return deep_look.text if isinstance(deep_look, Document) else deep_look


def _sentences(deep_look: Document | Sequence[Sentence]) -> Sequence[Sentence]:
    return deep_look.sentences if isinstance(deep_look, Document) else deep_look


def unsupported_words(bullet: str, deep_look: Document | str) -> list[BulletWarning]:
    """Content words of ``bullet`` (names and numbers aside: those are checked exactly) found nowhere in ``deep_look``.

    Neighbouring unsupported words are reported together as the phrase the
    editor wrote ("martial law", "collapsed into the sea").
    """
    known = _stems(_text(deep_look))
    phrases: list[list[str]] = []
    run: list[str] = []  # the current phrase, possibly ending in small words
    first = True
    for match in _WORD.finditer(bullet):
        word = match.group()
        is_first, first = first, False
        folded = content_words(word)
        if not folded:  # a small word: it joins a phrase only if an unsupported word follows
            if run:
                run.append(word)
            continue
        is_name = word[0].isupper() and not is_first
        supported = is_name or _NUMBER.search(word) or stem(folded[0]) in known
        if supported:
            if run:
                phrases.append(run)
            run = []
        else:
            run.append(word)
    if run:
        phrases.append(run)
    found = []
    for words in phrases:
        while words and not content_words(words[-1]):
            words.pop()  # "martial law in" → "martial law"
        if words:
            found.append(f"“{' '.join(words)}”")
    if not found:
        return []
    listed = found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]
    verb = "is" if len(found) == 1 else "are"
    return [
        BulletWarning(
            "words",
            listed,
            f"{listed} {verb} not in the Deep Look. Check the bullet says only what the story says, or add it to the Deep Look first.",
        )
    ]


def checkable(bullet: str) -> bool:
    """True when the bullet has a number, a capitalised name or a quotation that can be matched exactly."""
    if _NUMBER.search(bullet) or any(mark in bullet for mark in _QUOTE_MARKS):
        return True
    words = _WORD.findall(bullet)
    return any(w[0].isupper() for w in words[1:])


def likely_sources(bullet: str, deep_look: Document | Sequence[Sentence], *, most: int = 3) -> list[Sentence]:
    """The sentence(s) that most likely state ``bullet``: most shared content words, and together holding its numbers and names.

    Empty when no sentence shares a content word with the bullet.
    """
    sentences = _sentences(deep_look)
    wanted = _stems(bullet)
    if not wanted or not sentences:
        return []
    facts = {w for w in content_words(bullet) if _NUMBER.search(w)} | {
        stem(w) for w in _WORD.findall(bullet)[1:] if w[0].isupper() and content_words(w)
    }
    stems_of = [_stems(s.text) for s in sentences]

    def score(k: int, missing: set[str]) -> tuple[int, int, int]:
        return (len(missing & stems_of[k]), len(wanted & stems_of[k]), -k)

    best = max(range(len(sentences)), key=lambda k: score(k, facts))
    if not wanted & stems_of[best]:
        return []
    chosen = [best]
    missing = facts - stems_of[best]
    while missing and len(chosen) < most:
        k = max((k for k in range(len(sentences)) if k not in chosen), key=lambda k: score(k, missing), default=None)
        if k is None or not missing & stems_of[k]:
            break
        chosen.append(k)
        missing -= stems_of[k]
    return [sentences[k] for k in sorted(chosen)]


def check_against_deep_look(
    bullet: str, deep_look: Document | str, sentences: Sequence[Sentence] | None = None
) -> tuple[list[BulletWarning], list[Sentence]]:
    """Warnings for a bullet with no source sentence of its own, and the sentence(s) that likely support it.

    ``deep_look`` is the Deep Look's Document; a caller holding only its text
    passes the text and its sentences.
    """
    if sentences is None:
        if not isinstance(deep_look, Document):
            raise TypeError("check_against_deep_look() needs the Deep Look's Document, or its text and sentences")
        sentences = deep_look.sentences
    if not bullet.strip():
        return [BulletWarning("empty", "", "The bullet is empty. Write one fact, or drop the bullet.")], []
    warnings = [from_problem(p, "the Deep Look") for p in check_bullet(bullet, [s.text for s in sentences])]
    warnings += unsupported_words(bullet, _text(deep_look))
    likely = likely_sources(bullet, sentences) if not warnings else []
    if not warnings and not checkable(bullet):
        warnings.append(
            BulletWarning(
                "unchecked",
                "",
                "This bullet has no number, name or quotation to match, so it cannot be checked automatically. "
                "It needs an editor's eye: read it against the Deep Look"
                + (" (the likely source is shown)." if likely else "."),
            )
        )
    elif not warnings and not likely:
        warnings.append(
            BulletWarning("unchecked", "", "No sentence in the Deep Look states this bullet. Link it to the sentence it states, or rewrite it.")
        )
    return warnings, likely
