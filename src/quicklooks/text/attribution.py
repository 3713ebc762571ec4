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

from quicklooks.text import vocabulary
from quicklooks.text.coreference import ORG_HEADS, PERSONAL, TITLE_WORDS, Mentions, strip_titles
from quicklooks.text.document import Document, Token
from quicklooks.text.quotes import find_quote_spans, quote_form

AttributionKind = Literal["direct", "indirect", "mixed"]
MODEL_PATH = Path(__file__).resolve().parent / "attribution_model.json"
_SOURCE_DEPS = ("nsubj", "nsubj:pass")
_CLIMB_DEPS = ("conj", "advcl", "xcomp", "acl", "parataxis")
_RELATIVE = vocabulary.words("relative_words")
_CORE_DEPS = frozenset({"compound", "flat", "det", "amod", "nmod:poss", "case", "nummod", "flat:name", "fixed"})
_HYPHENS = frozenset({"-", "‑", "–"})
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})  # Penn tags of a finite verb: the only ones that invert
_OBJECT_PRONOUNS = vocabulary.words("object_pronouns")
_LISTENER_VERBS = vocabulary.words("listener_verbs")
_SPEAKER_PRONOUNS = vocabulary.words("speaker_pronouns")  # the writer or reader: no one in the story
_DEFINITE = vocabulary.words("definite_determiners")
NAMED_CONFIDENCE = 0.95  # a source that names its speaker outright
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


@dataclass
class _Cue:
    token: Token
    phrase: tuple[int, int]  # the cue's own span ("said", "according to")
    source: tuple[Token, ...]
    content: tuple[int, int] | None
    content_rule: str
    speaker: str | None = None
    role: str | None = None
    confidence: float = 0.0


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
    previous: tuple[_Cue | None, int] | None = None  # the last attribution's cue and its block
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
        if not _could_be_said(text, start, end):
            continue
        if cue is not None:
            direct_cues.add(id(cue))
        out.append(_make(doc, "direct", start, end, cue, confidence, form))
        previous = (cue, reader.block_at(end))
    for cue in cues:
        if cue.content is None:
            continue
        b, e = cue.content
        covered = reader.quoted_share(b, e)
        if covered >= 0.8:
            continue  # the content is the quote, already reported as direct
        kind: AttributionKind = "mixed" if covered > 0 else "indirect"
        confidence = cue.confidence
        if cue.content_rule == "obj":
            # A noun phrase ("rejected the notion", "issued a warning") is
            # what was said only loosely; it stays in the data, but below the
            # bar at which the story page shows a paraphrase.
            confidence = min(confidence, NOMINAL_CONTENT_CONFIDENCE)
        out.append(_make(doc, kind, b, e, cue, confidence, None))
    out.sort(key=lambda a: (a.start, a.kind != "direct"))
    return out


def _could_be_said(text: str, start: int, end: int) -> bool:
    """False for a quoted stretch nobody said: an id, a handle or a date in quotation marks
    (embedded-post markup: id="7479…", “@realDonaldTrump”, “2016-06-29”)."""
    words = text[start:end].strip(" ,.;:!?").split()
    return not (len(words) == 1 and (not any(c.isalpha() for c in words[0]) or words[0][:1] == "@"
                                     or "=" in words[0]))


