"""What a cue says: the span of text that is its content.

The content is the cue's clausal complement ("said [that …]"), the clause it
is a parenthetical of ("[…], he said"), its infinitive ("wants [to …]") or
object, or, after an inverted cue, the clause before the comma.
"""

from __future__ import annotations

from collections.abc import Callable

from quicklooks.text.coreference import Mentions
from quicklooks.text.document import Document, Token
from quicklooks.text.storyformat import match_dateline


class Contents:
    """Finds the content span of a cue verb in one parsed story."""

    def __init__(self, doc: Document, mentions: Mentions, is_cue: Callable[[Token], bool]):
        self.doc = doc
        self.mentions = mentions
        self.is_cue = is_cue  # a participle that is a cue of its own starts another attribution

    def content(self, t: Token) -> tuple[tuple[int, int] | None, str]:
        span, rule = self._content(t)
        return self._without_dateline(span, t), rule

    def _without_dateline(self, span: tuple[int, int] | None, t: Token) -> tuple[int, int] | None:
        """A content that opens its story's sentence starts after the dateline ("BOULDER, Colo. — …")."""
        if span is None:
            return None
        sentence = self.doc.sentences[t.sentence]
        match = match_dateline(self.doc.text, sentence.start) if span[0] == sentence.start else None
        if match is None or match.end() >= span[1]:
            return span
        return match.end(), span[1]

    def _content(self, t: Token) -> tuple[tuple[int, int] | None, str]:
        doc = self.doc
        kids = doc.children(t)
        by_dep: dict[str, Token] = {}
        for c in kids:
            # Two clauses on one cue ("Holm, whose café flooded, said she had asked"): the parse took
            # a clause of the source for a second complement; what was said is the one after the cue.
            if c.dep == "ccomp" and "ccomp" in by_dep and by_dep["ccomp"].i < t.i < c.i:
                by_dep["ccomp"] = c
            by_dep.setdefault(c.dep, c)
        if "ccomp" in by_dep:
            return self._subtree_span(by_dep["ccomp"]), "ccomp"
        if t.dep == "parataxis" and t.head != t.i:
            head = doc.head(t)
            skip = {k.i for k in doc.subtree(t)}
            part = [k for k in doc.subtree(head) if k.i not in skip and k.upos != "PUNCT"]
            if part:
                return span_of(part), "parataxis_head"
        if "xcomp" in by_dep:
            return self._subtree_span(by_dep["xcomp"]), "xcomp"
        if "obj" in by_dep and by_dep["obj"].i > t.i and self.mentions.mention_at(by_dep["obj"].i) is None:
            # "called the deal a disaster", "criticized the plan": the object is what is said; a
            # name there ("said Gorka", "introduces Black Girls Rock") is not.
            obj = by_dep["obj"]
            # A participle that is a cue of its own ("…, saying …") is its own attribution, not
            # part of this one: the content stays one clause.
            tail = [k for c in kids if c.i >= obj.i and c.dep in ("obj", "xcomp", "obl", "ccomp", "advcl")
                    and not (c.dep == "advcl" and self.is_cue(c))
                    for k in doc.subtree(c)]
            return span_of(sorted(tail, key=lambda k: k.i)), "obj"
        return None, ""

    def _subtree_span(self, token: Token) -> tuple[int, int] | None:
        part = [k for k in self.doc.subtree(token)]
        while part and part[0].upos in ("PUNCT", "SCONJ") and part[0].text not in "“\"":
            part = part[1:]  # "that" and a leading comma are the cue's, not the content's
        return span_of(part)

    def before_comma(self, t: Token) -> tuple[int, int] | None:
        """The clause before the comma that an inverted cue follows."""
        doc = self.doc
        sentence = [k for k in doc.sentence_tokens(t.sentence) if k.i < t.i - 1]
        return self._without_dateline(span_of(sentence), t)


def span_of(tokens: list[Token]) -> tuple[int, int] | None:
    """The span of ``tokens`` without the punctuation at either end (quotation marks stay)."""
    while tokens and tokens[-1].upos == "PUNCT" and tokens[-1].text not in "”\"":
        tokens = tokens[:-1]
    while tokens and tokens[0].upos == "PUNCT" and tokens[0].text not in "“\"":
        tokens = tokens[1:]
    if not tokens:
        return None
    return tokens[0].start, tokens[-1].end
