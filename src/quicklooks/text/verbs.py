"""Finite verbs, recognised without a tagger.

A Quick Looks bullet must state something, so compression refuses a cut that
leaves no finite verb ("Flintoff, speaking at the launch."), and the label
writer needs the verb to turn a bullet into a headline. A part-of-speech
tagger would need a model; closed lists of auxiliaries and irregular forms
plus the regular -ed ending are enough for both jobs, and run in
microseconds on every candidate cut.
"""

from __future__ import annotations

import re

from quicklooks.text import vocabulary as vocab

# A cut that keeps only the subject ("A mum who says she felt like a rabbit in
# headlights", "The victory of a former general, Muhammadu Buhari") states no
# fact. Without a tagger, a finite verb is recognised by closed lists and the
# -ed ending; a verb inside a who/which clause belongs to the subject.
_FINITE_VERBS = vocab.words("finite_verbs")
# Irregular past tenses that are never nouns, beyond the ones above: with
# the -ed ending they tell "the storm surge swept" ends on a verb. Not in
# _FINITE_VERBS, whose list decides whether a cut states anything at all.
IRREGULAR_PAST = vocab.words("irregular_past")
# Four letters are enough for the -ed ending ("died", "used", "owed"); these
# words end in -ed and are not verbs, or are rarely finite ones in news.
_ED_NOT_VERB = vocab.words("ed_not_verbs")
# A relative clause runs to its closing comma ("The country, which has carried
# out 15 executions, has vowed ..."), or to the end when nothing closes it.
# "that" opens a restrictive clause, which no comma sets off, so it is no aside.
_RELATIVE_TAIL = re.compile(
    r"\b(?:%s)\b[^,;:—–]*" % "|".join(sorted(vocab.words("relative_words") - {"that"})), re.IGNORECASE
)
_TOKEN_WORDS = re.compile(r"[\w']+")


def is_finite_verb(word: str) -> bool:
    """Whether a word reads as a finite verb (closed lists and the -ed ending)."""
    word = word.lower().replace("’", "'")
    if word in _FINITE_VERBS or (len(word) > 3 and word.endswith("ed") and word not in _ED_NOT_VERB):
        return True
    # "isn't", "they're": a contracted auxiliary ("'s" is as often a possessive).
    return word[:1].isalpha() and word.endswith(("n't", "'re", "'ve", "'ll", "'d"))


def has_finite_verb(text: str) -> bool:
    """Whether the text has a finite verb outside who/which clauses."""
    # Runs on every sentence compressed and every cut tried: one findall and
    # a set test do most of the work in C.
    words = _TOKEN_WORDS.findall(_RELATIVE_TAIL.sub("", text).lower().replace("’", "'"))
    if not _FINITE_VERBS.isdisjoint(words):
        return True
    return any(
        (len(w) > 3 and w.endswith("ed") and w not in _ED_NOT_VERB)
        or (w.endswith(("n't", "'re", "'ve", "'ll", "'d")) and w[:1].isalpha())
        for w in words
    )
