"""Who said what: direct quotes and indirect speech, each with its cue, source and speaker.

Read off the parse of a :class:`~quicklooks.text.document.Document`:

- a **cue** is a verb whose lemma the shipped model knows as a way of
  attributing ("say", "tell", "argue", "believe", "want": the prior is
  learned from PolNeAR's train split), or the phrase "according to";
- its **source** is the cue's subject ("Clinton said"), found also after the
  verb ("…, said Clinton"), through a relative clause ("Clinton, who …,
  said"), a participle ("…, saying"), a conjoined verb ("stood and said") or
  a passive ("Clinton was quoted as saying"); for "according to X" it is X;
- its **content** is the cue's clausal complement ("said [that …]"), the
  clause it is a parenthetical of ("[…], he said"), its infinitive ("wants
  [to …]") or object, or the quoted span;
- a direct quote takes the cue in its own sentence, the colon-ended sentence
  that introduces it, or the sentence right after it; a quote with none goes
  on from the attribution just before it in the same or the previous
  paragraph (quotes running over several paragraphs);
- the **speaker** is the source's canonical name (:mod:`.coreference`):
  "Ted Cruz" for "Mr. Cruz", the antecedent for "he" or "the senator",
  never a bare title.

This module assembles the attributions; the parts live beside it: cues in
:mod:`.cues`, their sources in :mod:`.cue_sources`, their contents in
:mod:`.cue_contents`, and the names the sources stand for in
:mod:`.cue_speakers`.

Every pass is linear in the story: quotes and cues are read once, and each
lookup is bounded by a window of sentences.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from quicklooks.text.coreference import Mentions
from quicklooks.text.cue_speakers import GROUP_CONFIDENCE, NAMED_CONFIDENCE, Speakers
from quicklooks.text.cues import Cue, Cues
from quicklooks.text.document import Document
from quicklooks.text.quotes import find_quote_spans, is_title, quote_form

__all__ = ["NAMED_CONFIDENCE", "Attribution", "AttributionModelError", "find_attributions", "load_model"]

AttributionKind = Literal["direct", "indirect", "mixed"]
MODEL_PATH = Path(__file__).resolve().parent / "attribution_model.json"
# The most a paraphrase whose content is a nominal object may claim; the panel shows from 0.7.
NOMINAL_CONTENT_CONFIDENCE = 0.5
# A partial quote of at most this many words with no cue anywhere near it is a scare quote, a
# title or a nickname ('the so-called “deal”'), not something someone said. Swept 0-5 on
# PolNeAR train and dev (bench/RESULTS-attribution.md): 2 to 4 are within a point.
SCARE_QUOTE_WORDS = 3


class AttributionModelError(RuntimeError):
    """The shipped attribution model is missing or damaged."""


@dataclass(frozen=True)
class Attribution:
    kind: AttributionKind
    start: int  # content span; for a direct quote, the text between the marks
    end: int
    text: str
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    source: str | None  # the source as written ("he", "Mr. Cruz", "the senator")
    source_start: int | None
    source_end: int | None
    speaker: str | None  # the canonical name, or None when the story names no one
    role: str | None
    confidence: float
    form: str | None = None  # direct quotes: "full" or "partial"


@lru_cache(maxsize=1)
def load_model() -> dict:
    """The cue priors and resolver weights shipped beside this module."""
    try:
        with open(MODEL_PATH, encoding="utf-8") as fh:
            model = json.load(fh)
        model["cues"], model["weights"]  # noqa: B018 - both must be there
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise AttributionModelError(
            f"quicklooks' attribution model at {MODEL_PATH} is missing or damaged ({error}). Reinstall the "
            "quicklooks package (pip install --force-reinstall quicklooks), or rebuild it with "
            "'python bench/attribution_train.py' in a checkout."
        ) from error
    return model


def find_attributions(doc: Document) -> list[Attribution]:
    """Every attribution in ``doc``, in text order: direct quotes, mixed and indirect speech."""
    model = load_model()
    text = doc.text
    spans = find_quote_spans(text)
    mentions = Mentions(doc, spans, model["weights"])
    reader = _Reader(doc, spans, mentions, model)
    cues = reader.cues()
    for cue in cues:
        reader.resolve(cue)
    out: list[Attribution] = []
    direct_cues: set[int] = set()
    previous: tuple[Cue | None, int] | None = None  # the last attribution's cue and its block
    cue_starts = [c.token.start for c in cues]
    last_quote: tuple[int, str] | None = None
    for start, end in spans:
        form = quote_form(text, start, end, last_quote)
        last_quote = (end, form)
        cue, confidence = reader.cue_for_quote(start, end, cues, cue_starts)
        block = reader.block_at(start)
        if cue is None:
            cue = reader.governing(start, end)
            confidence = cue.confidence * 0.7 if cue is not None else 0.0
        if cue is None and previous is not None and form == "full":
            last_cue, last_block = previous
            if last_cue is not None and block - last_block <= 1 and reader.opens_or_follows(start, previous, block):
                cue, confidence = last_cue, 0.6 * (last_cue.confidence or 0.5)
        # A paraphrase whose cue sits earlier in the paragraph also carries a quote that follows it.
        if cue is None:
            earlier = reader.paraphrase_before(start, cues, cue_starts, block)
            if earlier is not None:
                cue, confidence = earlier, 0.5 * (earlier.confidence or 0.5)
        if cue is None and form == "partial" and len(text[start:end].split()) <= SCARE_QUOTE_WORDS:
            continue
        if not _could_be_said(text, start, end) or is_title(text, start, end):
            continue
        if cue is not None:
            direct_cues.add(id(cue))
        out.append(_make(doc, "direct", start, end, cue, confidence, form))
        previous = (cue, reader.block_at(end))
    # reach[k]: the furthest end among the first k spoken contents by start, so whether one holds
    # a cue is one search, not a scan of every content (a long story has thousands of cues).
    contents = sorted(c.content for c in cues if c.content is not None and c.speaker)
    content_starts = [b for b, _ in contents]
    reach = [0]
    for _, ce in contents:
        reach.append(max(reach[-1], ce))
    for cue in cues:
        if cue.content is None:
            continue
        b, e = cue.content
        if not cue.speaker and reach[bisect_right(content_starts, cue.token.start)] >= e:
            # "Powell said the response showed that people wanted …": a verb inside what someone
            # said, with no speaker of its own, is part of that person's words, not a second claim.
            continue
        covered = reader.quoted_share(b, e)
        if covered >= 0.8:
            continue  # the content is the quote, already reported as direct
        if not _says_something(doc, cue):
            continue
        kind: AttributionKind = "mixed" if covered > 0 else "indirect"
        confidence = cue.confidence
        if cue.content_rule == "obj":
            # An object that holds a clause is what was said only loosely; it
            # stays in the data, but below the bar at which the story page
            # shows a paraphrase.
            confidence = min(confidence, NOMINAL_CONTENT_CONFIDENCE)
        out.append(_make(doc, kind, b, e, cue, confidence, None))
    out.sort(key=lambda a: (a.start, a.kind != "direct"))
    return out


def _says_something(doc: Document, cue: Cue) -> bool:
    """Whether a cue's content is a clause, so that "X said/claimed …" reports something.

    A bare noun phrase after the cue ("proposed the closure", "found the cracks
    during routine checks") names a thing, not what was said, and is left out.
    An object with a verb in it stays: the parse often takes a reported clause
    for an object ("said the boat cost 3.5 million pounds, most of it paid by …").
    On PolNeAR dev this loses nominal contents the annotators marked (every
    attribution end to end 0.611 -> 0.598, bench/RESULTS-attribution.md), for
    contents a reader can take as something someone said.
    """
    if cue.content_rule == "xcomp":
        # "The ferry is expected to take …": a passive with no agent is an expectation no one in
        # the story voiced; "was quoted as saying" reaches its content through "saying".
        kids = doc.children(cue.token)
        if any(c.dep == "aux:pass" for c in kids) and not any(c.dep == "obl:agent" for c in kids):
            return False
    if cue.content_rule != "obj":
        return True
    return any(k.upos in ("VERB", "AUX") for k in doc.tokens_in(*cue.content))


def _could_be_said(text: str, start: int, end: int) -> bool:
    """False for a quoted stretch nobody said: an id, a handle or a date in quotation marks
    (embedded-post markup: id="7479…", “@realDonaldTrump”, “2016-06-29”), or any value of a
    markup attribute (author="…", datetime="March 4, 2016")."""
    if text[max(0, start - 3) : start - 1].rstrip().endswith("="):
        return False
    words = text[start:end].strip(" ,.;:!?").split()
    return not (len(words) == 1 and (not any(c.isalpha() for c in words[0]) or words[0][:1] == "@"
                                     or "=" in words[0]))


def _make(doc: Document, kind: AttributionKind, start: int, end: int, cue: Cue | None, confidence: float,
          form: str | None) -> Attribution:
    text = doc.text
    if cue is None:
        return Attribution(kind, start, end, text[start:end], None, None, None, None, None, None, None, None,
                           0.0, form)
    source = cue.source
    s_start, s_end = (source[0].start, source[-1].end) if source else (None, None)
    return Attribution(
        kind, start, end, text[start:end],
        text[cue.phrase[0]:cue.phrase[1]], cue.phrase[0], cue.phrase[1],
        text[s_start:s_end] if source else None, s_start, s_end,
        cue.speaker, cue.role, round(confidence, 3), form,
    )


class _Reader:
    """One story's cues, their speakers, and the cue each direct quote takes."""

    def __init__(self, doc: Document, spans: list[tuple[int, int]], mentions: Mentions, model: dict):
        self.doc = doc
        self.spans = spans
        self.span_starts = [s for s, _ in spans]
        self.mentions = mentions
        self.finder = Cues(doc, mentions, model)
        self.sources = self.finder.sources
        self.speakers = Speakers(doc, mentions)
        self.sentence_starts = [s.start for s in doc.sentences]
        self.block_starts = [b.start for b in doc.blocks]

    # --- positions ------------------------------------------------------------
    def sentence_index(self, offset: int) -> int:
        return max(0, bisect_right(self.sentence_starts, offset) - 1)

    def block_at(self, offset: int) -> int:
        return max(0, bisect_right(self.block_starts, offset) - 1)

    def in_quote(self, offset: int) -> bool:
        return self.mentions.in_quote(offset)

    def quoted_share(self, start: int, end: int) -> float:
        """How much of ``text[start:end]`` lies inside quotes (0 to 1)."""
        if end <= start:
            return 0.0
        k = max(0, bisect_right(self.span_starts, start) - 1)
        inside = 0
        while k < len(self.spans) and self.spans[k][0] < end:
            a, b = self.spans[k]
            inside += max(0, min(b, end) - max(a, start))
            k += 1
        return inside / (end - start)

    # --- cues and speakers ----------------------------------------------------
    def cues(self) -> list[Cue]:
        return self.finder.find()

    def resolve(self, cue: Cue) -> None:
        self.speakers.resolve(cue)

    # --- cues -----------------------------------------------------------------
    # --- quotes ---------------------------------------------------------------
    def cue_for_quote(self, start: int, end: int, cues: list[Cue], cue_starts: list[int]) -> tuple[Cue | None, float]:
        """The cue of the quote ``text[start:end]``: in its sentences, an introducing colon, or just after."""
        doc = self.doc
        first = self.sentence_index(max(0, start - 1))
        last = self.sentence_index(end)
        # The sentence right after, when the quote ends its sentence ("…?” he asked.").
        if last + 1 < len(doc.sentences) and doc.sentences[last + 1].start - end <= 3 and \
                self.block_at(doc.sentences[last + 1].start) == self.block_at(end):
            last += 1
        lo = doc.sentences[first].start
        hi = doc.sentences[last].end
        k0 = bisect_left(cue_starts, lo)
        k1 = bisect_left(cue_starts, hi)
        block, last_block = self.block_at(start), self.block_at(end)
        near = [c for c in cues[k0:k1] if block <= self.block_at(c.token.start) <= last_block and
                (c.token.start < start or c.token.start >= end)]
        if near:
            def distance(c: Cue) -> tuple[int, int, int]:
                at = c.token.start
                gap = start - at if at < start else at - end
                # The cue whose content holds the quote (the innermost), then one with a source, then the nearest.
                holds = c.content is not None and c.content[0] <= start and end <= c.content[1] + 1
                size = (c.content[1] - c.content[0]) if holds else 1 << 30
                return (0 if c.source else 1, size, gap)
            best = min(near, key=distance)
            return best, best.confidence
        # "Clinton said:" opening the paragraph before, or the sentence before ending in a colon.
        if first > 0:
            prev = doc.sentences[first - 1]
            if doc.text[prev.start:prev.end].rstrip().endswith(":"):
                k0 = bisect_left(cue_starts, prev.start)
                k1 = bisect_left(cue_starts, prev.end)
                if k1 > k0:
                    return cues[k1 - 1], cues[k1 - 1].confidence
                introducer = self.introducer(first - 1)
                if introducer is not None:
                    return introducer, introducer.confidence * 0.7
        return None, 0.0

    def introducer(self, sentence: int) -> Cue | None:
        """The named subject of a colon-ended sentence with no cue, as the quote's source after it.

        "President Clinton released the following statement:", "The board was
        conclusive in its findings:": a colon hands the floor to the quote that
        follows, whatever the verb. Only a named speaker counts, as for a verb
        that governs a quote.
        """
        root = self.doc.root(sentence)
        if root is None or root.upos not in ("VERB", "AUX", "ADJ", "NOUN"):
            return None
        source = self.sources.source(root)
        if not source:
            return None
        cue = Cue(root, (root.start, root.end), source, None, "colon")
        self.resolve(cue)
        return cue if cue.speaker and cue.confidence > GROUP_CONFIDENCE else None

    def governing(self, start: int, end: int) -> Cue | None:
        """The subject of the verb outside the quote that governs it: 'Trump barked', 'Clinton attacked “…”'."""
        doc = self.doc
        inside = doc.tokens_in(start, end)
        if not inside:
            return None
        t = inside[0]
        for _ in range(8):
            if t.head == t.i:
                break
            t = doc.head(t)
            if (t.start < start or t.start >= end) and t.upos == "VERB":
                source = self.sources.inverted(t) or self.sources.source(t)
                if not source:
                    return None
                cue = Cue(t, (t.start, t.end), source, None, "governing")
                self.resolve(cue)
                # Any verb may govern a quote, so only a named speaker makes it
                # speech: "Crowds filled the so-called “freedom square”" is no one's words.
                return cue if cue.speaker and cue.confidence > GROUP_CONFIDENCE else None
        return None

    def opens_or_follows(self, start: int, previous, block: int) -> bool:
        """A quote carries on its predecessor's speaker when it opens its paragraph or shares it."""
        _, last_block = previous
        if block == last_block:
            return True
        opening = self.doc.blocks[block].start
        return self.doc.text[opening:start].strip(" “\"‘'") == ""

    def paraphrase_before(self, start: int, cues: list[Cue], cue_starts: list[int], block: int) -> Cue | None:
        """'Clinton said the plan would fail. “It won't work.”': the last sourced cue earlier in the paragraph."""
        k = bisect_left(cue_starts, start) - 1
        if k < 0:
            return None
        cue = cues[k]
        if self.block_at(cue.token.start) != block or not cue.speaker:
            return None
        return cue