def _make(doc: Document, kind: AttributionKind, start: int, end: int, cue: _Cue | None, confidence: float,
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
    def __init__(self, doc: Document, spans: list[tuple[int, int]], mentions: Mentions, model: dict):
        self.doc = doc
        self.spans = spans
        self.span_starts = [s for s, _ in spans]
        self.mentions = mentions
        self.priors: dict[str, float] = model["cues"]
        self.threshold: float = model.get("cue_threshold", 0.2)
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

    # --- cues -----------------------------------------------------------------
    def cues(self) -> list[_Cue]:
        doc = self.doc
        tokens = doc.tokens
        found: list[_Cue] = []
        for t in tokens:
            if self.in_quote(t.start):
                continue
            low = t.text.lower()
            if low == "according" and t.i + 1 < len(tokens) and tokens[t.i + 1].text.lower() == "to":
                cue = self._according(t)
            elif t.upos == "VERB" and self.priors.get(t.lemma.lower(), 0.0) >= self.threshold and \
                    doc.text[t.start - 1:t.start] != "-":  # "so-called", "self-described": part of an adjective
                cue = self._verb(t)
            else:
                continue
            if cue is not None:
                found.append(cue)
        return found

    def _according(self, t: Token) -> _Cue | None:
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
        source = self._noun_phrase(x, exclude={t.i, to.i})
        inner = {k.i for k in doc.subtree(x)} | {t.i, to.i}
        sentence = [k for k in doc.sentence_tokens(t.sentence) if k.i not in inner]
        content = self._span_of([k for k in sentence if not (k.upos == "PUNCT" and k.text not in "“”\"")])
        return _Cue(t, (t.start, to.end), source, content, "according")

    def _verb(self, t: Token) -> _Cue | None:
        inverted = self._inverted(t)
        source = inverted or self._source(t)
        content, rule = self._content(t)
        if content is not None and len(self.doc.tokens_in(*content)) < 2:
            content = None  # one word ("59", "Gorka") is not something said
        if content is None and inverted and self.doc.tokens[t.i - 1].text not in ("”", '"'):
            # After a closing mark the content is the quote itself, reported as direct.
            content, rule = self._before_comma(t), "inverted"
        if content is not None and source and content[0] < source[0].start < content[1]:
            # The parse hung the source inside the content ("“…,” Jeff Weaver, …, said"): the
            # content ends before the name.
            content = self._span_of([k for k in self.doc.tokens_in(content[0], source[0].start)])
        if content is None and not source:
            return None
        return _Cue(t, (t.start, t.end), source, content, rule)

    def _inverted(self, t: Token) -> tuple[Token, ...]:
        """'…,” said Sean Spicer' and '…, noted NBC's Dante Chinni': the source follows the cue.

        Only after a comma or closing mark and with no subject before the verb,
        so "told reporters" never makes the listeners the source.
        """
        doc = self.doc
        tokens = doc.tokens
        if t.i == 0 or tokens[t.i - 1].text not in (",", "”", '"', "—") or t.i + 1 >= len(tokens):
            return ()
        # Only a finite verb inverts ("…, said Spicer"); after a participle or an infinitive the
        # noun is its object ("…, calling him a loser", "…, telling Reuters"), and "told" takes its
        # listener after it ("…,” Graham told CBS News").
        if t.xpos not in _FINITE_TAGS or t.lemma.lower() in _LISTENER_VERBS:
            return ()
        if any(c.dep in _SOURCE_DEPS and c.i < t.i and not self.in_quote(c.start) for c in doc.children(t)):
            return ()
        if self._relative_before(t) is not None:
            return ()  # "Ruiz, who …, said the budget …": the source is before the cue
        k = t.i + 1
        while k < len(tokens) and tokens[k].upos == "ADV" and tokens[k].sentence == t.sentence:
            k += 1
        if k >= len(tokens) or tokens[k].sentence != t.sentence:
            return ()
        if tokens[k].text.lower() in _OBJECT_PRONOUNS or tokens[k].text.lower() in vocabulary.time_words():
            return ()  # "…, said Tuesday that": a day is when, never who
        mention = self._person_in_phrase(k) or self.mentions.mention_at(k)
        if mention is not None:
            return tuple(x for x in doc.tokens_in(mention.start, mention.end))
        if tokens[k].upos in ("PROPN", "NOUN", "DET", "PRON", "ADJ"):
            head = tokens[k]
            while head.head != head.i and head.head > head.i and tokens[head.head].sentence == t.sentence and \
                    tokens[head.head].upos in ("NOUN", "PROPN") and head.head - k < 6:
                head = tokens[head.head]
            if head.upos in ("NOUN", "PROPN", "PRON"):
                return self._noun_phrase(head)
        return ()

    def _person_in_phrase(self, k: int):
        """'said Republican party boss Reince Priebus': the person a title phrase starting at ``k`` ends on."""
        tokens = self.doc.tokens
        for j in range(k, min(len(tokens), k + 6)):
            if tokens[j].sentence != tokens[k].sentence or tokens[j].upos not in ("PROPN", "NOUN", "ADJ", "DET"):
                return None
            mention = self.mentions.mention_at(j)
            if mention is not None and self.mentions.entities[mention.key].kind == "person":
                return mention
        return None

    def _before_comma(self, t: Token) -> tuple[int, int] | None:
        """The clause before the comma that an inverted cue follows."""
        doc = self.doc
        sentence = [k for k in doc.sentence_tokens(t.sentence) if k.i < t.i - 1]
        return self._span_of(sentence)

    def _source(self, t: Token) -> tuple[Token, ...]:
        doc = self.doc
        at = t
        for _ in range(4):
            subject = next((c for c in doc.children(at) if c.dep in _SOURCE_DEPS and not self.in_quote(c.start)
                            and (c.text.lower() != "it" or at is t)
                            and c.text.lower() not in vocabulary.time_words()), None)
            if subject is not None and self._dateline(subject):
                return self._name_after_dateline(subject, t)
            if subject is not None and at is not t and at.dep == "ccomp" and at.head != at.i:
                # "Trump told Newsmax that Romney “had …,” adding, “…”": the participle hangs on
                # the reported clause, whose subject is what was said about; the one adding is
                # the subject of the verb that reports it.
                at = doc.head(at)
                continue
            if subject is not None:
                if subject.text.lower() in _RELATIVE:
                    if at.dep == "acl:relcl":
                        return self._noun_phrase(doc.head(at))
                    named = self._name_before(subject.i)
                    return named if named else ()
                adjacent = self._person_before(t, subject)
                if adjacent:
                    return adjacent
                if subject.i > t.i and self._relative_before(t):
                    break  # "Ruiz, who …, said the budget was …": the parse took the content's subject
                return self._noun_phrase(subject)
            if at.dep == "acl:relcl" or (at.dep == "acl" and at.upos == "VERB"):
                return self._noun_phrase(doc.head(at))
            if (at.dep in _CLIMB_DEPS or (at is not t and at.dep == "ccomp")) and at.head != at.i:
                at = doc.head(at)
                continue
            break
        relative = self._relative_before(t)
        if relative is not None:
            return self._name_before(relative.i)
        return self._name_after_quote(t)

    def _dateline(self, subject: Token) -> bool:
        """'WASHINGTON — Sen. Bernie Sanders defended …': a capitalised place opening the story
        before a dash is where it was filed, which the parse sometimes makes the subject."""
        tokens = self.doc.tokens
        k = subject.i
        while k > 0 and tokens[k - 1].sentence == subject.sentence and tokens[k - 1].text.isupper():
            k -= 1
        if not tokens[k].text.isupper() or len(tokens[k].text) < 2:
            return False
        j = subject.i + 1
        while j < len(tokens) and (tokens[j].text.isupper() or tokens[j].text == ","):
            j += 1
        return j < len(tokens) and tokens[j].text in ("—", "–", "-", "(", "--")

    def _name_after_dateline(self, dateline: Token, t: Token) -> tuple[Token, ...]:
        """The subject the dateline hid: the first name between the dash and the cue."""
        for k in range(dateline.i + 1, t.i):
            mention = self.mentions.mention_at(k)
            if mention is not None and not self.doc.tokens[k].text.isupper():
                return self.doc.tokens_in(mention.start, mention.end)
        return ()

    def _name_after_quote(self, t: Token) -> tuple[Token, ...]:
        """'“…,” Jeff Weaver, Sanders’ campaign manager, said': the name right after the closing mark,
        which the parse often hangs inside the quote's clause, speaks when only an apposition
        (no verb) stands between it and the cue."""
        tokens = self.doc.tokens
        if t.i < 3 or tokens[t.i - 1].text != ",":
            return ()
        for k in range(t.i - 2, max(0, t.i - 25), -1):
            if tokens[k].sentence != t.sentence or tokens[k].upos in ("VERB", "AUX"):
                return ()
            before = tokens[k - 1].text
            if before in ("”", '"') or (before == "," and tokens[k - 2].text in ("”", '"')):
                mention = self.mentions.mention_at(k)
                if mention is None:
                    return ()
                return self.doc.tokens_in(mention.start, mention.end)
        return ()

    def _relative_before(self, t: Token) -> Token | None:
        """'Ana Ruiz, who has led the city since 2019, said': the 'who' of a clause closed by the comma before the cue."""
        tokens = self.doc.tokens
        if t.i == 0 or tokens[t.i - 1].text != ",":
            return None
        for k in range(t.i - 2, max(-1, t.i - 40), -1):
            if tokens[k].sentence != t.sentence:
                return None
            if tokens[k].text.lower() == "who" and k > 0 and tokens[k - 1].text == ",":
                return tokens[k]
        return None

    def _name_before(self, i: int) -> tuple[Token, ...]:
        """'Emmanuel Macron, who announced': the name just before a relative pronoun."""
        tokens = self.doc.tokens
        k = i - 1
        while k >= 0 and tokens[k].upos == "PUNCT" and tokens[k].sentence == tokens[i].sentence:
            k -= 1
        mention = self.mentions.mention_at(k) if k >= 0 else None
        if mention is None:
            return ()
        return self.doc.tokens_in(mention.start, mention.end)

    def _person_before(self, cue: Token, subject: Token) -> tuple[Token, ...]:
        """'Central Bank of Kenya Governor Kamau Thugge told': the person named right before the verb
        speaks, whatever the parse made the head of the subject."""
        doc = self.doc
        k = cue.i - 1
        while k > subject.i and doc.tokens[k].upos == "ADV":
            k -= 1
        mention = self.mentions.mention_at(k)
        if mention is None or self.mentions.entities[mention.key].kind != "person":
            return ()
        if not (mention.start >= subject.start or doc.tokens[k].i in {x.i for x in doc.subtree(subject)}):
            return ()
        return doc.tokens_in(mention.start, mention.end)

    def _noun_phrase(self, head: Token, exclude: set[int] = frozenset()) -> tuple[Token, ...]:
        """The source's core: the head with its compounds, flat names, determiners and possessors."""
        doc = self.doc
        keep = [head]
        stack = [head]
        while stack:
            k = stack.pop()
            for c in doc.children(k):
                named_apposition = c.dep == "appos" and c.upos == "PROPN" and c.i > k.i
                if (c.dep in _CORE_DEPS or named_apposition) and c.i not in exclude and c.upos != "PUNCT":
                    keep.append(c)
                    stack.append(c)
        # "Mr. Obama" parsed with the title as head: the name right after belongs to it.
        tokens = doc.tokens
        k = head.i + 1
        while head.text.lower() in TITLE_WORDS and k < len(tokens) and tokens[k].sentence == head.sentence \
                and tokens[k].text[:1].isupper() and tokens[k].upos in ("PROPN", "NOUN"):
            if tokens[k] not in keep:
                keep.append(tokens[k])
            k += 1
        keep.sort(key=lambda k: k.i)
        # Contiguous around the head only, so a stray attachment cannot stretch the span.
        idx = keep.index(head)
        lo = idx
        while lo > 0 and keep[lo - 1].i == keep[lo].i - 1:
            lo -= 1
        hi = idx
        while hi + 1 < len(keep) and keep[hi + 1].i == keep[hi].i + 1:
            hi += 1
        phrase = keep[lo:hi + 1]
        # A hyphenated word is one word, whatever the tokenizer made of it: "Sixty-six percent",
        # "three-quarters", "caucus-goers", not "six percent".
        first = phrase[0].i
        while first >= 2 and tokens[first - 1].text in _HYPHENS and tokens[first - 1].start == tokens[first].start - 1 \
                and tokens[first - 2].end == tokens[first - 1].start and tokens[first - 2].sentence == head.sentence:
            first -= 2
        last = phrase[-1].i
        while last + 2 < len(tokens) and tokens[last + 1].text in _HYPHENS and tokens[last + 1].start == tokens[last].end \
                and tokens[last + 2].start == tokens[last + 1].end and tokens[last + 2].sentence == head.sentence:
            last += 2
        return tuple(tokens[first:phrase[0].i]) + tuple(phrase) + tuple(tokens[phrase[-1].i + 1:last + 1])

    def _content(self, t: Token) -> tuple[tuple[int, int] | None, str]:
        doc = self.doc
        kids = doc.children(t)
        by_dep: dict[str, Token] = {}
        for c in kids:
            by_dep.setdefault(c.dep, c)
        if "ccomp" in by_dep:
            return self._subtree_span(by_dep["ccomp"]), "ccomp"
        if t.dep == "parataxis" and t.head != t.i:
            head = doc.head(t)
            skip = {k.i for k in doc.subtree(t)}
            part = [k for k in doc.subtree(head) if k.i not in skip and k.upos != "PUNCT"]
            if part:
                return self._span_of(part), "parataxis_head"
        if "xcomp" in by_dep:
            return self._subtree_span(by_dep["xcomp"]), "xcomp"
        if "obj" in by_dep and by_dep["obj"].i > t.i and self.mentions.mention_at(by_dep["obj"].i) is None:
            # "called the deal a disaster", "criticized the plan": the object is what is said; a
            # name there ("said Gorka", "introduces Black Girls Rock") is not.
            obj = by_dep["obj"]
            # A participle that is a cue of its own ("…, saying …") is its own attribution, not
            # part of this one: the content stays one clause.
            tail = [k for c in kids if c.i >= obj.i and c.dep in ("obj", "xcomp", "obl", "ccomp", "advcl")
                    and not (c.dep == "advcl" and self.priors.get(c.lemma.lower(), 0.0) >= self.threshold)
                    for k in doc.subtree(c)]
            return self._span_of(sorted(tail, key=lambda k: k.i)), "obj"
        return None, ""

    def _subtree_span(self, token: Token) -> tuple[int, int] | None:
        part = [k for k in self.doc.subtree(token)]
        while part and part[0].upos in ("PUNCT", "SCONJ") and part[0].text not in "“\"":
            part = part[1:]  # "that" and a leading comma are the cue's, not the content's
        return self._span_of(part)

    @staticmethod
    def _span_of(tokens: list[Token]) -> tuple[int, int] | None:
        while tokens and tokens[-1].upos == "PUNCT" and tokens[-1].text not in "”\"":
            tokens = tokens[:-1]
        while tokens and tokens[0].upos == "PUNCT" and tokens[0].text not in "“\"":
            tokens = tokens[1:]
        if not tokens:
            return None
        return tokens[0].start, tokens[-1].end

    # --- speakers -------------------------------------------------------------
    def resolve(self, cue: _Cue) -> None:
        source = cue.source
        if not source:
            return
        head = max(source, key=lambda k: (k.head < source[0].i or k.head > source[-1].i or k.head == k.i, -k.i))
        head = next((k for k in source if not (source[0].i <= k.head <= source[-1].i) or k.head == k.i), head)
        m = self.mentions
        mention = m.mention_at(head.i) or next((m.mention_at(k.i) for k in reversed(source) if m.mention_at(k.i)
                                                and k.dep != "nmod:poss"), None)
        word = head.text.lower()
        if mention is not None:
            cue.speaker = m.name_of(mention.key)
            cue.confidence = NAMED_CONFIDENCE
            owner = [k for k in source if k.dep == "nmod:poss" and k.end <= mention.start and k.upos == "PROPN"]
            if owner and m.entities[mention.key].kind != "person":
                # "Russia’s Defense Ministry": the owner is part of which ministry it is.
                cue.speaker = self.doc.text[owner[0].start:mention.end]
            self._role(cue, mention.key)
            m.note_speaker(cue.token.start, mention.key)
            return
        if head.upos == "PRON" and word in PERSONAL:
            if word in _SPEAKER_PRONOUNS:
                return
            name, key, score = m.resolve(head, head.start)
            if name is not None:
                cue.speaker = name
                cue.confidence = score
                self._role(cue, key)
                m.note_speaker(cue.token.start, key)
            return
        possessor = next((k for k in source if k.dep == "nmod:poss" and m.mention_at(k.i)), None)
        if possessor is not None:
            owner = m.name_of(m.mention_at(possessor.i).key)
            cue.speaker = f"{owner} {head.text}" if head.upos == "NOUN" else owner
            cue.confidence = 0.8
            return
        if head.upos == "NOUN" and any(k.text.lower() in _DEFINITE for k in source):
            lemma = head.lemma.lower()
            ranked = m.ranked(head, head.start)
            if ranked:
                score, best, feats = ranked[0]
                if feats.get("role_match") or feats.get("org_head") or feats.get("name_has_head"):
                    cue.speaker = m.name_of(best.key)
                    cue.confidence = score
                    m.note_speaker(cue.token.start, best.key)
                    return
            del lemma
        words = strip_titles([k.text for k in source if k.upos != "DET"])
        if words and any(k.upos == "PROPN" for k in source):
            cue.speaker = " ".join(words).replace(" - ", "-")  # a hyphenated word stays one
            cue.confidence = 0.7
            return
        cue.speaker = None
        cue.confidence = 0.3

    def _role(self, cue: _Cue, key: str) -> None:
        roles = self.mentions.entities[key].roles
        known = [r for r in roles if r in ORG_HEADS or len(r) > 3]
        cue.role = sorted(known)[0] if known else None

    # --- quotes ---------------------------------------------------------------
    def cue_for_quote(self, start: int, end: int, cues: list[_Cue], cue_starts: list[int]) -> tuple[_Cue | None, float]:
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
            def distance(c: _Cue) -> tuple[int, int, int]:
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
        return None, 0.0

    def governing(self, start: int, end: int) -> _Cue | None:
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
                source = self._inverted(t) or self._source(t)
                if not source:
                    return None
                cue = _Cue(t, (t.start, t.end), source, None, "governing")
                self.resolve(cue)
                return cue if cue.speaker else None
        return None

    def opens_or_follows(self, start: int, previous, block: int) -> bool:
        """A quote carries on its predecessor's speaker when it opens its paragraph or shares it."""
        _, last_block = previous
        if block == last_block:
            return True
        opening = self.doc.blocks[block].start
        return self.doc.text[opening:start].strip(" “\"‘'") == ""

    def paraphrase_before(self, start: int, cues: list[_Cue], cue_starts: list[int], block: int) -> _Cue | None:
        """'Clinton said the plan would fail. “It won't work.”': the last sourced cue earlier in the paragraph."""
        k = bisect_left(cue_starts, start) - 1
        if k < 0:
            return None
        cue = cues[k]
        if self.block_at(cue.token.start) != block or not cue.speaker:
            return None
        return cue
