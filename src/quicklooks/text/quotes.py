"""Direct quotations and who said them.

Two steps, both linear in the text:

1. :func:`find_quote_spans` pairs quotation marks. Curly and straight double
   marks both count. A quote may run across paragraphs the way news copy
   writes it: the paragraph ends without a closing mark and the next one opens
   with an opening mark. A mark that never closes inside its paragraph is
   unbalanced and yields no quote, so a stray mark cannot swallow the story.
   Single marks inside a quote are nested quotes and stay part of its text.
2. :func:`find_quotes` classifies each span (full or partial) and resolves
   the speaker from the attribution around it: "…,” he said", "…,” said
   Mayor Ana Ruiz", "Peskov told …", "Macron described it as a “…”". A
   speaker that the text does not name is None, never a guess.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from quicklooks.text import lexicon as lx
from quicklooks.text import vocabulary as vocab
from quicklooks.text.entities import Entities, Mention
from quicklooks.text.sentences import Sentence

QuoteKind = Literal["full", "partial"]


@dataclass(frozen=True)
class Quote:
    text: str  # exactly what lies between the marks
    speaker: str | None
    kind: QuoteKind
    medium: str | None
    start: int  # offset of the first character inside the marks
    end: int  # offset just past the last character inside the marks


_MARK = re.compile(r"[“”\"]")
_VERB = lx.SPEECH_VERB_PATTERN
_TAIL_VERB_FIRST = re.compile(rf"[\s,—–-]*(?:{_VERB})\b\s*", re.IGNORECASE)
_TAIL_LATE_VERB = re.compile(rf",\s*(?:{_VERB})\b\s*", re.IGNORECASE)
_TAIL_PRONOUN = re.compile(rf"[\s,—–-]*(he|she)\s+(?:\w+\s+)?(?:{_VERB})\b", re.IGNORECASE)
_TAIL_NAME_START = re.compile(r"[\s,—–-]*(?:the\s+)?", re.IGNORECASE)
_HEAD_VERB = re.compile(rf"\b(?:{_VERB}|according to)\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(he|she)\b", re.IGNORECASE)
_MEDIUM_CUE = re.compile(
    r"\b(?:told|interview with|speaking to|wrote in|said on|posted on|wrote on|said in)\s", re.IGNORECASE
)
_LOOKBACK_SENTENCES = 5
_TITLE_SMALL_WORDS = vocab.words("small_words") | {"&"}
_WORK_NOUNS = vocab.words("work_nouns")
# A title's lead-in: a possessive ("CNN’s", "Ayn Rand's") or a noun for a work ("the reality
# show", "her memoir,"), right before the opening mark.
_TITLE_LEAD = re.compile(rf"(?:[’']s|\b(?:{'|'.join(sorted(_WORK_NOUNS))}),?)$", re.IGNORECASE)


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """Pair quotation marks; return (start, end) of each quote's inner text."""
    spans: list[tuple[int, int]] = []
    open_at = -1  # offset of the opening mark, -1 when no quote is open
    segment_at = -1  # latest opening mark of a quote running across paragraphs
    straight = False
    for match in _MARK.finditer(text):
        pos = match.start()
        mark = match.group()
        if open_at >= 0 and "\n" in text[segment_at:pos]:
            if _reopens_paragraph(text, segment_at, pos) and (mark == "“" or (mark == '"' and straight)):
                segment_at = pos  # the quote goes on in this paragraph
                continue
            open_at = -1  # the paragraph ended without a closing mark
        if open_at < 0:
            if mark == "”":
                continue  # a stray closing mark
            if mark == '"' and pos + 1 < len(text) and text[pos + 1].isspace() and pos > 0 and not text[pos - 1].isspace():
                continue  # a straight mark that can only close
            open_at = segment_at = pos
            straight = mark == '"'
            continue
        if mark == "“" or (mark == '"' and not straight and pos > 0 and text[pos - 1].isspace()):
            open_at = segment_at = pos  # the earlier mark never closed
            straight = mark == '"'
            continue
        if (mark == "”" and not straight) or (mark == '"' and straight):
            if pos > open_at + 1:
                spans.append((open_at + 1, pos))
            open_at = -1
    return spans


def is_title(text: str, start: int, end: int) -> bool:
    """True when the quoted ``text[start:end]`` is the name of a work, not anyone's words.

    A title is written in title case and follows an owner's possessive or a
    noun for a work: "on CNN’s “New Day,”", "the reality show “Cake Boss.”",
    "her memoir, “Tough Choices.”" Lower-case words ("Clinton’s “judgment”")
    and sentences ("told ABC’s “This is a disgrace”") stay quotes.
    """
    words = [w.strip("“”\"'‘’()[],.;:!?") for w in text[start:end].split()]
    words = [w for w in words if w]
    if not words or not words[0][:1].isupper():
        return False
    if not all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL_WORDS for w in words):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_TITLE_LEAD.search(text[line_start : start - 1].rstrip()))


