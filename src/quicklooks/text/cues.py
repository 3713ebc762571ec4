"""Cues of attribution: the words that say someone said something.

A cue is a verb whose lemma the shipped model knows as a way of attributing
("say", "tell", "argue", "believe", "want": the prior is learned from
PolNeAR's train split), or the phrase "according to" (whose source is the
noun after it and whose content is the rest of its sentence). Each cue
carries its source (:mod:`.cue_sources`) and content (:mod:`.cue_contents`).
"""

from __future__ import annotations

from dataclasses import dataclass

from quicklooks.text.coreference import Mentions
from quicklooks.text.cue_contents import Contents, span_of
from quicklooks.text.cue_sources import Sources
from quicklooks.text.document import Document, Token


@dataclass
class Cue:
    token: Token
    phrase: tuple[int, int]  # the cue's own span ("said", "according to")
    source: tuple[Token, ...]
    content: tuple[int, int] | None
    content_rule: str
    speaker: str | None = None
    role: str | None = None
    confidence: float = 0.0




class Cues:
    """Finds every cue of one parsed story, with its source and content."""

    def __init__(self, doc: Document, mentions: Mentions, model: dict):
        self.doc = doc
        self.mentions = mentions
        self.priors: dict[str, float] = model["cues"]
        self.threshold: float = model.get("cue_threshold", 0.2)
        self.sources = Sources(doc, mentions)
        self.contents = Contents(doc, mentions, self.is_cue)

    def is_cue(self, t: Token) -> bool:
        """Whether the model rates ``t``'s lemma as a way of attributing."""
        return self.priors.get(t.lemma.lower(), 0.0) >= self.threshold

    def in_quote(self, offset: int) -> bool:
        return self.mentions.in_quote(offset)

    def find(self) -> list[Cue]:
        doc = self.doc
        tokens = doc.tokens
        found: list[Cue] = []
        for t in tokens:
            if self.in_quote(t.start):
                continue
            low = t.text.lower()
            if low == "according" and t.i + 1 < len(tokens) and tokens[t.i + 1].text.lower() == "to":
                cue = self._according(t)
            elif t.upos == "VERB" and self.is_cue(t) and \
                    doc.text[t.start - 1:t.start] != "-":  # "so-called", "self-described": part of an adjective
                cue = self._verb(t)
            else:
                continue
            if cue is not None:
                found.append(cue)
        return found

    def _according(self, t: Token) -> Cue | None:
        doc = self.doc
        tokens = doc.tokens
        to = tokens[t.i + 1]
        x = tokens[t.head] if t.head not in (t.i, to.i) else None
        if x is None or x.i < to.i or x.sentence != t.sentence:
            x = next((k for k in doc.sentence_tokens(t.sentence) if k.i > to.i and k.upos in ("PROPN", "NOUN", "PRON")), None)
        if x is None:
            return None
        # "according to the city engineer Tom Reyes": the name right after is the phrase's head.
        while x.head != x.i and tokens[x.head].upos in ("PROPN", "NOUN") and \
                x.head == doc.subtree(x)[-1].i + 1:
            x = tokens[x.head]
        source = self.sources.noun_phrase(x, exclude={t.i, to.i})
        inner = {k.i for k in doc.subtree(x)} | {t.i, to.i}
        sentence = [k for k in doc.sentence_tokens(t.sentence) if k.i not in inner]
        content = span_of([k for k in sentence if not (k.upos == "PUNCT" and k.text not in "“”\"")])
        return Cue(t, (t.start, to.end), source, content, "according")

    def _verb(self, t: Token) -> Cue | None:
        inverted = self.sources.inverted(t)
        source = inverted or self.sources.source(t)
        content, rule = self.contents.content(t)
        if content is not None and len(self.doc.tokens_in(*content)) < 2:
            content = None  # one word ("59", "Gorka") is not something said
        if content is None and inverted and self.doc.tokens[t.i - 1].text not in ("”", '"'):
            # After a closing mark the content is the quote itself, reported as direct.
            content, rule = self.contents.before_comma(t), "inverted"
        if content is not None and source and content[0] < source[0].start < content[1]:
            # The parse hung the source inside the content ("“…,” Jeff Weaver, …, said"): the
            # content ends before the name.
            content = span_of([k for k in self.doc.tokens_in(content[0], source[0].start)])
        if content is None and not source:
            return None
        return Cue(t, (t.start, t.end), source, content, rule)

