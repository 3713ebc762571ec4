"""The fact extractors' view of the vocabulary: speech verbs, titles, names.

The words themselves live once, as data, in :mod:`quicklooks.text.vocabulary`;
this module names the sets quotes, figures and entities read, and builds the
regex alternations they scan with. All entries are lower case unless noted.
"""

from __future__ import annotations

from quicklooks.text import vocabulary as vocab

# Forms that attribute words to someone ("said", "says"); "according to" is
# handled by the callers as a phrase.
SPEECH_VERBS = vocab.speech_verbs()
# Forms that, before a number, make their subject the number's source.
CLAIM_VERBS = vocab.claim_verbs()
# Titles before a name ("president", "gov.").
TITLES = vocab.titles()
# Lower-case role nouns ("Kremlin spokesperson Dmitry Peskov", "a city engineer").
ROLE_NOUNS = vocab.words("role_nouns")
# Words that make a capitalised name an organisation ("Defense Ministry").
ORG_WORDS = vocab.words("organisation_words")
# Organisations known by one capitalised word (case as written).
ORG_NAMES = vocab.words("organisation_names")
# Capitalised words that are never part of a person's name.
NOT_NAME_WORDS = vocab.words("not_name_words")
# Words between capitalised words that a name may span ("Bank of England").
NAME_PARTICLES = vocab.words("name_particles")
# Place words after a name that make it a place ("the Novhorod-Siversk district").
PLACE_WORDS = vocab.words("place_words")
# Titles that say nothing about a job; an apposition after the name does.
HONORIFICS = vocab.honorifics()
MONTHS = vocab.words("months") | vocab.words("month_abbreviations")
# "Russian", "Ukrainian", "French": adjectives of nationality, never names.
DEMONYMS = vocab.words("demonyms")


def is_demonym(word: str) -> bool:
    """True for 'Russian', 'French', 'Ukrainian': nationality adjectives."""
    lower = word.lower()
    return lower in DEMONYMS


def trie_pattern(words) -> str:
    """An alternation that branches letter by letter ("sa(?:id|ys?)").

    Python's regex engine tries a flat alternation word by word at every
    offset; the trie fails after one letter, which makes scans several times
    faster. Wrap it in word boundaries: "say" alone also matches inside "says".
    """
    heads: dict[str, list[str]] = {}
    for word in words:
        heads.setdefault(word[:1], []).append(word[1:])
    parts = []
    for head, tails in sorted(heads.items()):
        if not head:
            continue
        inner = trie_pattern(tails)
        optional = "?" if "" in tails else ""
        parts.append(head + (f"(?:{inner}){optional}" if inner else ""))
    return "|".join(parts)


SPEECH_VERB_PATTERN = trie_pattern(SPEECH_VERBS)
CLAIM_VERB_PATTERN = trie_pattern(CLAIM_VERBS)
