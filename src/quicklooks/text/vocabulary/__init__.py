"""Every word list the text core reads, kept once, as data.

Each list is a text file in this folder: ``NAME.txt`` holds lower-case words
separated by spaces or line breaks, after ``#`` comment lines that say what
the list is for (``organisation_names.txt`` and ``identifier_words.txt`` keep their case); ``boilerplate.txt``
holds a phrase a line (read with :func:`phrases`). ``verbs.txt`` is
a table: a row per verb lemma with its complement types, its speech forms
and its claim forms; ``number_words.txt`` is a table of number words and
their values, ``reporting_stems.txt`` one of word stems and the headline
verbs they give (see each file's header).

The engines read the lists through this module, never their own copies, so
quotes, figures, entities, Quick Looks and the topic comparison agree on what
a speech verb, a title or a stopword is. Every answer is cached: a list is
read once per process. A list that is missing or damaged raises
:class:`VocabularyError` naming the file and line, and the package to
reinstall.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

Complement = Literal["that", "to", "quote", "oblique"]
COMPLEMENTS: frozenset[str] = frozenset(("that", "to", "quote", "oblique"))
# The files that are tables, not word lists.
TABLES: frozenset[str] = frozenset(("verbs", "number_words", "reporting_stems"))
# The word lists that keep their case: names, and words whose capital is the signal
# ("Route 66" names a road; "route" in running text does not).
CASED_LISTS: frozenset[str] = frozenset(("organisation_names", "identifier_words"))
# The files that hold a phrase a line, read with phrases().
PHRASE_LISTS: frozenset[str] = frozenset(("boilerplate", "clock_words"))


class VocabularyError(RuntimeError):
    """A word list shipped with quicklooks is missing or damaged."""


@dataclass(frozen=True)
class Verb:
    lemma: str
    complements: frozenset[str]  # "that", "to", "quote", "oblique"
    speech: tuple[str, ...]  # forms that attribute words to someone ("said", "says")
    claim: tuple[str, ...]  # forms that make their subject a number's source ("counted")


def _read(name: str) -> list[tuple[int, str]]:
    """(line number, line) for every non-comment, non-blank line of ``name``."""
    try:
        text = resources.files(__package__).joinpath(name).read_text("utf-8")
    except FileNotFoundError as error:
        raise VocabularyError(
            f"The word list {name} is missing from {__package__}. Reinstall the quicklooks "
            "package (pip install --force-reinstall quicklooks)."
        ) from error
    except UnicodeDecodeError as error:
        raise VocabularyError(
            f"The word list {name} in {__package__} is not UTF-8 text ({error}). Reinstall the "
            "quicklooks package (pip install --force-reinstall quicklooks)."
        ) from error
    return [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]


def names() -> list[str]:
    """The names of every word list (``verbs`` is the verb table)."""
    return sorted(
        entry.name[: -len(".txt")]
        for entry in resources.files(__package__).iterdir()
        if entry.name.endswith(".txt")
    )


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The words of the list ``name`` ("stopwords", "titles", ...)."""
    if name in TABLES:
        raise VocabularyError(f"{name}.txt is a table; read it with vocabulary.{name}().")
    if name in PHRASE_LISTS:
        raise VocabularyError(f"{name}.txt holds phrases; read it with vocabulary.phrases({name!r}).")
    return frozenset(word for _, line in _read(f"{name}.txt") for word in line.split())


@lru_cache(maxsize=None)
def phrases(name: str) -> tuple[str, ...]:
    """The phrases of the list ``name`` ("boilerplate"), one a line, in file order."""
    if name not in PHRASE_LISTS:
        raise VocabularyError(f"{name}.txt is not a phrase list; read it with vocabulary.words({name!r}).")
    return tuple(" ".join(line.split()) for _, line in _read(f"{name}.txt"))


