"""Reading a story's Document into units, the candidates for Quick Looks bullets.

A unit is one sentence, or a list's introduction with its items ("Russian
forces launched:" + "- 157 strike and decoy drones" + "- 7 missiles ..."
become one unit that can state "Russian forces launched 157 strike and decoy
drones and 7 missiles"). Subheads are not units: they open sections. Each
unit carries how fit it is to be a bullet at all (boilerplate 0; quotes,
questions and pronoun openers less) and its content words, crudely folded so
"drones" meets "drone" and "Putin’s" meets "Putin".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quicklooks.text import vocabulary as vocab
from quicklooks.text.document import Document
from quicklooks.text.pruning import MAX_WORDS
from quicklooks.text.sentences import Sentence

_LIST_MARK = re.compile(r"^(?:[-*•–]|\d{1,3}[.)])\s+")
_TERMINAL = re.compile(r"[.!?…:;][\"”’')\]]*$")
_BOILERPLATE_RE = re.compile("|".join(re.escape(phrase) for phrase in vocab.phrases("boilerplate")))
_BYLINE = re.compile(r"^by\s*\.|^\W*\d+\s*\W*$", re.IGNORECASE)
_QUOTE_OPEN = re.compile(r"^\W{0,2}(?:“|\"|‘|')")
_QUOTE_CLOSE = re.compile(r"[.!?,]\s*(?:”|\"|')\s*[.]?$")
# A sentence that opens with a pronoun or demonstrative points back to one before it.
_PRONOUN_OPEN = re.compile(
    r"^\W*(?:" + "|".join(sorted(vocab.words("pronouns") | vocab.words("demonstratives"), key=lambda w: (-len(w), w)))
    + r")\b",
    re.IGNORECASE,
)


@dataclass
class Unit:
    """A candidate fact: one sentence, or a list's introduction with its items."""

    order: int  # position among units, in story order
    section: int  # 0 before the first subhead, then one more per subhead
    section_order: int  # position within its section
    sentences: tuple[Sentence, ...]
    text: str  # the unit's text (a list's introduction joined to its items)
    weight: float = 1.0  # how fit the unit is to be a bullet at all, 0..1
    words: frozenset[str] = field(default_factory=frozenset)
    names: frozenset[str] = field(default_factory=frozenset)  # content words of the names it holds


def read_units(document: Document) -> list[Unit]:
    """Group the document's sentences into candidate units; subheads open sections.

    Blocks come from the story parser (or the plain-text reader in
    :func:`quicklooks.text.document.analyse`): a subhead is never a unit, and
    a list introduction ending in ":" is one unit with the items that
    continue it ("Russian forces launched:" + "- 157 strike and decoy drones").
    """
    units: list[Unit] = []
    sentences = document.sentences
    section = 0
    section_order = 0
    i = 0
    while i < len(sentences):
        s = sentences[i]
        kind = document.block_of(s).kind
        if kind == "subhead":
            if units:
                section += 1
                section_order = 0
            i += 1
            continue
        group = [s]
        body = s.text
        if s.text.rstrip().endswith(":"):
            items = []
            j = i + 1
            while j < len(sentences) and document.block_of(sentences[j]).kind == "item":
                item = sentences[j].text.strip()
                if not item[:1].islower() and not item[:1].isdigit():
                    break
                items.append(item.rstrip(".;"))
                group.append(sentences[j])
                j += 1
            if items:
                body = s.text.rstrip()[:-1] + " " + " and ".join(items) + "."
                i = j - 1
        i += 1
        lower = body.lower()
        tokens = _WORD_RE.findall(lower)
        weight = _fitness(body, lower, len(tokens))
        if weight <= 0:
            continue
        names = frozenset(
            f for name in document.names_in(group[0].start, group[-1].end)
            for f in _content(_WORD_RE.findall(name.text.lower()))
        )
        units.append(
            Unit(
                order=len(units),
                section=section,
                section_order=section_order,
                sentences=tuple(group),
                text=body,
                weight=weight,
                words=frozenset(_content(tokens)),
                names=names,
            )
        )
        section_order += 1
    return units


# A sentence shorter than a bullet is seldom the story's news: news states its
# facts in full sentences, and the short ones are the transitions, kickers,
# asides and pieces of quotes around them. Such a unit weighs
# (words / MAX_WORDS) ** SHORT_UNIT_EXPONENT: a 4-word sentence half, a
# 12-word one 0.87. (bench/quicklooks_rouge.py --sweep shows how the
# benchmark moves with the exponent.)
SHORT_UNIT_EXPONENT = 0.5


def _fitness(body: str, lower: str, words: int) -> float:
    """How fit a unit is to become a bullet: 0 for boilerplate, less for quotes and questions.

    ``lower`` is the body lower-cased and ``words`` its word count (the caller
    has both from its one scan of the body).
    """
    if words < 4:
        return 0.0
    # Boilerplate ("scroll down for video", "click here for ...") comes in short lines.
    if words <= 30:
        if _BOILERPLATE_RE.search(lower) or _BYLINE.match(lower):
            return 0.0
    weight = 1.0
    if words < MAX_WORDS:
        weight *= (words / MAX_WORDS) ** SHORT_UNIT_EXPONENT
    if body.endswith(":") or body.rstrip("”\"' ").endswith("?"):
        weight *= 0.3
    if _QUOTE_OPEN.match(body) or _closes_unopened_quote(body):
        # A quote, or the end of one the splitter cut into sentences: a voice,
        # not a fact the story states.
        weight *= 0.5
    if _PRONOUN_OPEN.match(body):
        weight *= 0.8
    return weight


def _closes_unopened_quote(body: str) -> bool:
    """True for the last sentence of a quote the splitter cut up ("... box . '")."""
    if not _QUOTE_CLOSE.search(body):
        return False
    tokens = body.split()
    return (
        body.count("“") < body.count("”")
        or body.count('"') % 2 == 1
        or tokens.count("'") % 2 == 1
    )


# --- content words ----------------------------------------------------------------

_STOPWORDS = vocab.words("stopwords") | vocab.words("common_news_words")
_WORD_RE = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def content_words(text: str) -> list[str]:
    """Lower-cased words that carry content, crudely folded so 'drones' meets 'drone'."""
    return _content(_WORD_RE.findall(text.lower()))


def _content(tokens: list[str]) -> list[str]:
    """The content words among lower-cased word tokens, folded."""
    folded = _FOLDED
    out = []
    for w in tokens:
        f = folded.get(w)
        if f is None:
            f = _fold(w)
            if len(folded) < _FOLDED_MAX:
                folded[w] = f
        if f:
            out.append(f)
    return out


def _fold(w: str) -> str:
    """The content form of one lower-cased word; '' for a stopword.

    One of the text core's three folds, kept on purpose. similarity.fold
    (which also folds "-ies" and four-letter plurals) must stay as it is for
    the topic terms already stored, and moves the sample's Quick Looks box and
    three others when used here (tried on the 100 pinned documents);
    inflection.dictionary_form costs a lexicon lookup per word and folds
    "struck" to "strike", which redundancy and tracing were not tuned for.
    """
    if w.endswith(("'s", "’s")):
        w = w[:-2]  # "Putin’s warning" is about Putin
    if w in _STOPWORDS or (len(w) < 2 and not w.isdigit()):
        return ""
    if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


# Every story repeats its words: fold each once. The cap keeps a long-running
# worker's memory bounded whatever it reads.
_FOLDED: dict[str, str] = {}
_FOLDED_MAX = 200_000