def _reopens_paragraph(text: str, segment_at: int, pos: int) -> bool:
    """True when ``pos`` opens the paragraph right after the one holding ``segment_at``."""
    line_start = text.rfind("\n", segment_at, pos) + 1
    if text[line_start:pos].strip():
        return False
    between = text[segment_at:line_start]
    first_break = between.find("\n")
    return not between[first_break:].strip()


def find_quotes(text: str, sentences: list[Sentence], entities: Entities) -> list[Quote]:
    """Every direct quotation in ``text`` with its kind, speaker and medium."""
    spans = find_quote_spans(text)
    if not spans:
        return []
    resolver = _Resolver(text, sentences, entities, spans)
    quotes: list[Quote] = []
    previous: tuple[Quote, int] | None = None  # the last quote and its paragraph number
    for start, end in spans:
        kind = _kind(text, start, end, quotes[-1] if quotes else None)
        speaker, medium = resolver.attribute(start, end, kind)
        if speaker is None and previous is not None and kind == "full":
            speaker = resolver.continued(previous[0], previous[1], start, resolver.paragraph(start))
        quote = Quote(text[start:end], speaker, kind, medium, start, end)
        quotes.append(quote)
        previous = (quote, resolver.paragraph(end))
    return quotes


def _kind(text: str, start: int, end: int, previous: Quote | None) -> QuoteKind:
    """Full when the quote is a sentence of its own or follows an attribution."""
    return quote_form(text, start, end, (previous.end, previous.kind) if previous is not None else None)


def quote_form(text: str, start: int, end: int, previous: tuple[int, str] | None) -> QuoteKind:
    """Full or partial for the quote ``text[start:end]``; ``previous`` is the last quote's (end, form)."""
    inner = text[start:end].lstrip("‘'…. ")
    line_start = text.rfind("\n", 0, start - 1) + 1
    before = text[line_start : start - 1].rstrip()
    if "\n" in text[start:end]:
        return "full"  # quotes run across paragraphs only when whole paragraphs are quoted
    if not before or before.endswith((".", "!", "?", "”", '"', "—", "-")) and not before.endswith(" -"):
        return "full" if not inner[:1].islower() else "partial"
    if before.endswith((":", ",")):
        if inner[:1].isupper() or inner[:1].isdigit():
            return "full"
        if previous is not None and previous[1] == "full" and start - previous[0] < 60:
            return "full"  # "“We will win,” she said, “and no one can stop us.”"
    if re.search(rf"\b(?:{_VERB})$", before, re.IGNORECASE) and inner[:1].isupper():
        return "full"
    return "partial"


