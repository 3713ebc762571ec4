"""People (with roles), places and organisations named in a story.

The finder reads a :class:`~quicklooks.text.document.Document`. News copy
introduces a person once in full with a title ("Kremlin spokesperson Dmitry
Peskov") and then by surname ("Peskov told ..."), so the finder works in two
passes: the first classifies every name (the runs of capitalised words, which
keep a name's titles and prefixes, and the names the shipped recogniser finds
outside them), the second links lone surnames back to the full names. Where
the rules find no evidence for a name of two or more words, the recogniser's
kind decides. Places resolve through the offline
:mod:`quicklooks.text.gazetteer`.

Nothing is guessed from a single capitalised word without evidence: a word is
a person only with a title, a role, a speech verb beside it, or a full name
seen earlier. Offsets are into the text given, so quotes and figures can ask
"who was named just before this point?" with a binary search.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Literal

from quicklooks.text import lexicon as lx
from quicklooks.text import vocabulary as vocab
from quicklooks.text.document import Document, analyse
from quicklooks.text.gazetteer import load_gazetteer
from quicklooks.text.sentences import Sentence
from quicklooks.text.storyformat import match_dateline

MentionKind = Literal["person", "organization", "place"]


@dataclass(frozen=True)
class Mention:
    kind: MentionKind
    name: str  # canonical: "Dmitry Peskov" for a later "Peskov"
    start: int
    end: int
    sentence: int
    possessive: bool = False  # "Putin’s warning": named, but not the subject


@dataclass(frozen=True)
class Person:
    name: str
    role: str | None


@dataclass(frozen=True)
class Place:
    name: str  # as the story spells it
    country: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class Organization:
    name: str


@dataclass
class Entities:
    people: list[Person] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)  # sorted by start

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        """Mentions that lie wholly inside ``[start, end)``, in text order."""
        i = bisect_left(self._starts(), start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
        return out

    def _starts(self) -> list[int]:
        cached = getattr(self, "_start_cache", None)
        if cached is None or len(cached) != len(self.mentions):
            cached = [m.start for m in self.mentions]
            self._start_cache = cached
        return cached


# A word: letters, digits, inner apostrophes, dots (U.S., Gov.) and hyphens.
_WORD = re.compile(r"\w[\w.’'&\-]*")
_POSSESSIVE = re.compile(r"[’']s?$")
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,5}$")
_DATELINE = re.compile(r"([A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,3})(?=,|\s+[—–-]\s)")
_TERMINAL = re.compile(r"[.!?:;”\"’)]\s*$")
_MEDIA_NOUNS = vocab.words("media_nouns")
_FACILITY_NOUNS = vocab.words("facility_nouns")
_ROLE_MODIFIERS = vocab.words("role_modifiers")
_OPENERS = vocab.words("capitalised_openers")
_GEOGRAPHIC_NOUNS = vocab.words("geographic_nouns")


_ARTICLES = frozenset(["The", "A", "An"])
# "Nairobi-based Sentinel Capital": the adjective is not part of the name.
_ADJECTIVE_ENDINGS = ("-based", "-born", "-led", "-backed", "-owned", "-run", "-made")


@dataclass
class _Group:
    start: int
    end: int
    words: list[str]
    spans: list[tuple[int, int]]
    sentence: int
    possessive: bool
    initial: bool  # first word of its sentence, capitalised by grammar
    kind: str = "other"  # the recogniser's kind for the name


def find_entities(source: Document | str, sentences: list[Sentence] | None = None) -> Entities:
    """Find the people, places and organisations in a Document (or a text, analysed here).

    ``sentences``, when given, are the caller's sentences of the same text:
    each mention's ``sentence`` then indexes them. Left out, the Document's
    sentences are used.
    """
    document = source if isinstance(source, Document) else analyse(source)
    text = document.text
    if sentences is None:
        sentences = list(document.sentences)
    gazetteer = load_gazetteer()
    groups = _name_groups(document, sentences)
    people: dict[str, Person] = {}
    surnames: dict[str, str] = {}
    mentions: list[Mention] = []
    places: dict[str, Place] = {}
    orgs: dict[str, Organization] = {}
    pending: list[_Group] = []  # lone words, decided once all full names are known

    def add_place(name: str, start: int, end: int, sentence: int, possessive: bool) -> bool:
        return add_location(gazetteer.lookup(name), name, start, end, sentence, possessive)

    def add_location(location, name: str, start: int, end: int, sentence: int, possessive: bool) -> bool:
        if location is None:
            return False
        key = location.name
        if key not in places:
            places[key] = Place(name, location.country, location.lat, location.lon)
        mentions.append(Mention("place", places[key].name, start, end, sentence, possessive))
        return True

    def add_org(name: str, start: int, end: int, sentence: int, possessive: bool) -> None:
        orgs.setdefault(name, Organization(name))
        mentions.append(Mention("organization", name, start, end, sentence, possessive))

    def add_person(name: str, role: str | None, start: int, end: int, sentence: int, possessive: bool) -> None:
        known = people.get(name)
        if known is None or (known.role is None and role):
            people[name] = Person(name, role)
        surname = name.split()[-1]
        surnames.setdefault(surname, name)
        mentions.append(Mention("person", name, start, end, sentence, possessive))

    datelines: set[int] = set()
    for sentence in sentences:
        if sentence.index == 0 or text[max(0, sentence.start - 2) : sentence.start] == "\n\n":
            match = _DATELINE.match(text, sentence.start)
            if match:
                datelines.add(match.start(1))
                whole = match_dateline(text, sentence.start)
                region = whole.group("region") if whole is not None else None
                city = match.group(1).title()
                found = gazetteer.lookup_within(city, region) if region else gazetteer.lookup(city)
                add_location(found, city, match.start(1), match.end(1), sentence.index, False)
                if region:
                    # "HALIFAX, Nova Scotia —": the region after the comma is a place
                    # too, never a person the name rules would take it for.
                    start, end = whole.span("region")
                    datelines.add(start)
                    state = gazetteer.state(region)
                    # "COLUMBUS, Georgia": the state its city lies in, not the country of that name.
                    in_state = found is not None and state is not None and found.state == state.name
                    add_location(state if in_state else gazetteer.lookup(region), region, start, end,
                                 sentence.index, False)

    previous: _Group | None = None
    for group in groups:
        if group.start in datelines:
            continue
        found = len(mentions) + len(pending)
        _classify(text, group, previous, gazetteer, add_place, add_org, add_person, pending)
        if len(mentions) + len(pending) == found and len(group.words) > 1:
            # The rules found no evidence of their own: the recogniser's kind decides.
            name = text[group.start : group.end]
            geographic = any(w.lower() in _GEOGRAPHIC_NOUNS for w in group.words)
            if group.kind == "organization" and not geographic:
                add_org(name, group.start, group.end, group.sentence, group.possessive)
            elif group.kind in ("place", "organization") and not any(lx.is_demonym(w) for w in group.words):
                places.setdefault(name, Place(name, None, None, None))
                mentions.append(Mention("place", name, group.start, group.end, group.sentence, group.possessive))
        previous = group

    for group in pending:
        word = group.words[0]
        if word in surnames:
            add_person(surnames[word], None, group.start, group.end, group.sentence, group.possessive)
        elif word in people:
            add_person(word, None, group.start, group.end, group.sentence, group.possessive)
        elif add_place(word, group.start, group.end, group.sentence, group.possessive):
            pass
        elif _is_medium(text, group) or _is_brand(text, group):
            add_org(word, group.start, group.end, group.sentence, group.possessive)
        elif (
            not group.initial  # "Officials said": a capitalised common noun, not a name
            and _speech_verb_beside(text, group)
            and not lx.is_demonym(word)
            and word.lower() not in lx.NOT_NAME_WORDS
        ):
            add_person(word, None, group.start, group.end, group.sentence, group.possessive)

    mentions.sort(key=lambda m: m.start)
    # Lone words are settled after the first pass; list everything in story order.
    first: dict[tuple[str, str], int] = {}
    for m in mentions:
        first.setdefault((m.kind, m.name), m.start)

    def in_order(kind: str, items: list) -> list:
        return sorted(items, key=lambda item: first.get((kind, item.name), len(text)))

    return Entities(
        in_order("person", list(people.values())),
        in_order("place", list(places.values())),
        in_order("organization", list(orgs.values())),
        mentions,
    )


def _classify(text, group, previous, gazetteer, add_place, add_org, add_person, pending) -> None:
    words = group.words
    sentence, possessive = group.sentence, group.possessive
    name = text[group.start : group.end]
    if len(words) == 1 and not _is_org(words, name):
        pending.append(group)  # "Mendes" is a town in Brazil, unless a Mendes was named
        return
    # Whole-group matches first: "New York", "North Korea", "Air Force".
    if add_place(name, group.start, group.end, sentence, possessive):
        return
    if _is_org(words, name):
        start = group.start
        if previous is not None and previous.possessive and text[previous.end : group.start] in ("’s ", "'s ") and (
            previous.words[-1] in gazetteer or previous.words[-1] in lx.ORG_NAMES
        ):
            # "Russia’s Defense Ministry" is the ministry's name in news copy.
            start = previous.start
        add_org(text[start : group.end], start, group.end, sentence, possessive)
        return
    if _is_medium(text, group) or _is_brand(text, group):
        add_org(name, group.start, group.end, sentence, possessive)
        return

    title_at = max((i for i, w in enumerate(words[:-1]) if w.lower() in lx.TITLES), default=-1)
    role: str | None = None
    name_from = 0
    if title_at >= 0:
        name_from = title_at + 1
        if words[name_from].lower() in lx.NAME_PARTICLES and len(words) > name_from + 2:
            name_from += 2  # "Secretary of State Marco Rubio"
        role = text[group.spans[0][0] : group.spans[name_from - 1][1]]
        if role.lower() in lx.HONORIFICS:
            role = None  # "Dr. Elena Brunner, the glaciologist who …": the apposition says more
        _name_role_prefix(text, group, title_at, add_place, add_org)
    name_words = words[name_from:]
    start = group.spans[name_from][0]
    person_name = text[start : group.end]
    if any(w.lower() in lx.NOT_NAME_WORDS or lx.is_demonym(w) or _ACRONYM.match(w) for w in name_words):
        return
    if role is None:
        role = _role_before(text, start, group) or _role_after(text, group.end)
    if len(name_words) == 1:
        if role is not None and title_at >= 0:
            add_person(person_name, role, start, group.end, sentence, possessive)
        else:
            pending.append(group)
        return
    if len(name_words) > 4:
        return
    if any(w in gazetteer for w in name_words) and role is None:
        return  # "Kyiv Moscow" or a place list, not a person
    if _next_word(text, group.end).lower() in lx.PLACE_WORDS:
        return
    add_person(person_name, role, start, group.end, sentence, possessive)


def _name_role_prefix(text: str, group: _Group, title_at: int, add_place, add_org) -> None:
    """Record what a title's prefix names: 'Central Bank of Kenya Governor', 'Ryazan Governor'."""
    words = group.words[:title_at]
    while words and words[-1].lower() in lx.TITLES:
        words = words[:-1]  # "Prime Minister": both words are the title
    if not words:
        return
    start, end = group.spans[0][0], group.spans[len(words) - 1][1]
    if _is_org(words, text[start:end]) or (len(words) == 1 and words[0] in lx.ORG_NAMES):
        add_org(text[start:end], start, end, group.sentence, False)
        return
    for i, word in enumerate(words):
        if word.lower() not in lx.TITLES and word.lower() not in lx.ORG_WORDS and not lx.is_demonym(word):
            add_place(word, *group.spans[i], group.sentence, False)


