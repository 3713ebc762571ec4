"""Figures: the numbers a story reports, what they count and who claims them.

One regular-expression pass finds numerals and number words ("157",
"$4.2 million", "seven hundred", "a dozen", "12%"); filters drop what only
looks like a figure (dates, times, years, ordinals, names such as "F-16" or
"Article 5", ages in "Ruiz, 54,"); neighbours joined by "-", "to" or
"between … and" become ranges, or, beside the word "vote", a vote tally
("7-2": 7 in favour, 2 against).

For each figure the counted noun is read off the words after it ("157 strike
and decoy drones", "35-country coalition"), and the claimant from the
sentence's attribution ("According to Ukraine’s Air Force", "Russia’s Defense
Ministry claimed", "…, she said"). A list item inherits the claimant of the
sentence that introduces the list with a colon.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from quicklooks.text import lexicon as lx
from quicklooks.text import vocabulary
from quicklooks.text.entities import Entities
from quicklooks.text.numbers import NUMBER_START_PATTERN, NUMBER_WORDS_PATTERN, numeral_to_number, words_to_number
from quicklooks.text.sentences import Sentence


@dataclass(frozen=True)
class Figure:
    value: float | int
    unit: str | None  # "USD", "%", "km"
    counts: str | None  # "strike and decoy drones"
    claimed_by: str | None
    sentence: str
    start: int
    end: int
    upper: float | int | None = None  # the top of a range ("10 to 15 people")


_FIGURE = re.compile(
    r"(?P<cur>US\$|C\$|A\$|[$€£¥₴₽])?\s?"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{NUMBER_WORDS_PATTERN})"
    r"(?:(?:\s+|(?<=\d))(?P<scale>thousand|million|billion|trillion|bn|mn|m|k)\b)?"
    r"(?P<pct>%|\s+(?:percent|per\s+cent|percentage\s+points?)\b)?",
    re.IGNORECASE,
)
_ANCHOR = re.compile(NUMBER_START_PATTERN, re.IGNORECASE)
_CURRENCY_MARKS = "$€£¥₴₽"
_CURRENCIES = {"$": "USD", "US$": "USD", "C$": "CAD", "A$": "AUD", "€": "EUR", "£": "GBP", "¥": "JPY", "₴": "UAH", "₽": "RUB"}
_MONEY_WORDS = {
    "dollars": "USD", "euros": "EUR", "pounds sterling": "GBP", "rubles": "RUB", "roubles": "RUB",
    "hryvnias": "UAH", "yuan": "CNY", "yen": "JPY", "rupees": "INR", "reais": "BRL",
}
_UNITS = {
    "km": "distance", "kilometers": "distance", "kilometres": "distance", "miles": "distance", "mile": "distance",
    "meters": "distance", "metres": "distance", "m": "distance", "feet": "distance", "ft": "distance",
    "inches": "distance", "millimeters": "distance", "millimetres": "distance", "mm": "distance",
    "centimeters": "distance", "centimetres": "distance", "cm": "distance", "kg": "weight", "kilograms": "weight", "tons": "weight", "tonnes": "weight",
    "pounds": "weight", "lbs": "weight", "acres": "area", "hectares": "area", "mph": "speed", "km/h": "speed",
    "degrees": "temperature", "°c": "temperature", "°f": "temperature", "gw": "power", "mw": "power", "kw": "power",
    "barrels": "volume", "liters": "volume", "litres": "volume", "gallons": "volume",
}
_UNIT_AFTER = re.compile(
    r"(?:\s?)(km/h|°C|°F|(?:square\s+)?(?:kilometers|kilometres|miles|km)|[a-zA-Z]+)\b"
)
_TIME_AFTER = re.compile(
    r"\s*(?:%s)" % "|".join(
        re.escape(p) + (r"\b" if p[-1].isalnum() else "") for p in vocabulary.phrases("clock_words")
    ),
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(r"\b(?:%s)\.?\s+$" % "|".join(lx.MONTHS), re.IGNORECASE)
_MONTH_AFTER = re.compile(r"\s+(?:%s)\b" % "|".join(lx.MONTHS), re.IGNORECASE)
_IDENTIFIER_BEFORE = re.compile(r"\b(?:%s)\.?\s+$" % "|".join(sorted(vocabulary.words("identifier_words"))))
_TIME_WORDS = vocabulary.words("duration_units")  # "three days": a span of time, not a count of things
_COUNT_STOP = vocabulary.words("count_stop_words")
_IRREGULAR_PLURALS = vocabulary.words("plural_nouns")
_PP_KEEP = vocabulary.words("counted_noun_prepositions")  # "homes without power", "barrels of oil"
_FRACTIONS = vocabulary.words("fractions")
_WORTH_OF = re.compile(r"^worth\s+of\s+", re.IGNORECASE)  # "$250 billion worth of stuff" counts the stuff
_AGO = re.compile(r"[\s-]+(?:%s)\s+ago\b" % "|".join(sorted(vocabulary.words("duration_units"))), re.IGNORECASE)
_KIND_COMPOUND = re.compile(r"-(?:%s)\b" % "|".join(sorted(vocabulary.words("kind_compounds"))), re.IGNORECASE)
_VOTE_CONTEXT = re.compile(r"\b(?:%s)\b" % "|".join(sorted(vocabulary.words("vote_words"))), re.IGNORECASE)
_CLAIM_VERB = re.compile(rf"\b(?:{lx.CLAIM_VERB_PATTERN})\b", re.IGNORECASE)
_ACCORDING = re.compile(r"\baccording to\s+", re.IGNORECASE)
_TAIL_PRONOUN = re.compile(r",\s*(?:(he|she)\s+(?:\w+\s+)?(?:%s)|(?:%s)\s+(he|she))\b" % (lx.SPEECH_VERB_PATTERN, lx.SPEECH_VERB_PATTERN), re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][\w’'-]*")


# Compiled once: _read runs them for every number in the story.
_JOINED_BEFORE = re.compile(r"[A-Za-z][-–]$|\d{4}[-–]$")
_CLOCK_AFTER = re.compile(r":\d")
_APPOSITION_BEFORE = re.compile(r"[A-Za-z]+,\s$")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_LETTERS = re.compile(r"[a-zA-Z/]+")
_DASH_GAP = re.compile(r"\s*[-–—]\s*")
_TO_GAP = re.compile(r"\s+to\s+")
_AND_GAP = re.compile(r"\s+and\s+")
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.IGNORECASE)


def find_figures(text: str, sentences: list[Sentence], entities: Entities) -> list[Figure]:
    """Every figure in ``text``, in order, with what it counts and who claims it."""
    starts = [s.start for s in sentences]
    raw: list[Figure] = []
    for match in _candidates(text):
        figure = _read(text, match)
        if figure is None:
            continue
        i = bisect_right(starts, match.start()) - 1
        sentence = sentences[i] if i >= 0 else None
        raw.append(replace(figure, sentence=sentence.text if sentence else ""))
    figures = _join_ranges_and_votes(text, raw)

    out = []
    cache: dict[int, _Attribution] = {}
    # The sentence each list item hangs from, found in one pass: walking back from every item
    # would cost the square of the list's length.
    intro: list[int] = []
    for k, s in enumerate(sentences):
        intro.append((intro[k - 1] if k and sentences[k - 1].text.startswith("- ") else k - 1)
                     if s.text.startswith("- ") else -1)
    for figure in figures:
        i = bisect_right(starts, figure.start) - 1
        if i < 0:
            out.append(figure)
            continue
        if _in_aside(text, sentences[i], figure.start):
            # "Macron announced that 26 nations—part of a broader 35-country
            # coalition—had pledged troops": the aside is the writer's
            # background, not what the speaker claimed.
            out.append(figure)
            continue
        claim = _claimant(text, sentences, i, entities, figure.start, cache)
        if claim is None and sentences[i].text.startswith("- "):
            claim = _list_claimant(text, sentences, intro[i], entities, cache)
        out.append(replace(figure, claimed_by=claim))
    return out


_ASIDE_MARK = re.compile(r"—|–|\s--\s|[()]")


def in_aside(text: str, start: int, end: int, at: int) -> bool:
    """Whether ``at`` lies in a dash-bracketed or parenthesised aside of ``text[start:end]``."""
    return _in_aside(text, Sentence(0, start, end, text[start:end]), at)


def _in_aside(text: str, sentence: Sentence, at: int) -> bool:
    """Whether ``at`` lies between a pair of dashes or inside parentheses in its sentence."""
    before = [m.group().strip() for m in _ASIDE_MARK.finditer(text, sentence.start, at)]
    after = [m.group().strip() for m in _ASIDE_MARK.finditer(text, at, sentence.end)]
    if before and before[-1] == "(" and ")" in after:
        return True
    dashes_before = sum(1 for d in before if d not in "()")
    return dashes_before % 2 == 1 and any(d not in "()" for d in after)


def _candidates(text: str):
    """Matches of the figure pattern, tried only where a digit or number word starts.

    Running the full pattern at every offset costs more than the rest of the
    extraction together; a cheap scan finds the few places worth trying.
    """
    last_end = 0
    for token in _ANCHOR.finditer(text):
        start = token.start()
        if start < last_end:
            continue
        before = text[max(0, start - 3) : start]
        if before.endswith(("US$", "C$", "A$")):
            start -= 3 if before.endswith("US$") else 2
        elif before[-1:] in _CURRENCY_MARKS:
            start -= 1
        match = _FIGURE.match(text, start)
        if match:
            last_end = match.end()
            yield match


def _read(text: str, match: re.Match) -> Figure | None:
    start, end = match.start("num"), match.end()
    cur, num, scale, pct = match.group("cur"), match.group("num"), match.group("scale"), match.group("pct")
    if cur:
        start = match.start("cur")
    is_words = not num[0].isdigit()
    before = text[max(0, start - 20) : start]
    after = text[end : end + 30]
    if before[-1:].isalnum() or before[-1:] in ("/", ":", "#") or _JOINED_BEFORE.search(before):
        return None  # "F-16", "24/7", "10:30", "#3", "2022-23"
    if after[:1] == "/" or _CLOCK_AFTER.match(after) or (after[:1].isalpha() and not scale and not pct and not _attached_unit(after)):
        return None  # "5th", "1990s", "3pm", "5G"
    if _TIME_AFTER.match(after) or _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
        return None
    if _IDENTIFIER_BEFORE.search(before):
        return None
    if _KIND_COMPOUND.match(after):
        return None  # "four-way stops", "a two-lane road": the number names a kind, it counts nothing
    if _AGO.match(text, end):
        return None  # "more than 20 years ago": a point in time, like a date
    if _APPOSITION_BEFORE.search(before) and after[:1] == "," and not cur and not is_words:
        return None  # "Ruiz, 54, a teacher": an age in apposition
    if not is_words and not cur and not pct and not scale and _YEAR.fullmatch(num):
        return None  # a year
    if is_words:
        value = words_to_number(num)
        if value is None or num.lower() == "one":
            return None
    else:
        short = scale and scale.lower() in ("m", "k", "mn", "bn") and not cur and scale.lower() != "bn"
        value = numeral_to_number(num, None if short else scale)
        if short:
            end = match.end("num")  # "200m" without a currency is metres, not millions
            scale = None
    unit = None
    if cur:
        unit = _CURRENCIES.get(cur.upper(), cur)
    elif pct:
        unit = "percentage points" if "point" in pct.lower() else "%"
    else:
        unit, end = _unit(text, end)
    counts = _counted(text, end)
    if unit is not None and unit in _UNITS.values():
        counts = None
    if unit is not None and unit.lower() in _UNITS:
        counts = _UNITS[unit.lower()]
    if counts is not None and unit is None and counts.split()[0].lower().removesuffix("s") in _FRACTIONS:
        return None  # "two thirds", "three quarters": a share of something else, not a count
    if is_words and unit is None and (counts is None or counts.split()[0].lower() in _TIME_WORDS):
        return None  # "two days", "three times": number words that count nothing
    return Figure(value, unit, counts, None, "", start, end)


def _attached_unit(after: str) -> bool:
    match = _LETTERS.match(after)
    return bool(match) and match.group().lower() in _UNITS


def _unit(text: str, end: int) -> tuple[str | None, int]:
    match = _UNIT_AFTER.match(text, end, min(len(text), end + 30))
    if not match:
        return None, end
    word = match.group(1)
    lower = word.lower()
    if lower in _UNITS and (lower != "m" or match.group(0)[:1] != " "):
        return word, match.end()
    if lower.startswith("square"):
        return word, match.end()
    for money, code in _MONEY_WORDS.items():
        if text.startswith(money, match.start(1)):
            return code, match.start(1) + len(money)
    return None, end


def _counted(text: str, pos: int) -> str | None:
    """'157 strike and decoy drones' -> 'strike and decoy drones'; stops at the first plural."""
    if text.startswith("-", pos):
        pos += 1  # "35-country coalition": the compound counts
    elif text[pos : pos + 1] != " ":
        return None
    words: list[tuple[str, int, int]] = []
    cursor = pos
    for match in _WORD.finditer(text, pos, min(len(text), pos + 80)):
        if text[cursor : match.start()].strip() and words:
            break  # punctuation ends the phrase
        if text[cursor : match.start()].strip() and not words and text[cursor : match.start()].strip() != "-":
            return None
        word = match.group()
        lower = word.lower().rstrip("’'")
        cursor = match.end()
        if lower == "and":
            if not words:
                break
            words.append((word, match.start(), match.end()))
            continue
        if lower in _COUNT_STOP or lower in lx.SPEECH_VERBS:
            break
        words.append((word, match.start(), match.end()))
        if _is_plural(lower) or len(words) >= 4:
            break
    while words and words[-1][0].lower() == "and":
        words.pop()
    if not words:
        return None
    return text[words[0][1] : words[-1][2]]


def _is_plural(word: str) -> bool:
    if word in _IRREGULAR_PLURALS:
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _join_ranges_and_votes(text: str, figures: list[Figure]) -> list[Figure]:
    out: list[Figure] = []
    i = 0
    while i < len(figures):
        a = figures[i]
        b = figures[i + 1] if i + 1 < len(figures) else None
        if b is not None:
            gap = text[a.end : b.start]
            dash = _DASH_GAP.fullmatch(gap) is not None
            word = _TO_GAP.fullmatch(gap) or (
                _AND_GAP.fullmatch(gap) and _BETWEEN_BEFORE.search(text[max(0, a.start - 10) : a.start])
            )
            if dash and _VOTE_CONTEXT.search(a.sentence) and b.value <= a.value:
                out.append(replace(a, unit="votes", counts="votes in favour"))
                out.append(replace(b, unit="votes", counts="votes against"))
                i += 2
                continue
            if (dash or word) and b.value > a.value:
                low = a.value
                if b.unit and not a.unit and a.value < 1000 and b.value >= 1000 and b.value / 1000 >= a.value:
                    low = a.value * (b.value // _magnitude(b.value))  # "3 to 4 million"
                out.append(replace(a, value=low, upper=b.value, unit=a.unit or b.unit, counts=a.counts or b.counts, end=b.end))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _magnitude(value: float) -> int:
    for scale in (1_000_000_000_000, 1_000_000_000, 1_000_000, 1_000):
        if value >= scale:
            return scale
    return 1


@dataclass
class _Attribution:
    """What one sentence says about sources: read once, asked for each of its figures."""

    mentions: list
    according: re.Match | None
    verbs: list[re.Match]
    pronoun: bool


def _attribution(text: str, sentence: Sentence, entities: Entities) -> _Attribution:
    return _Attribution(
        [m for m in entities.mentions_between(sentence.start, sentence.end) if m.kind != "place"],
        _ACCORDING.search(text, sentence.start, sentence.end),
        # A capitalised verb inside a sentence is a word of a name: "the United States", "Reuters Reports".
        [v for v in _CLAIM_VERB.finditer(text, sentence.start, sentence.end)
         if not v.group()[:1].isupper() or not text[sentence.start:v.start()].strip()],
        _TAIL_PRONOUN.search(text, sentence.start, sentence.end) is not None,
    )


def _claimant(text: str, sentences: list[Sentence], index: int, entities: Entities, at: int, cache: dict) -> str | None:
    """Who the sentence says the figure at ``at`` comes from, or None."""
    if index not in cache:
        cache[index] = _attribution(text, sentences[index], entities)
    found: _Attribution = cache[index]
    mentions = found.mentions
    if found.according:
        after = [m for m in mentions if m.start >= found.according.end()]
        if after and after[0].start - found.according.end() < 20:
            return after[0].name
    # The verb nearest before the figure governs it ("…, who announced that 26
    # nations"); failing that, an attribution after it ("…, the mayor said").
    before_figure = [v for v in found.verbs if v.end() <= at]
    floor = sentences[index].start
    for verb, low in ([(before_figure[-1], floor)] if before_figure else []) + [
        (v, at) for v in found.verbs if v.start() >= at
    ]:
        subjects = [m for m in mentions if low <= m.start and m.end <= verb.start() and not m.possessive]
        if subjects:
            return subjects[-1].name
        objects = [m for m in mentions if m.start >= verb.end() and m.start - verb.end() < 20]
        if objects:
            return objects[0].name
    if found.pronoun:
        return _previous_subject(entities, sentences, index)
    return None


def _previous_subject(entities: Entities, sentences: list[Sentence], index: int) -> str | None:
    for i in range(index, max(-1, index - 5), -1):
        people = [m for m in entities.mentions_between(sentences[i].start, sentences[i].end) if m.kind == "person"]
        if people:
            plain = [m for m in people if not m.possessive] or people
            return plain[0].name
    return None


def _list_claimant(text: str, sentences: list[Sentence], i: int, entities: Entities, cache: dict) -> str | None:
    """'According to X, forces launched:' then '- 157 drones': the list inherits X (sentence ``i``)."""
    if i < 0 or not sentences[i].text.rstrip().endswith(":"):
        return None
    return _claimant(text, sentences, i, entities, sentences[i].end, cache)



# --- which figures a chart may put side by side ---------------------------------------
def counted_kind(counts: str | None) -> str:
    """The head noun of a counted phrase, lower case: what a chart groups figures by.

    'strike and decoy drones' -> 'drones'; 'homes and businesses without power'
    -> 'businesses' (the phrase ends before its "without"); 'worth of goods' ->
    'goods'. '' where nothing countable is named: no counted noun, a span of
    time ("90 minutes" is a duration, not an amount to set beside others), or a
    phrase holding another number ("deaths and 40 people" is two figures' words).
    """
    words = _WORTH_OF.sub("", counts or "").split()
    head = []
    for word in words:
        if word.lower() in _PP_KEEP:
            break
        head.append(word)
    if not head or any(ch.isdigit() for w in head for ch in w):
        return ""
    kind = head[-1].lower().strip(".,;:")
    return "" if kind in _TIME_WORDS else kind


def bar_label(figure) -> str:
    """What a figure's bar says: its counted noun (or unit), and who claims it."""
    label = (figure.counts or figure.unit or "").strip()
    return f"{label}, according to {figure.claimed_by}" if figure.claimed_by else label


def comparable_groups(figures: list, *, minimum: int = 2) -> list[tuple[str, list]]:
    """Figures of the same kind and unit, in story order, where bars side by side mean something.

    Works on anything with ``value``, ``unit``, ``counts`` and ``claimed_by``
    (the text core's :class:`Figure` or a stored row). Returns (kind, members),
    the unit in brackets after the kind when there is one. A group needs
    ``minimum`` members, more than one value, and a different label on every
    bar: "2 people" beside "40 people", one killed and one rescued, tells a
    reader nothing about what differs between the bars.
    """
    groups: dict[tuple[str, str], list] = {}
    for figure in figures:
        noun = counted_kind(figure.counts)
        if noun:
            groups.setdefault((noun, figure.unit or ""), []).append(figure)
    return [
        (noun if not unit else f"{noun} ({unit})", members)
        for (noun, unit), members in groups.items()
        if len(members) >= minimum and len({f.value for f in members}) > 1
        and len({bar_label(f).lower() for f in members}) == len(members)
    ]


# --- reading figures with the parse ---------------------------------------------------
_AGE = re.compile(r"[\s-]*(?:year|month|week|day)s?[\s-]+old\b", re.IGNORECASE)
_NOMINAL = frozenset({"NOUN", "PROPN"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})  # Penn tags of a verb that heads a clause of its own


def refine(figures: list[Figure], doc) -> list[Figure]:
    """Figures a reader wants, read with the parse of ``doc`` (a Document over the same text).

    Drops numbers that are parts of names ("Apollo 11", "131 West 23rd
    Street") and ages ("a 63-year-old"); checks the counted noun against the
    parse and, where the words after the number were not a noun phrase ("$18
    million he said", "30 engage"), takes the noun the number modifies
    instead, with what is coordinated with it and a short "without …" or
    "of …" phrase ("240,000 homes and businesses without power").
    """
    names = sorted((n.start, n.end) for n in doc.names)
    name_starts = [s for s, _ in names]
    out: list[Figure] = []
    for f in figures:
        k = bisect_right(name_starts, f.start) - 1
        if k >= 0 and names[k][0] <= f.start < names[k][1] and f.unit is None:
            continue  # part of a name
        if _AGE.match(doc.text, f.end) or (f.counts or "").lower().startswith(("year-old", "year old")):
            continue  # an age describes a person; it is not a figure of the story
        number = _number_token(doc, f)
        if number is not None and f.unit is None:
            after = doc.tokens[number.i + 1] if number.i + 1 < len(doc.tokens) else None
            if after is not None and after.sentence == number.sentence and after.upos in ("PROPN", "NOUN") and \
                    after.text[:1].isupper() and number.dep in ("compound", "nummod", "flat", "nmod") and \
                    doc.tokens[number.head].upos == "PROPN" and not _is_plural(doc.tokens[number.head].text.lower()):
                continue  # an address or a name: "131 West 23rd Street"; "40 Republicans" counts people
        if f.unit is None or f.unit not in _UNITS.values():
            f = replace(f, counts=_checked_counts(doc, f, number))
            if f.unit is None and _names_a_place(f.counts):
                continue  # "10 Downing Street", "221 Baker Street": an address the parse did not see
        if f.unit is not None and f.unit.lower() in _UNITS and f.counts is None:
            # Only measures: "35 percent of Mexican jobs" would read well too, but the topic pages
            # chart a counted noun across stories, and "of the vote" would start series there.
            f = replace(f, counts=_unit_counts(doc, f, number))
        out.append(f)
    return _without_restatements(out)


def _without_restatements(figures: list[Figure]) -> list[Figure]:
    """Each figure once: a later mention of the same amount of the same thing restates it.

    "a billion people …, Mr. Obama said" and, two paragraphs on, "those billion
    people" are one row; the first mention stays, taking a claimant from a later
    one when it has none.
    """
    first: dict[tuple, int] = {}
    out: list[Figure] = []
    for f in figures:
        # Only a named count says it is the same thing: "$100 million" raised by a PAC and
        # "$100 million" left in the bank are two figures.
        key = (f.value, f.upper, f.unit, f.counts.lower()) if f.counts else None
        if key is None or key not in first:
            if key is not None:
                first[key] = len(out)
            out.append(f)
        elif out[first[key]].claimed_by is None and f.claimed_by:
            out[first[key]] = replace(out[first[key]], claimed_by=f.claimed_by)
    return out


def _names_a_place(counts: str | None) -> bool:
    """A counted phrase of capitalised words whose head is singular: a street or a building, not a count.

    "40 Republicans" and "7 Missiles" (a title-case headline) count things; "Downing Street" names one.
    """
    words = _WORTH_OF.sub("", counts or "").split()
    head = []
    for word in words:
        if word.lower() in _PP_KEEP:
            break
        head.append(word)
    return bool(head) and all(w[:1].isupper() for w in head) and not _is_plural(head[-1].lower())


def _number_token(doc, f: Figure):
    for t in doc.tokens_in(f.start, max(f.end, f.start + 1)):
        if t.upos == "NUM" or t.text[:1].isdigit():
            return t
    return None


def _checked_counts(doc, f: Figure, number) -> str | None:
    """The figure's counted noun if the parse agrees it is one, else the noun the number modifies."""
    if f.counts:
        last = doc.tokens_in(f.start, f.end + len(f.counts) + 40)
        words = f.counts.split()
        hit = next((t for t in last if t.text == words[-1] and t.start >= f.end), None)
        if hit is not None and hit.upos in _NOMINAL:
            return _extend(doc, hit, f.counts)
    if number is None or number.dep not in ("nummod", "compound") or number.head == number.i:
        return None
    head = doc.tokens[number.head]
    if head.upos not in _NOMINAL or head.i < number.i or head.i - number.i > 4 or head.start < f.end:
        return None  # not a noun after the number, or a word of the figure itself ("percent", "million")
    words = [t for t in doc.tokens[number.i + 1:head.i + 1] if t.upos != "PUNCT"]
    if not words:
        return None
    if head.text.lower() in _TIME_WORDS and words[0].text.lower() in _COUNT_STOP:
        # "grew to 151,000 last year": the parse hangs the number on a time phrase the
        # surface reading stopped at ("5,000 more police" is a count, though "more" stops it too).
        return None
    return _extend(doc, head, doc.text[words[0].start:head.end])


def _unit_counts(doc, f: Figure, number) -> str | None:
    """'7 inches of rain' -> 'rain': what a measured figure measures, from the unit's "of" phrase."""
    if number is None or number.head == number.i:
        return None
    unit = doc.tokens[number.head]
    while unit.upos in ("NUM", "SYM") and unit.head != unit.i and unit.end <= f.end:
        unit = doc.tokens[unit.head]  # "3 million barrels", "$4.2 million": up through the number's words
    if unit.i <= number.i or unit.end > f.end + 1:
        return None  # the number does not hang from its own unit word
    for c in doc.children(unit):
        if c.dep == "nmod" and c.upos in _NOMINAL and c.i > unit.i:
            case = next((k for k in doc.children(c) if k.dep == "case"), None)
            if case is not None and case.text.lower() == "of" and case.i == unit.i + 1:
                return _extend(doc, c, doc.text[doc.tokens[case.i + 1].start:c.end])
    return None


def _extend(doc, head, counts: str) -> str:
    """'homes' -> 'homes and businesses without power': coordinated nouns and one short phrase.

    A coordinated noun with a number of its own is another figure's ("2 deaths
    and 40 people"); one right before a verb of its own, after an object, opens
    a new clause ("killed 2 people and firefighters rescued 40").
    """
    end = head.end
    last = head
    subject = head.dep.startswith("nsubj")
    for c in doc.children(head):
        if c.dep == "conj" and c.upos in _NOMINAL and c.xpos == head.xpos and c.i > head.i and c.i - last.i <= 3:
            if any(k.dep == "nummod" or k.upos == "NUM" for k in doc.children(c)):
                break
            after = doc.tokens[c.i + 1] if c.i + 1 < len(doc.tokens) else None
            if not subject and after is not None and after.sentence == c.sentence and after.xpos in _FINITE:
                break
            end, last = c.end, c
    for c in doc.children(head) + (doc.children(last) if last is not head else ()):
        if c.dep == "nmod" and c.i > last.i and c.i - last.i <= 3:
            case = next((k for k in doc.children(c) if k.dep == "case"), None)
            if case is not None and case.text.lower() in _PP_KEEP and case.i == last.i + 1:
                end = c.end
                break
    start = doc.text.rfind(counts, 0, head.end) if counts else head.start
    start = head.start if start < 0 else start
    return doc.text[start:end]
