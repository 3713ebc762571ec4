"""Which candidates become a story's bullets: word weights, redundancy and the lazy greedy pick.

:func:`choose` picks bullets that together cover the most weight of the
story's words (see :func:`concept_weights`): the lead fact first, then one
bullet per section, then greedily, never two that state one fact. A
:class:`Scorer` says when two bullets state one fact (shared words, or
sentence embeddings in the semantic mode) and how a unit's centrality scales
its value.
"""

from __future__ import annotations

import heapq
import math
import re
from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass

from quicklooks.text import pruning
from quicklooks.text import vocabulary as vocab
from quicklooks.text.candidates import Written, write_candidates
from quicklooks.text.clauses import parse_sentence
from quicklooks.text.document import Document
from quicklooks.text.units import Unit, content_words
from quicklooks.text.verification import check_bullet, check_rewrite


class Scorer(ABC):
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


class LexicalScorer(Scorer):
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
        return overlap >= REDUNDANT_OVERLAP


# Two bullets state one fact when this share of the shorter one's content
# words is in the other (bench/quicklooks_rouge.py --sweep records the dev
# scores for other shares).
REDUNDANT_OVERLAP = 0.6


class SemanticScorer(Scorer):
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


@dataclass
class Candidate:
    unit: Unit
    written: Written
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
    # Summed in a plain dict: a Counter's missing key costs a Python call
    # (__missing__) per new word. Same order of keys and of additions.
    sums: dict[str, float] = {}
    names: set[str] = set()
    for u in units:
        prior = position_prior(u)
        names.update(u.names)
        for w in u.words:
            sums[w] = sums.get(w, 0) + prior
    weights: Counter = Counter(sums)
    if weights:
        floor = figure_share * max(weights.values())
        for w in weights:
            if weights[w] < floor and (w in names or _FIGURE.search(w)):
                weights[w] = floor
    return weights


# A bullet that opens with a bare pronoun ("They should begin now ...") does
# not say who; the reader of a Quick Looks box has no antecedent to look back
# to. A demonstrative is bare only where it stands for a noun ("This is a
# threat"), not where it picks one out ("This week, ...").
_PRONOUNS = vocab.words("pronouns")
_DEMONSTRATIVES = vocab.words("demonstratives")
_WORD = re.compile(r"[^\W\d_]+")


def opens_with_bare_pronoun(document: Document, unit: Unit, written: Written) -> bool:
    """Whether the bullet's first word is a pronoun that names no one (``pronouns.txt``, ``demonstratives.txt``)."""
    first = _WORD.search(written.text)
    if first is None:
        return False
    word = first.group().lower()
    if word in _PRONOUNS:
        return True
    if word not in _DEMONSTRATIVES:
        return False
    if written.draft is not None:
        parse, order = written.draft.parse, written.draft.order
    else:
        parse = parse_sentence(document, unit.sentences[0].index)
        order = range(len(parse.nodes))
    node = next((parse.nodes[k] for k in order if parse.nodes[k].lower == word), None)
    return node is not None and node.upos == "PRON"


def choose(document: Document, units: list[Unit], scorer: Scorer, wanted: int) -> list[Candidate]:
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

    by_unit: dict[int, list[tuple[Written, frozenset[str]]]] = {}
    verified: dict[tuple[int, str], bool] = {}

    def passes(cand: Candidate) -> bool:
        # Verification runs only on a candidate about to lead the pick, not on
        # every draft of every unit visited.
        key = (cand.unit.order, cand.written.text)
        if key not in verified:
            w = cand.written
            problems = check_bullet(w.text, w.sources) + check_rewrite(w.text, w.kept_words, w.new_words)
            verified[key] = not problems
        return verified[key]

    def candidates_of(unit: Unit) -> list[Candidate]:
        found = by_unit.get(unit.order)
        if found is None:
            found = []
            for written in write_candidates(document, unit):
                if opens_with_bare_pronoun(document, unit, written):
                    continue
                found.append((written, frozenset(content_words(written.text))))
            by_unit[unit.order] = found
        return [Candidate(unit, c, w) for c, w in found]

    chosen: list[Candidate] = []
    covered: set[str] = set()
    ruled_out: set[int] = set()

    def bound(unit: Unit, weights: Counter) -> float:
        total, room = 0.0, pruning.MAX_WORDS + BOUND_SLACK
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
                (-math.fsum(weights[w] for w in u.words) * factor[u.order], u.order, -1, u)
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
            # fsum: the same words weigh the same whatever order a set yields
            # them in, so two drafts that tie stay tied and the first is kept.
            cand.value = math.fsum(weights[w] for w in cand.words - covered) * factor[unit.order]
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
# A compression keeps at most pruning.MAX_WORDS words; the bound reads this many
# more, for tokens a reader does not count as words ("2,200" is one word, two
# number tokens).
BOUND_SLACK = 4