def _is_org(words: list[str], name: str) -> bool:
    if len(words) == 1:
        return words[0] in lx.ORG_NAMES or bool(_ACRONYM.match(words[0]))
    return any(w.lower() in lx.ORG_WORDS for w in words) and not any(w.lower() in lx.TITLES for w in words[:-1])


# Compiled once: the classifier runs them for every capitalised run.
_TOLD_THE = re.compile(r"\btold the\s+$")
_TOLD_DESCRIPTOR = re.compile(r"\b(?:told|interview with)\s+((?:[\w’'-]+\s+){0,4})$")
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|the)\s+$")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+")


def _is_medium(text: str, group: _Group) -> bool:
    """'told Russian media outlet Argumenty i Fakty': the outlet after 'told'."""
    before = text[max(0, group.start - 60) : group.start]
    if _TOLD_THE.search(before):
        return True  # "told the Neue Zürcher Zeitung": a person is not "the"
    match = _TOLD_DESCRIPTOR.search(before)
    if not match:
        return False
    descriptor = match.group(1).lower().split()
    return any(w in _MEDIA_NOUNS for w in descriptor)


def _is_brand(text: str, group: _Group) -> bool:
    """'a Rosneft oil refinery': a company named by what it owns."""
    if len(group.words) != 1 or group.initial or lx.is_demonym(group.words[0]):
        return False
    if group.words[0].lower() in lx.NOT_NAME_WORDS:
        return False
    before = text[max(0, group.start - 5) : group.start].lower()
    if not _ARTICLE_BEFORE.search(before):
        return False
    rest = text[group.end : group.end + 40].split()
    return any(w.strip(",.;:").lower() in _FACILITY_NOUNS for w in rest[:2])


