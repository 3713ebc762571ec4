"""Sentence compression: turn one news sentence into one headline-style fact.

Compression only ever deletes. Every word of a compressed sentence is a word
of its source sentence, in the same order, so the result can be traced back
(``kept`` holds the surviving character spans) and verified against its
source; only punctuation is added: a closing full stop, and the closing mark
of a quote the sentence leaves open. Quoted passages are never cut into: a quote is either kept whole or
dropped whole, because a clipped quote puts words in someone's mouth.

The deletions, in the order they are tried:

1. framing that is never the fact: a dateline ("VLADIVOSTOK, Russia — ",
   "( cnn ) --"), a list mark, a caption's kicker ("Big brother is watching :"),
   a discourse opener ("However,", "Meanwhile,"), a leading attribution
   ("According to Ukraine’s Air Force,", "Speaking at the forum,");
2. attribution tails (", officials said", ", according to the ministry") and
   parentheticals ("( left )");
3. leading subordinate clauses ("While the talks stalled, ..."),
   appositives (", a city 200 km southeast of Moscow,") and
   trailing participle or relative clauses (", saying ...", ", which ...");
4. if the sentence is still too long, the latest clause or phrase boundary
   that brings it within the word limit.

:func:`compression_candidates` also offers reported speech in headline form
("Putin: any foreign troops ... would be targets", "Macron: 26 nations had
pledged ...") and surnames for titled names. No candidate may lose the only
finite verb its sentence has: "Flintoff, speaking at the launch." states
nothing.

A sentence that cannot be brought within the limit without cutting a quote
or leaving a stub yields no compression at all.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from quicklooks.text.complements import loses_complement
from quicklooks.text.inflection import lemmas
from quicklooks.text.punctuation import tidy_bullet
from quicklooks.text.reported_speech import (
    MIN_FACT_WORDS,
    REPORTING,
    REPORTING_WORDS,
    TITLED_NAME,
    inside,
    relative_reported_fact,
    reported_fact,
    shorten_title,
)
from quicklooks.text.verbs import has_finite_verb, is_finite_verb
from quicklooks.text.words import WORD, count_words

MAX_WORDS = 16
_MIN_WORDS = MIN_FACT_WORDS


@dataclass(frozen=True)
class Compression:
    """A compressed sentence and the spans of the original it keeps.

    ``kept`` holds (start, end) offsets relative to the start of the source
    sentence, in order; ``text`` is those spans joined, tidied into a
    headline-style line (capitalised, closed with a full stop).
    """

    text: str
    kept: tuple[tuple[int, int], ...]

    @property
    def words(self) -> int:
        return count_words(self.text)


# Spans that must be kept or dropped whole.
# Tokenised text quotes with spaced apostrophes ("as ' senseless and brutal ' ."),
# which a possessive ("tony 's") never is.
QUOTE_SPANS = re.compile(r"“[^”]*”|``.*?''|\"[^\"]*\"|‘[^’]*’(?!\w)|(?<!\S)'\s[^']{1,300}?\s'(?!\w)")

_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’\- ]+[A-Z.](?:,\s*[A-Z][\w.'’\- ]*?)?\s*(?:\([^)]{1,30}\))?"
    r"|(?:[a-z.'’\- ,]{0,40}\s)?\(\s*cnn\s*\))\s*(?:—|–|--|-)?\s*",
    re.IGNORECASE,
)
_CASED_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’\- ]+[A-Z.](?:,\s*[A-Z][\w.'’\- ]*?)?\s*(?:\([^)]{1,30}\))?\s*(?:—|–|--)\s+"
)
_LOWER_DATELINE = re.compile(r"^(?:[a-z.'’\- ,]{0,40}\s)?\(\s*cnn\s*\)\s*(?:--\s*)?", re.IGNORECASE)
_LIST_MARK = re.compile(r"^(?:[-*•–]|\d{1,3}[.)])\s+")
# A phrase opener needs its comma: "In response, ..." frames the sentence, but
# "In response to whether ..." opens a clause the sentence goes on with.
_OPENER = re.compile(
    r"^(?:(?:however|meanwhile|still|instead|also|but|and|so|yet|now|then|moreover|"
    r"furthermore|separately|overall|indeed)\s*,?"
    r"|(?:in addition|in response|as a result|in fact|of course|in other words|"
    r"at the same time|what[’']s more|what is more)\s*,)\s+",
    re.IGNORECASE,
)
_LEADING_CLAUSE = re.compile(
    r"^(?:while|although|though|as|after|before|when|whenever|since|because|despite|"
    r"even as|even though|if|once|until|unless|speaking|addressing|asked|writing|by the time|"
    r"oblivious to|unaware of|(?!\w*thing\b)[a-z]+ing\s+(?:her|his|their|its|the|a|an)|"
    r"according to|following|amid|ahead of|in a|in an|in the|during|with|without|under|"
    r"for the|on the|at the|in)\b[^,;:“”\"]{2,120}?\s*,\s+",
    re.IGNORECASE,
)
# Who said it or where, put first: "According to Ukraine’s Air Force, ...",
# "Speaking during a panel at the forum, Putin made clear ...". Never the fact.
_LEADING_FRAME = re.compile(
    r"(?:according to|speaking|addressing|writing|asked)\b[^,;:“”\"]{2,100}?\s*,\s+",
    re.IGNORECASE,
)
_ATTRIBUTION_TAIL = re.compile(
    r"(?<![”\"'])\s*,\s*(?:[^,;“”\"]{0,60}?\s)?"
    r"(?:said|says|added|noted|stated|reported|announced|explained|wrote|"
    r"told [^,;.“”\"]{1,40}?|according to [^,;.“”\"]{1,60}?)"
    r"(?:\s+(?:on|last|this)\s+\w+)?(?:\s+(?:in a statement|on twitter))?"
    r"(?=\s*[.!?]?\s*$)",
    re.IGNORECASE,
)
# One of these is in every attribution tail: sentences without any skip the pattern.
_ATTRIBUTION_WORDS = ("said", "says", "added", "noted", "stated", "reported", "announced", "explained", "wrote", "told", "according")
_DASHES = ("—", "–", "--")
# The longest attribution tail the pattern can match, with room to spare.
_ATTRIBUTION_REACH = 240
_ACCORDING_TO = re.compile(
    r"\s*,?\s+according to [^,;.“”\"]{1,60}?(?=\s*[,.]\s*$|\s*,\s)", re.IGNORECASE
)
_TIME_ADJUNCT = re.compile(
    r"\s+(?:on|last|this|early|late|on\s+the\s+night\s+of)\s+"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"(?:\s+(?:night|morning|afternoon|evening))?(?=[\s,.;])(?!\s+['’]s\b)",
    re.IGNORECASE,
)
_PARENTHETICAL = re.compile(r"\s*\((?!\s*cnn\s*\))[^()]{1,80}\)")
_DASH_PAIR = re.compile(r"\s*(?:—|–|\s--\s)\s*[^—–]{1,80}?\s*(?:—|–|\s--\s)\s*")
_RELATIVE_APPOSITIVE = re.compile(
    r"\s*,\s+(?:who|whose|which|where|a|an|aged|\d{1,3}|even|especially|particularly|"
    r"including|mostly|mainly|perhaps)\b[^,;:“”\"]{0,80}?\s*,(?=\s)"
)
_MID_ATTRIBUTION = re.compile(
    r"\s*,\s*(?:(?:he|she|they|it|officials|police|(?:[A-Z][\w’'-]+\s+){0,3}[A-Z][\w’'-]+)\s+(?:said|says|added)"
    r"|(?:says|said)\s+(?:[^\s,;“”\"]+\s+){0,3}[^\s,;“”\"]+)(?=\s*,)"
)
# A caption's kicker: "Horrifying: the girl's body was found ...".
# A caption's kicker may run to a few words ("big brother is watching : a speed
# camera ..."); what follows the colon must not be a quote (then the words
# before it are the speaker, not a kicker).
_KICKER = re.compile(r"[^\W\d][\w’'-]*(?:\s+[^\W\d][\w’'-]*){0,4}\s*:\s+(?=[^\s“\"'‘`])")
_SPEECH_BEFORE_COLON = re.compile(
    r"\b(?:said|says|say|told|tells|wrote|writes|added|adds|read|reads|explained|insisted|"
    r"tweeted|posted|stated|announced|warned|revealed|asked|declared|claimed)\s*:",
    re.IGNORECASE,
)
_SUBORDINATE_START = re.compile(
    r"^\W*(?:while|although|though|as|after|before|when|since|because|despite|if|once|"
    r"until|unless|by the time|following|with|without|aided|having|ahead of|amid|during|"
    r"according to|speaking|asked|in|on|at|for|under|over|oblivious|instead of)\b",
    re.IGNORECASE,
)
# After a name: "Zelenskyy, addressing the forum on Friday, insisted",
# "Dnipro, central Ukraine, strikes". Only the group "cut" is deleted.
# Only in subject position (within the first words): after an object the same
# shape is a clause that carries the fact ("on Friday, declaring that ...").
_NAME_APPOSITIVE = re.compile(
    r"\W*(?:[\w’'.-]+\s+){0,4}?[A-Z][\w’'.-]*(?P<cut>\s*,\s+(?:the\s+)?[^,;:“”\"]{2,60}?\s*,)(?=\s+[a-z])"
)
_TRAILING_CLAUSE = re.compile(
    r"\s*(?:,|;|\s--|—|–)\s*(?:saying|calling|adding|resulting|igniting|prompting|leaving|"
    r"making|citing|including|bringing|sparking|forcing|causing|according|which|who|"
    r"where|while|whereas|as|after|before|amid|despite|although|though|but|so|"
    r"even|with|although|because|since)\b.*$",
    re.IGNORECASE,
)
# Boundaries a long sentence may be cut at, strongest first: clause breaks,
# then the prepositions that start a trailing adjunct ("... on Friday").
_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:]|\s--|—|–)\s+|\s+but\s+")
_PHRASE_BREAK = re.compile(
    r"\s+(?:and|in|on|at|for|after|before|with|during|from|by|amid|over|since|"
    r"following|despite|near|across|into|under|than|because|while|when|where|who|which|that)\s",
    re.IGNORECASE,
)
# A cut must not leave a dangling function word at the end.
DANGLING = frozenset(
    "a an the of to and or but in on at for with by from as that which who "
    "his her its their our my your this these those is are was were be been "
    "has have had will would could should can may might not than".split()
)


def compress_sentence(
    sentence: str, max_words: int = MAX_WORDS, *, cased: bool | None = None
) -> Compression | None:
    """Compress one sentence to at most ``max_words`` words, or return None.

    ``cased`` says whether the text around the sentence uses capitals (False
    for lower-cased benchmark text); left out, the sentence itself decides.
    """
    found = _compress(sentence, max_words, cased, alternatives=False)
    return found[0] if found else None


def compression_candidates(
    sentence: str, max_words: int = MAX_WORDS, *, cased: bool | None = None
) -> list[Compression]:
    """Every acceptable compression of ``sentence`` within ``max_words``, preferred first.

    The first is what :func:`compress_sentence` returns. The others cut the
    sentence at other clause or phrase breaks, before and after the optional
    deletions, so that a caller weighing the words each one keeps (the
    Quick Looks selection does) can pick the one that keeps the informative
    core rather than the one that merely reads best.
    """
    return _compress(sentence, max_words, cased, alternatives=True)


def _compress(
    sentence: str, max_words: int, cased: bool | None, *, alternatives: bool
) -> list[Compression]:
    kept = [(0, len(sentence))]
    protected = [m.span() for m in QUOTE_SPANS.finditer(sentence)]

    # Word positions, found once: counting the words kept by a set of spans is
    # then two bisections per span instead of joining and re-scanning the text.
    word_spans = [m.span() for m in WORD.finditer(sentence)]
    word_starts = [a for a, _ in word_spans]
    word_ends = [b for _, b in word_spans]

    def words_in(spans: list[tuple[int, int]]) -> int:
        # A word a span cuts through still shows as a word ("nations" of
        # "nations—part"), so every word the span overlaps counts.
        return sum(
            max(0, bisect_left(word_starts, b) - bisect_right(word_ends, a)) for a, b in spans
        )

    def text_of(spans: list[tuple[int, int]]) -> str:
        return " ".join(sentence[a:b].strip() for a, b in spans if sentence[a:b].strip())

    def try_delete(spans: list[tuple[int, int]], a: int, b: int) -> list[tuple[int, int]] | None:
        if a >= b or any(a < pe and ps < b and not (a <= ps and pe <= b) for ps, pe in protected):
            return None
        result = []
        for s, e in spans:
            if e <= a or s >= b:
                result.append((s, e))
                continue
            if s < a:
                result.append((s, a))
            if e > b:
                result.append((b, e))
        if words_in(result) < _MIN_WORDS:
            return None
        return result

    def too_long(spans: list[tuple[int, int]]) -> bool:
        return words_in(spans) > max_words

    def apply(
        pattern: re.Pattern[str],
        spans: list[tuple[int, int]],
        *,
        always: bool = False,
        tail: int | None = None,
        needs: tuple[str, ...] = (),
    ):
        """Delete matches one at a time, stopping once the sentence fits (unless ``always``).

        ``tail`` limits the search to the sentence's last characters, for a
        pattern anchored at its end. ``needs`` lists strings one of which any
        match contains (lower case): without them the pattern is not run, which
        spares most sentences most patterns.
        """
        if not always and not too_long(spans):
            return spans
        if needs and not any(n in lowered for n in needs):
            return spans
        start = max(0, len(sentence) - tail) if tail else 0
        for match in list(pattern.finditer(sentence, start)):
            if not always and not too_long(spans):
                break
            a, b = match.span("cut") if "cut" in pattern.groupindex else match.span()
            if not inside(spans, a, b):
                continue
            trial = try_delete(spans, a, b)
            if trial is not None:
                spans = trial
        return spans

    lowered = sentence.lower()
    if cased is None:
        cased = any(c.isupper() for c in sentence)
    # Framing that is never the fact goes whatever the length.
    kept = apply(_CASED_DATELINE if cased else _LOWER_DATELINE, kept, always=True)
    kept = apply(_LIST_MARK, kept, always=True)
    kicker = _KICKER.match(sentence, kept[0][0])
    if kicker and not _SPEECH_BEFORE_COLON.search(kicker.group()):
        kept = try_delete(kept, *kicker.span()) or kept
    kept = _apply_at_start(_OPENER, sentence, kept, try_delete)
    kept = _apply_at_start(_LEADING_FRAME, sentence, kept, try_delete)
    kept = apply(_ATTRIBUTION_TAIL, kept, always=True, tail=_ATTRIBUTION_REACH, needs=_ATTRIBUTION_WORDS)
    kept = apply(_ACCORDING_TO, kept, always=True, needs=("according",))
    kept = apply(_MID_ATTRIBUTION, kept, always=True, needs=("said", "says", "added"))
    # The rest only as far as needed: every word kept is a word of the fact.
    # Each stage is remembered: a cut made before a deletion keeps other words
    # than one made after it, and either may be the better fact.
    # Parentheticals go whatever the length: "( left )", "( pictured )" and
    # asides spend a headline's words on what the sentence itself calls minor.
    kept = apply(_PARENTHETICAL, kept, always=True, needs=("(",))
    stages = [kept]
    if too_long(kept):
        kept = _apply_at_start(_LEADING_CLAUSE, sentence, kept, try_delete)
        stages.append(kept)
    kept = apply(_RELATIVE_APPOSITIVE, kept)
    stages.append(kept)
    if cased and too_long(kept):
        match = _NAME_APPOSITIVE.match(sentence, kept[0][0])
        if match and inside(kept, *match.span("cut")):
            kept = try_delete(kept, *match.span("cut")) or kept
    kept = apply(_DASH_PAIR, kept, needs=_DASHES)
    stages.append(kept)
    # "voted 7-2 on Tuesday night to spend ..." -> "voted 7-2 to spend ...":
    # headlines leave out the day when the words are needed for the fact.
    if too_long(kept):
        timeless = apply(_TIME_ADJUNCT, kept, always=True, needs=("day",))
        if timeless != kept:
            # Offered beside the rest either way; chosen outright when the
            # day alone was what kept the sentence from fitting.
            stages.append(timeless)
            if not too_long(timeless):
                kept = timeless
    spaced = re.search(r"\s[.!?]\W*$", sentence) is not None

    def finish(spans) -> Compression | None:
        joined = text_of(spans)
        if len(spans) > 1 and (spans[0][1], spans[1][0]) in joins:
            # Speaker and declared fact, headline style: "Putin: foreign troops ...".
            joined = sentence[spans[0][0] : spans[0][1]].strip() + ": " + text_of(spans[1:])
        shown = tidy_bullet(joined, cased, spaced)
        words = count_words(shown)
        if words < _MIN_WORDS or words > max_words:
            return None
        if states_fact and not has_finite_verb(shown):
            # A deletion took the verb ("Flintoff, speaking at the launch."):
            # what is left names something and states nothing.
            return None
        return Compression(shown, tuple(spans))

    # Text the verb lists cannot read (another language) is left to the other checks.
    states_fact = has_finite_verb(sentence)

    joins: set[tuple[int, int]] = set()  # (speaker end, declared fact start)
    if alternatives and cased:
        # Headlines name people by surname: "Russian President Vladimir Putin"
        # -> "Putin" frees words for the fact itself.
        for stage in list(stages):
            shorter = shorten_title(sentence, stage, try_delete)
            if shorter is not None:
                stages.append(shorter)
        # "X issued a warning on Friday, declaring that Y": the news is Y, said by X.
        reported = reported_fact(sentence, kept, protected)
        if reported is not None:
            joins.add((reported[0][1], reported[1][0]))
            stages.append(reported)
            shorter = shorten_title(sentence, reported, try_delete)
            if shorter is not None:
                stages.append(shorter)
            stages.append(apply(_RELATIVE_APPOSITIVE, stages[-1]))
        # "... remarks by Emmanuel Macron, who announced that 26 nations had
        # pledged troops": the fact is in the relative clause, said by Macron.
        relative = relative_reported_fact(sentence, kept, protected)
        if relative is not None:
            joins.add((relative[0][1], relative[1][0]))
            stages.append(relative)
            stages.append(apply(_DASH_PAIR, relative, needs=_DASHES))

    cut_cache: dict[tuple, list] = {}
    breaks: list[list[int]] = []  # clause and phrase break offsets, found once per sentence

    def cut_options(spans):
        key = tuple(spans)
        if key not in cut_cache:
            if not breaks:
                breaks.extend(
                    [m.start() for m in pattern.finditer(sentence)]
                    for pattern in (_CLAUSE_BREAK, _PHRASE_BREAK)
                )
            cut_cache[key] = _cut_options(
                sentence, spans, max_words, protected, text_of, words_in, breaks, ranked=True
            )
        return cut_cache[key]

    results: list[Compression] = []
    if too_long(kept):
        options = cut_options(kept)
        best = options[0] if options else None
        if best is not None:
            results.append(finish(best))
    else:
        results.append(finish(kept))
    if alternatives:
        seen_spans = {c.kept for c in results if c}
        seen_stages = set()
        for stage in stages:
            if tuple(stage) in seen_stages:
                continue
            seen_stages.add(tuple(stage))
            options = (
                cut_options(stage) if too_long(stage)
                else [stage]
            )
            for spans in options:
                if tuple(spans) in seen_spans:
                    continue
                seen_spans.add(tuple(spans))
                results.append(finish(spans))
    return [c for c in results if c is not None]


def _apply_at_start(pattern, sentence, spans, try_delete):
    """Apply a sentence-initial pattern to whatever text is now first."""
    for _ in range(3):
        start = spans[0][0]
        match = pattern.match(sentence, start)
        if not match or match.end() > spans[0][1]:
            return spans
        trial = try_delete(spans, start, match.end())
        if trial is None:
            return spans
        spans = trial
    return spans


# "..., declaring." or "after successfully getting.": a participle cut from its object.
_STRANDED_ING = re.compile(
    r",\s*\S+\W*$|\b(?:after|before|while|by|without|since)\s+(?:\w+ly\s+)?\S+\W*$"
)


_DURATION_END = re.compile(
    r"\b(?:\d[\d,.]*|a|an|few|several|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+"
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\W*$",
    re.IGNORECASE,
)
_MEASURED_FROM = re.compile(r"\s+(?:after|before|since)\b", re.IGNORECASE)


def _is_verb_only(word: str) -> bool:
    """An -ing word the lexicon knows as a verb and not as a noun: "asking", not "building"."""
    return bool(lemmas(word, "VERB")) and not lemmas(word, "NOUN")


_WH_WORDS = frozenset("how why whether what which who whom".split())


# The last comma's words when there are at most three of them: ", three months".
_COMMA_STUB = re.compile(r",\s*((?:[^\s,]+\s+){0,2}[^\s,]+)\W*$")


def _cut_options(sentence, spans, max_words, protected, text_of, words_in, breaks, ranked=False):
    """Every acceptable cut within ``max_words``; with ``ranked``, the best first.

    A clause break (comma, dash, "but") reads better than a phrase break
    ("... on Friday"), so it ranks above one that keeps up to 2 more words.
    """
    found = []
    # "Zelenskyy, addressing the forum on Friday, insisted ...": a cut before the
    # verb that follows the subject's appositive leaves a subject with no verb.
    subject = _NAME_APPOSITIVE.match(sentence, spans[0][0])
    no_cut_before = subject.end("cut") + 1 if subject else 0
    for cuts, bonus in zip(breaks, (2, 0)):
        for cut in cuts:
            if cut < no_cut_before or any(ps < cut < pe for ps, pe in protected):
                continue
            trial = [(s, min(e, cut)) for s, e in spans if s < cut]
            if not trial:
                continue
            words = words_in(trial)
            if words > max_words:
                break
            if words < max(_MIN_WORDS + 1, max_words // 2):
                continue
            shown = text_of(trial)
            if _SUBORDINATE_START.match(shown) and not _CLAUSE_BREAK.search(shown):
                # Keeping only "Since winning the league ..." keeps the wrong clause.
                continue
            tail = [w.lower().strip(",.;:") for w in shown.split()[-3:]]
            # "... on tuesday night and engaged" is a verb phrase cut in half.
            half_pair = any(w in ("and", "or") for w in tail[-3:-1])
            # "..., declaring." or "after successfully getting." stops before its object.
            # A cut inside ", declaring that ..." keeps the frame and loses what was declared.
            stranded = tail[-1] in REPORTING_WORDS or "both" in tail[-2:] or REPORTING.search(shown) or (
                tail[-1].endswith("ing") and _STRANDED_ING.search(shown) is not None
            )
            # "... had been asking." or "... wasted no time calling." stops a verb
            # before what it is about; "... in the building." ends on a noun.
            stranded = stranded or (tail[-1].endswith("ing") and _is_verb_only(tail[-1]))
            # "... found in the woods 90 minutes." before "after ...": a time that
            # only means something with what it is measured from.
            stranded = stranded or (
                _DURATION_END.search(shown) is not None and _MEASURED_FROM.match(sentence, cut) is not None
            )
            # "... divided over how quickly." stops a question before it is asked.
            stranded = stranded or any(w in _WH_WORDS for w in tail[-2:])
            if not bonus and not stranded:
                # "..., three months." keeps the start of a phrase and cuts off the rest of it.
                stub = _COMMA_STUB.search(shown)
                stranded = stub is not None and not has_finite_verb(stub.group(1))
            if (
                not stranded and
                words >= max(_MIN_WORDS + 1, max_words // 2)
                and tail
                and tail[-1] not in DANGLING
                and not half_pair
                and has_finite_verb(shown)
                # "... told the committee on Tuesday." before "that ...", "... asked the
                # council." before "to step in", "... the storm surge swept." before
                # "across the island": the verb keeps its object, not its point.
                # Asked last: it is the dearest check, and most cuts fail a cheaper one.
                and not loses_complement(shown, sentence[cut : cut + 160])
            ):
                found.append((words + bonus, len(found), trial))
    if ranked:
        found.sort(key=lambda f: (-f[0], f[1]))
    return [trial for _, _, trial in found]