@lru_cache(maxsize=1)
def verbs() -> dict[str, Verb]:
    """The verb table by lemma."""
    table: dict[str, Verb] = {}
    for number, line in _read("verbs.txt"):
        fields = [f.strip() for f in line.split("|")]
        if len(fields) != 4:
            raise VocabularyError(
                f"verbs.txt line {number}: expected 4 fields 'lemma | complements | speech forms | "
                f"claim forms', found {len(fields)}. Reinstall the quicklooks package."
            )
        lemma, complements, speech, claim = (() if f == "-" else tuple(f.split()) for f in fields)
        unknown = set(complements) - COMPLEMENTS
        if len(lemma) != 1 or unknown:
            raise VocabularyError(
                f"verbs.txt line {number}: a row needs one lemma and complements from "
                f"{sorted(COMPLEMENTS)} (found {' '.join(lemma) or 'no lemma'}"
                f"{', unknown ' + ', '.join(sorted(unknown)) if unknown else ''}). Reinstall the quicklooks package."
            )
        table[lemma[0]] = Verb(lemma[0], frozenset(complements), speech, claim)
    return table


@lru_cache(maxsize=1)
def speech_verbs() -> frozenset[str]:
    """Every form that attributes words to someone: "said", "says", "told", "warned"."""
    return frozenset(form for verb in verbs().values() for form in verb.speech)


@lru_cache(maxsize=1)
def claim_verbs() -> frozenset[str]:
    """Speech forms and the forms that, before a number, make their subject its source."""
    return speech_verbs() | frozenset(form for verb in verbs().values() for form in verb.claim)


@lru_cache(maxsize=None)
def lemmas_taking(complement: Complement) -> frozenset[str]:
    """The lemmas of verbs that take a ``complement`` ("that", "to", "quote" or "oblique")."""
    if complement not in COMPLEMENTS:
        raise ValueError(f"Unknown complement {complement!r}; use one of {sorted(COMPLEMENTS)}.")
    return frozenset(lemma for lemma, verb in verbs().items() if complement in verb.complements)


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Titles before a name, lower case, abbreviations with their full stop: "president", "gov."."""
    return words("titles") | frozenset(f"{a}." for a in words("title_abbreviations"))


@lru_cache(maxsize=1)
def honorifics() -> frozenset[str]:
    """Titles that say nothing of a job, with their full stop: "mr.", "dr."."""
    return frozenset(f"{h}." for h in words("honorifics"))


@lru_cache(maxsize=1)
def time_words() -> frozenset[str]:
    """Words that name a time: days, months, parts of the day, calendar units."""
    return words("time_words") | words("weekdays") | words("months")


_NUMBER_KINDS = ("unit", "ten", "scale", "short_scale")


@lru_cache(maxsize=1)
def number_words() -> dict[str, dict[str, int]]:
    """Number words by kind ("unit", "ten", "scale", "short_scale"): word -> value, in file order."""
    table: dict[str, dict[str, int]] = {kind: {} for kind in _NUMBER_KINDS}
    for number, line in _read("number_words.txt"):
        fields = line.split()
        if len(fields) != 3 or fields[0] not in table or not fields[2].isdigit():
            raise VocabularyError(
                f"number_words.txt line {number}: expected 'kind word value' with kind one of "
                f"{', '.join(_NUMBER_KINDS)}, found {line!r}. Reinstall the quicklooks package."
            )
        table[fields[0]][fields[1]] = int(fields[2])
    return table


@lru_cache(maxsize=1)
def reporting_stems() -> tuple[tuple[str, str], ...]:
    """(stem, headline verb) pairs, in file order: ("warn", "warns"), ("said", "says")."""
    rows = []
    for number, line in _read("reporting_stems.txt"):
        fields = line.split()
        if len(fields) != 2 or line != line.lower():
            raise VocabularyError(
                f"reporting_stems.txt line {number}: expected 'stem verb' in lower case, found {line!r}. "
                "Reinstall the quicklooks package."
            )
        rows.append((fields[0], fields[1]))
    return tuple(rows)