def _role_before(text: str, start: int, group: _Group) -> str | None:
    """'Kremlin spokesperson Dmitry Peskov' -> 'Kremlin spokesperson'."""
    before = text[max(0, start - 80) : start]
    words = list(_WORD.finditer(before))
    if not words or before[words[-1].end() :] != " ":
        return None
    head = words[-1].group().lower()
    if head not in lx.ROLE_NOUNS:
        return None
    first = len(words) - 1
    while first > 0:
        w = words[first - 1]
        gap = before[w.end() : words[first].start()]
        if gap != " ":
            break
        token = w.group()
        if token[0].isupper() and token.lower() not in _OPENERS:
            first -= 1
        elif token.lower() in _ROLE_MODIFIERS:
            first -= 1
        else:
            break
    return before[words[first].start() :].strip()


_APPOSITION = re.compile(
    r",\s+(?:\d{1,3},\s+)?(?:who is\s+)?(?:(?:the|a|an|his|her|their)\s+)?((?:[\w’'-]+\s+){0,5}?([\w-]+))(?=,|\.|\s+(?:said|says|told|who|in|at|of|for|from|with|based)\b)"
)


def _role_after(text: str, end: int) -> str | None:
    """'Ana Ruiz, the city's mayor, said' -> "city's mayor"."""
    match = _APPOSITION.match(text, end, min(len(text), end + 90))
    if not match or not _is_role_noun(match.group(2).lower()):
        return None
    return match.group(1).strip()


