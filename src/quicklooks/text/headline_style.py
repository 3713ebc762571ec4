"""How a Quick Looks label is written: 3–6 words, in a headline's title case.

Shared by every writer of labels (:mod:`quicklooks.text.labels`,
:mod:`quicklooks.text.parsed_labels`, :mod:`quicklooks.text.short_headlines`)
and by the Quick Looks engine, which title-cases a fallback noun phrase.
"""

from __future__ import annotations

from quicklooks.text import vocabulary as vocab

MIN_WORDS = 3
MAX_WORDS = 6

# Words a title-case headline keeps lower case inside it, and that never end a label.
SMALL_WORDS = vocab.words("small_words")
# Where a label's phrase stops: a preposition, conjunction or clause opener,
# but not "of", which completes its noun ("Wave of Attacks"; compression keeps
# an of-phrase for the same reason), nor a particle, which completes its verb
# ("Turns Down", "Steps Up").
PHRASE_STOPS = (
    vocab.words("prepositions") | vocab.words("coordinators") | vocab.words("subordinators")
    | vocab.words("relative_words")
) - {"of"} - vocab.words("phrasal_particles")
# A time is when, not what happened: "Meet on Thursday" ends at "Meet".
TIME_WORDS = vocab.words("time_words") | vocab.words("weekdays")


def title_case(words: list[str]) -> str:
    """The words joined in headline title case: "Putin Warns Foreign Troops in Ukraine".

    A word's first letter is raised and the rest left as written ("FEMA"
    stays); the small words stay lower case after the first.
    """
    titled = []
    for k, w in enumerate(words):
        if k and w.lower() in SMALL_WORDS:
            titled.append(w.lower())
        elif w[:1].isalpha():
            titled.append(w[:1].upper() + w[1:])
        else:
            titled.append(w)
    return " ".join(titled)
