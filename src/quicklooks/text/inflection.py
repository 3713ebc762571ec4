"""lemminflect's English lexicon, looked up once per word.

Compression, labels and the complement rules ask the lexicon about the same
few hundred words for every candidate cut of every sentence; each lookup
walks lemminflect's tables in Python. The answers never change, so they are
kept (a bounded cache: a server reads unbounded text).
"""

from __future__ import annotations

from functools import lru_cache

from lemminflect import getAllInflections, getAllLemmas, getInflection


@lru_cache(maxsize=32768)
def lemmas(word: str, upos: str) -> tuple[str, ...]:
    """The dictionary forms of ``word`` as part of speech ``upos`` ("VERB", "NOUN", "ADJ"); () if unknown."""
    return tuple(getAllLemmas(word, upos=upos).get(upos, ()))


@lru_cache(maxsize=8192)
def inflections(lemma: str, upos: str) -> dict[str, tuple[str, ...]]:
    """Every inflected form of ``lemma`` by Penn tag ("VBD", "VBN", ...). Callers must not change it."""
    return getAllInflections(lemma, upos=upos)


@lru_cache(maxsize=8192)
def inflect(lemma: str, tag: str) -> tuple[str, ...]:
    """``lemma`` in the form of Penn tag ``tag`` ("VBZ": "approves")."""
    return tuple(getInflection(lemma, tag=tag) or ())


def is_base_verb(word: str) -> bool:
    """The bare form of a verb the lexicon knows: "step" of "to step in", not "Ukraine" or "cutting"."""
    lower = word.lower()
    return lower in lemmas(lower, "VERB")


def clear_caches() -> None:
    """Forget every answer (benchmarks time a cold lexicon with this)."""
    for cached in (lemmas, inflections, inflect, dictionary_form):
        cached.cache_clear()


@lru_cache(maxsize=32768)
def dictionary_form(word: str) -> str:
    """The lower-case word's lemma, a verb's before a noun's ("strikes" -> "strike", "struck" -> "strike").

    The one word-folding rule for comparing a bullet with its story: a word
    the lexicon does not know stays as given.
    """
    for upos in ("VERB", "NOUN", "ADJ", "ADV"):
        found = lemmas(word, upos)
        if found:
            return found[0]
    return word