def _is_role_noun(word: str) -> bool:
    """'mayor', 'spokesperson', and the -ists: 'glaciologist', 'economist'."""
    return word in lx.ROLE_NOUNS or (word.endswith("ist") and len(word) > 5)


_VERB_AFTER = re.compile(rf"(?:,[^,]{{1,60}},)?\s+(?:\w+ly\s+)?(?:{lx.SPEECH_VERB_PATTERN})\b")
_VERB_BEFORE = re.compile(rf"\b(?:{lx.SPEECH_VERB_PATTERN}|according to)\s+$")


def _speech_verb_beside(text: str, group: _Group) -> bool:
    after = text[group.end : group.end + 80]
    before = text[max(0, group.start - 30) : group.start]
    return bool(_VERB_AFTER.match(after) or _VERB_BEFORE.search(before))


def _next_word(text: str, pos: int) -> str:
    match = _WORD.search(text, pos, min(len(text), pos + 30))
    return match.group() if match else ""


def _is_heading(sentence: str) -> bool:
    """Subheads are title case without closing punctuation; their capitals say nothing."""
    if _TERMINAL.search(sentence):
        return False
    words = _WORD.findall(sentence)
    if not words or len(words) > 14:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised / len(words) >= 0.6


def _name_groups(document: Document, sentences: list[Sentence]) -> list[_Group]:
    """The groups to classify: capitalised runs, each with the recogniser's kind, and its other names.

    A run of capitalised words keeps the titles and prefixes a name is
    written with ("Russian President Vladimir Putin", "Ryazan Governor Pavel
    Malkov"), which the recogniser's spans leave out; the recogniser says what
    a run names when the rules find no evidence of their own ("Siemens
    Energy"), and adds the names it finds outside any run. Headings are
    skipped: a subhead's capitals say nothing.
    """
    text = document.text
    starts = [s.start for s in sentences]
    out: list[_Group] = []
    for sentence in sentences:
        if _is_heading(sentence.text):
            continue
        out.extend(_groups(text, sentence))
    names = [n for n in document.names if n.kind != "other"]
    by_start = sorted(out, key=lambda g: g.start)
    group_starts = [g.start for g in by_start]
    # reach[k]: the furthest end among the first k runs. A name overlaps some
    # run iff a run starting before the name's end reaches past its start, so
    # one search answers what a scan of every run did, per name.
    reach = [0]
    for g in by_start:
        reach.append(max(reach[-1], g.end))
    for name in names:
        k = bisect_right(group_starts, name.start) - 1
        group = by_start[k] if k >= 0 and by_start[k].end >= name.end else None
        if group is not None:
            if group.kind == "other":
                group.kind = name.kind
            continue
        if reach[bisect_left(group_starts, name.end)] > name.start:
            continue  # overlaps a run without lying inside it: the run's reading stands
        own = document.sentence_at(name.start)
        if own is None or document.block_of(own).kind == "subhead" or _is_heading(own.text):
            continue
        tokens = [t for t in document.tokens[name.first : name.last + 1] if t.text not in _POSSESSIVE_TOKENS]
        if not tokens:
            continue
        after = document.tokens[name.last + 1] if name.last + 1 < len(document.tokens) else None
        possessive = after is not None and after.start == name.end and after.text in _POSSESSIVE_TOKENS
        sentence = max(0, bisect_right(starts, name.start) - 1)
        initial = document.sentence_token_ranges[own.index][0] == name.first
        out.append(_Group(tokens[0].start, tokens[-1].end, [t.text for t in tokens], [(t.start, t.end) for t in tokens],
                          sentence, possessive, initial, name.kind))
    out.sort(key=lambda g: g.start)
    return out


