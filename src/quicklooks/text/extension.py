"""Lengthening a chosen bullet: give back words its compression cut but the limit allows.

Compression cuts a long sentence at clause and phrase breaks it trusts, and
the Quick Looks selection then picks among those cuts by the words they keep.
A picked cut often stops well short of the word limit ("Bobby Zamora scored
QPR's third goal with an astounding lob." from a sentence that goes on "from
a narrow angle against West Brom"), and the words it left are usually the
next most specific part of the same fact.

Lengthening runs only on bullets already picked, so it never changes which
sentences the box states; it only lets a picked one say more of itself. It
extends the bullet's last kept span up to the word limit, to the longest
point where the sentence could end:

- before punctuation or a function word (a preposition, conjunction or "to"),
  never inside a quote, and never past a comma, semicolon, colon or dash, so
  the bullet does not gain a second clause;
- not after a function word, a verb or an "-ing" word ("... he wanted",
  "... after getting"), nor before "of" ("... left a string"), which would
  leave a phrase open;
- not into a clause that opens with "when", "who", "because" and the like
  unless that clause has its own verb.
"""

from __future__ import annotations

import re

from quicklooks.text.compression import DANGLING, MAX_WORDS, QUOTE_SPANS, Compression
from quicklooks.text.punctuation import tidy_bullet
from quicklooks.text.verbs import has_finite_verb, is_finite_verb
from quicklooks.text.words import count_words

# What may follow the end of a bullet: punctuation, or a word that opens a
# new phrase, so that what is kept is a whole phrase.
_PHRASE_OPENERS = frozenset(
    """
    about above across after against along amid among and around as at because before
    behind below beneath beside between beyond but by despite down during except for from
    if in including inside into like near of off on onto or outside over past per since
    so than that through throughout till to toward towards under unlike until up upon via
    when where whereas whether which while who whom whose with within without
    """.split()
)
# A clause opened by one of these needs its own verb before the bullet may end.
_SUBORDINATORS = frozenset(
    "when while because if who whom whose which that where whereas although though unless whether".split()
)
_DETERMINERS = frozenset("a an the this that these those his her its their our my your".split())
_CLAUSE_SUBJECTS = frozenset("the he she it they we i you his her their its this these those".split())
# After "to", a word is a verb waiting for its object ("decided to take") unless it is
# one of the few places news sends people without an article.
_PLACES_AFTER_TO = frozenset("hospital court prison jail school church work market power office".split())
_STOP_PUNCTUATION = re.compile(r"[,;:!?]|\s(?:--|-|–|—)\s|[—–]")
_TOKEN = re.compile(r"\S+")
_CLOSING = re.compile(r"\s*[.!?…]\s*$")


def lengthen(sentence: str, compression: Compression, max_words: int = MAX_WORDS, *, cased: bool) -> Compression:
    """The longest acceptable extension of ``compression``'s last kept span, or the compression itself.

    ``sentence`` is the text the compression's spans point into.
    """
    room = max_words - compression.words
    if room <= 0 or not compression.kept:
        return compression
    start, end = compression.kept[-1]
    if end >= len(sentence):
        return compression
    shown = compression.text
    if not _CLOSING.search(shown):
        return compression  # the bullet ends in a quote or the like: leave it whole
    protected = [m.span() for m in QUOTE_SPANS.finditer(sentence)]
    spaced = re.search(r"\s[.!?]\W*$", sentence) is not None
    tokens = list(_TOKEN.finditer(sentence, end))
    best = None
    added_words = 0
    for k, token in enumerate(tokens):
        word = token.group()
        if word[:1] in "([{" or word.lower() == "according" or _STOP_PUNCTUATION.fullmatch(f" {word} "):
            break  # an aside or attribution the compression dropped on purpose
        core = word.rstrip(",;:.!?")
        if not core:
            break  # punctuation of its own: the clause ends here
        added_words += count_words(core)
        if added_words > room:
            break
        stop = core != word  # "chokehold," or "window.": the clause ends after this word
        cut = token.start() + len(core)
        if not any(ps < cut < pe for ps, pe in protected):
            following = word[len(core)] if stop else (tokens[k + 1].group() if k + 1 < len(tokens) else ".")
            previous = tokens[k - 1].group().lower() if k else ""
            if _ends_phrase(core, following, previous) and _clauses_complete(sentence[end:cut]):
                best = cut
        if stop:
            break
    if best is None:
        return compression
    added = sentence[end:best]
    text = tidy_bullet(_CLOSING.sub("", shown) + " " + added.strip(), cased, spaced)
    if count_words(text) > max_words:
        return compression
    return Compression(text, compression.kept[:-1] + ((start, best),))


def _ends_phrase(word: str, following: str, previous: str) -> bool:
    """Whether a bullet may end on ``word`` when the sentence goes on with ``following``."""
    lower = word.lower().strip("“”\"'‘’")
    nxt = following.lower()
    if not lower or lower in DANGLING or lower in _PHRASE_OPENERS:
        return False
    if lower.endswith(("'s", "’s")) or nxt in ("'s", "’s", "n't", "'", "’"):
        return False  # a possessive names what comes next
    if is_finite_verb(lower) or previous == "to" and lower not in _PLACES_AFTER_TO:
        return False  # "... he wanted", "... decided to take": the object is missing
    if len(lower) > 4 and lower.endswith("ing") and previous not in _DETERMINERS:
        return False  # "... after getting" ("a string", "the meeting" are nouns)
    if nxt == "of":
        return False  # "a string", "the door": what of is the point
    return nxt in _PHRASE_OPENERS or _STOP_PUNCTUATION.match(nxt) is not None or nxt[:1] in ".!?"


def _clauses_complete(added: str) -> bool:
    """No clause the added words open ("when the door") is left without its verb."""
    words = added.lower().split()
    for k, w in enumerate(words):
        opens = w in _SUBORDINATORS or (
            # "as the technology had become obsolete" is a clause; "as a result" is not.
            w in ("as", "so") and k + 1 < len(words) and words[k + 1] in _CLAUSE_SUBJECTS
        )
        if opens and not has_finite_verb(" ".join(words[k + 1 :])):
            return False
    return True
