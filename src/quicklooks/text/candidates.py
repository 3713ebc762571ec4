"""A unit's bullet candidates, written from its parse, and each bullet's confidence.

:func:`write_candidates` gives every headline-style bullet one unit of a
story can give: its sentence with whole subtrees deleted
(:mod:`quicklooks.text.pruning`) and put in headline style
(:mod:`quicklooks.text.headlines`), or a list's introduction pruned with its
items after it, or, when no safe compression fits, the whole sentence if it
fits and is a clause. Each candidate remembers what was done to write it;
:func:`confidence` turns that into the 0..1 figure a bullet carries.
"""

from __future__ import annotations

from dataclasses import dataclass

from quicklooks.text import pruning
from quicklooks.text.clauses import parse_sentence, tidy
from quicklooks.text.document import Document
from quicklooks.text.headlines import Draft, drafts
from quicklooks.text.pruning import prune, valid
from quicklooks.text.units import Unit
from quicklooks.text.words import count_words

# How much each check costs a bullet's confidence (0..1). Not tuned on any
# score: they order bullets for an editor's review, most changed first.
CONFIDENCE_REMOVED = 0.5  # times the share of the sentence's words deleted
CONFIDENCE_REWRITE = 0.05  # per rewrite of a word (tense, "says")
CONFIDENCE_REFERENCE = 0.15  # a pronoun or "the company" replaced by a name
CONFIDENCE_WHOLE = 0.1  # no safe compression: the sentence as it stands (less headline-like)


@dataclass
class Written:
    """A bullet candidate: its text and what was done to its source to write it."""

    text: str
    rules: tuple[str, ...]
    removed_share: float
    sources: tuple[str, ...]  # texts it is verified against: its unit's, and a reference's sentence
    kept_words: tuple[str, ...]  # the words of the source subtree it keeps
    new_words: tuple[str, ...]  # words it brings in: rewritten forms and resolved names
    closeness: float = 1.0
    draft: Draft | None = None  # the parse it was written from (the label reads it)


def confidence(written: Written) -> float:
    """How sure the engine is of one bullet, from its checks.

    Starts at 1 and loses for what was removed (``CONFIDENCE_REMOVED`` times
    the share of the source's words deleted), for each rewritten word, for a
    resolved reference and for a bullet whose words stray from its source
    subtree (closeness below 1).
    """
    value = 1.0 - CONFIDENCE_REMOVED * written.removed_share
    value -= CONFIDENCE_REWRITE * sum(1 for r in written.rules if r in ("present", "says"))
    value -= CONFIDENCE_REFERENCE * ("reference" in written.rules)
    value -= CONFIDENCE_WHOLE * ("whole" in written.rules)
    value -= 1.0 - written.closeness
    return round(max(0.05, min(1.0, value)), 2)


def write_candidates(document: Document, unit: Unit) -> list[Written]:
    """Every headline-style bullet a unit gives, from its parse, within the word limit."""
    # Read at call time: the benchmark's sweep sets the limit on the module.
    limit = pruning.MAX_WORDS
    first = unit.sentences[0].index
    parse = parse_sentence(document, first)
    sources = tuple(s.text for s in unit.sentences)
    out: list[Written] = []
    if len(unit.sentences) > 1:
        # A list's introduction with its items: the introduction is pruned
        # (its object is the items), the items follow as they stand.
        items = unit.text[len(unit.sentences[0].text.rstrip()) - 1:].strip()
        for candidate in prune(parse, limit - count_words(items)):
            head = candidate.text.rstrip(".:")
            text = tidy(f"{head} {items}")
            if count_words(text) <= limit:
                out.append(Written(text, candidate.rules, candidate.removed_share, sources,
                                   tuple(_kept_words(parse, candidate.kept)) + tuple(items.split()), ()))
        return out
    for draft in drafts(document, parse, limit):
        extra = tuple(document.sentences[k].text for k in draft.antecedents)
        replaced = tuple(w for _, w in draft.replace if w)
        out.append(Written(draft.text, draft.rules, draft.removed_share, sources + extra,
                           tuple(_kept_words(parse, draft.kept)), replaced, draft=draft))
    if not out and count_words(unit.text) <= limit and valid(parse, frozenset(range(len(parse.nodes)))):
        # No safe compression: the whole sentence, when it fits and is a clause.
        out.append(Written(tidy(unit.text), ("whole",), 0.0, sources, tuple(unit.text.split()), ()))
    return out


def _kept_words(parse, kept) -> list[str]:
    return [parse.nodes[k].text for k in sorted(kept)]