_POSSESSIVE_TOKENS = frozenset(("'s", "’s", "'", "’"))


def _groups(text: str, sentence: Sentence) -> list[_Group]:
    """Runs of capitalised words inside one sentence, split at possessives."""
    out: list[_Group] = []
    current: _Group | None = None
    first_word = True
    pending_particle: tuple[str, int, int] | None = None
    for match in _WORD.finditer(text, sentence.start, sentence.end):
        raw = match.group()
        start = match.start()
        initial = first_word
        first_word = False
        if not raw[0].isupper() or raw.lower().endswith(_ADJECTIVE_ENDINGS):
            # Most words are lower case; only a name particle can join a run.
            if current is not None and pending_particle is None and raw in lx.NAME_PARTICLES and text[current.end : start] == " ":
                pending_particle = (raw, start, start + len(raw))
                continue
            current, pending_particle = None, None
            continue
        word, possessive = _clean(raw)
        end = start + len(word)
        if pending_particle is not None:
            joined = current is not None and text[pending_particle[2] : start] == " "
            if joined:
                current.words.append(pending_particle[0])
                current.spans.append(pending_particle[1:])
            pending_particle = None
        else:
            joined = current is not None and text[current.end : start] == " " and not current.possessive
        if joined:
            current.words.append(word)
            current.spans.append((start, end))
            current.end = end
            current.possessive = possessive
        else:
            if word.lower() in _OPENERS and (initial or word in _ARTICLES):
                current = None  # "The Sacramento City Council" is named without "The"
                continue
            current = _Group(start, end, [word], [(start, end)], sentence.index, possessive, initial)
            out.append(current)
    return out


def _clean(raw: str) -> tuple[str, bool]:
    """Drop a possessive ending and sentence punctuation, keeping 'U.S.' and 'Gov.'."""
    possessive = False
    m = _POSSESSIVE.search(raw)
    if m and len(raw) > 2:
        raw = raw[: m.start()]
        possessive = True
    if raw.endswith(".") and not (raw.lower() in lx.TITLES or _INITIALS.fullmatch(raw)):
        raw = raw.rstrip(".")
    return raw.rstrip("-’'") or raw, possessive