class _Resolver:
    """Answers "who said this?" from mentions near a quote, in constant time per quote."""

    def __init__(self, text: str, sentences: list[Sentence], entities: Entities, spans: list[tuple[int, int]]):
        self.text = text
        self.sentences = sentences
        self.sentence_starts = [s.start for s in sentences]
        span_starts = [s for s, _ in spans]
        self.eligible: list[Mention] = []
        for m in entities.mentions:
            if m.kind == "place":
                continue
            i = bisect_right(span_starts, m.start) - 1
            if i >= 0 and spans[i][0] <= m.start < spans[i][1]:
                continue  # named inside a quote: spoken about, not speaking
            self.eligible.append(m)
        self.eligible_starts = [m.start for m in self.eligible]
        self.by_sentence: dict[int, list[Mention]] = {}
        for m in self.eligible:
            self.by_sentence.setdefault(m.sentence, []).append(m)
        # Lines are paragraphs: plain text has one per line, and the Deep Look
        # text separates blocks by blank lines, which count once each here.
        self.paragraph_breaks = [m.start() for m in re.finditer(r"\n+", text)]

    def paragraph(self, pos: int) -> int:
        """Which paragraph (0-based) the offset ``pos`` lies in."""
        return bisect_right(self.paragraph_breaks, pos)

    def sentence_of(self, pos: int) -> Sentence | None:
        i = bisect_right(self.sentence_starts, pos) - 1
        return self.sentences[i] if i >= 0 else None

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        i = bisect_right(self.eligible_starts, start - 1)
        out = []
        while i < len(self.eligible) and self.eligible[i].start < end:
            out.append(self.eligible[i])
            i += 1
        return out

    def attribute(self, start: int, end: int, kind: QuoteKind) -> tuple[str | None, str | None]:
        text = self.text
        close_sentence = self.sentence_of(end)
        open_sentence = self.sentence_of(start - 1)
        tail_end = close_sentence.end if close_sentence else len(text)
        next_mark = _MARK.search(text, end + 1, tail_end)
        if next_mark:
            tail_end = next_mark.start()
        if "\n" in text[end + 1 : tail_end]:
            tail_end = text.index("\n", end + 1)
        head_start = open_sentence.start if open_sentence else 0
        last_close = max(text.rfind("”", head_start, start - 1), text.rfind('"', head_start, start - 1))
        if last_close >= head_start:
            head_start = last_close + 1
        head_start = max(head_start, text.rfind("\n", 0, start - 1) + 1)

        speaker, window = self._from_tail(end + 1, tail_end)
        if speaker is None:
            speaker, window = self._from_head(head_start, start - 1, kind, open_sentence)
        medium = self._medium(*window) if window else None
        return speaker, medium

    def _from_tail(self, at: int, end: int) -> tuple[str | None, tuple[int, int] | None]:
        text = self.text
        if at >= end:
            return None, None
        # The attribution opens the tail ("…,” said Ana Ruiz) or follows a
        # comma later in it ("…” on Tuesday, said Sen. Laura Pike).
        verb_first = _TAIL_VERB_FIRST.match(text, at, end) or _TAIL_LATE_VERB.search(text, at, end)
        if verb_first:
            after = self.mentions_in(verb_first.end(), min(end, verb_first.end() + 60))
            if after and after[0].start - verb_first.end() < 30:
                return after[0].name, (at, end)
            pronoun = _PRONOUN.match(text, verb_first.end(), end)
            if pronoun:
                return self.pronoun(pronoun.start(), self.sentence_of(at)), (at, end)
            return None, None
        pronoun = _TAIL_PRONOUN.match(text, at, end)
        if pronoun:
            return self.pronoun(pronoun.start(1), self.sentence_of(at)), (at, end)
        # "…,” Peskov told …", "…,” Central Bank Governor Kamau Thugge said":
        # the speaker is named between the closing mark and the verb.
        verb = _HEAD_VERB.search(text, at, min(end, at + 120))
        if verb is None:
            return None, None
        named = [m for m in self.mentions_in(at, verb.start()) if not m.possessive]
        people = [m for m in named if m.kind == "person"]
        if people:
            return people[0].name, (at, end)
        lead = _TAIL_NAME_START.match(text, at, end)
        if named and named[0].start == lead.end():
            return named[0].name, (at, end)
        return None, None

    def _from_head(self, start: int, end: int, kind: QuoteKind, sentence: Sentence | None):
        text = self.text
        if start >= end:
            return None, None
        head = text[start:end]
        verb = _HEAD_VERB.search(head)
        if kind == "full" and verb is None:
            return None, None
        according = re.search(r"\baccording to\s", head, re.IGNORECASE)
        if according:
            after = self.mentions_in(start + according.end(), end)
            if after:
                return after[0].name, (start, end)
        candidates = [m for m in self.mentions_in(start, end) if not m.possessive]
        people = [m for m in candidates if m.kind == "person"]
        subject = people[0] if people else (candidates[0] if candidates else None)
        pronoun = _PRONOUN.search(head)
        if pronoun and (subject is None or start + pronoun.start() < subject.start):
            return self.pronoun(start + pronoun.start(), sentence), (start, end)
        if subject is not None:
            return subject.name, (start, end)
        return None, None

    def _medium(self, start: int, end: int) -> str | None:
        cue = _MEDIUM_CUE.search(self.text, start, end)
        if not cue:
            return None
        after = self.mentions_in(cue.end(), min(end, cue.end() + 60))
        orgs = [m for m in after if m.kind == "organization"]
        if orgs and not [m for m in after if m.kind == "person" and m.start < orgs[0].start]:
            return orgs[0].name
        return None

    def pronoun(self, pos: int, sentence: Sentence | None) -> str | None:
        """He/she: the subject of this sentence before ``pos``, else of the nearest one before."""
        if sentence is None:
            return None
        here = [m for m in self.by_sentence.get(sentence.index, ()) if m.kind == "person" and m.end <= pos]
        if here:
            return _subject(here)
        for index in range(sentence.index - 1, max(-1, sentence.index - 1 - _LOOKBACK_SENTENCES), -1):
            people = [m for m in self.by_sentence.get(index, ()) if m.kind == "person"]
            if people:
                return _subject(people)
        return None

    def continued(self, previous: Quote, previous_paragraph: int, start: int, paragraph: int) -> str | None:
        """A quote with no attribution goes on from the previous quote's speaker.

        Only when nothing else intervenes: same paragraph, or the next one
        opening with the quote, and no other person named in between.
        """
        if previous.speaker is None or paragraph - previous_paragraph > 1:
            return None
        if paragraph != previous_paragraph:
            line_start = self.text.rfind("\n", 0, start - 1) + 1
            if self.text[line_start : start - 1].strip():
                return None
        between = self.mentions_in(previous.end, start)
        if any(m.kind == "person" and m.name != previous.speaker for m in between):
            return None
        return previous.speaker


def _subject(people: list[Mention]) -> str:
    plain = [m for m in people if not m.possessive]
    return (plain or people)[0].name
