"""Who a pronoun or a description points back to: a small resolver over the Document.

News copy names a person once ("Sen. Ted Cruz of Texas") and then writes
"Cruz", "Mr. Cruz", "he" or "the senator". :class:`Mentions` collects every
named person and organisation of a :class:`~quicklooks.text.document.Document`
with its canonical name (the fullest form the story uses: "Ted Cruz" for a
later "Mr. Cruz"), a grammatical gender where the story gives evidence of one
(an honorific, or the pronoun that follows the name as the next subject), and
the role nouns the story attaches to it ("spokesman", "senator").

:meth:`Mentions.resolve` picks the antecedent of "he", "she", "they" or a
description ("the senator", "the campaign") among the entities named in the
few sentences before it. It scores each candidate with a logistic model whose
weights ship in ``attribution_model.json`` (fitted on PolNeAR's train split by
``bench/attribution_train.py``): sentence distance, subjecthood, gender
agreement, whether the candidate spoke last, whether it is the main-clause
subject the story last turned to, how often it was named. Every
lookup is bounded by a window of sentences, so the cost is linear in the
story.

:meth:`Mentions.resolve_description` gives the speaker of a definite
description: the name it stands in apposition with ("The port authority's
director, Samuel Adeyemi, said"), the entity the story gave that role
("Gov. Chris Christie" ... "the governor"), the person named just before for
a role it gave no one, or, for an organisation the story never names ("the
port authority said"), the description as written.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from quicklooks.text import lexicon as lx
from quicklooks.text import vocabulary
from quicklooks.text.document import Document, Token
from quicklooks.text.storyformat import match_dateline

WINDOW_SENTENCES = 4  # how far back an antecedent is looked for
MALE = vocabulary.words("male_pronouns")
FEMALE = vocabulary.words("female_pronouns")
PLURAL = vocabulary.words("third_plural_pronouns")
NEUTER = vocabulary.words("neuter_pronouns")
PERSONAL = MALE | FEMALE | PLURAL | NEUTER | vocabulary.words("speaker_pronouns")
_MALE_TITLES = vocabulary.words("male_words")
_FEMALE_TITLES = vocabulary.words("female_words")
# Titles and honorifics never stand alone as a speaker; lower case, with and without the stop.
TITLE_WORDS = frozenset(
    {w for t in lx.TITLES | lx.HONORIFICS for w in (t, t.rstrip("."))} | vocabulary.words("name_lead_words")
)
# Description heads that point to an organisation rather than a person.
ORG_HEADS = vocabulary.words("organisation_heads") | vocabulary.words("organisation_nouns")
# Nouns that describe a person by role ("the senator", "the former top aide"); the spokes-words
# among them are in ORG_HEADS too, and speak for whoever the story names.
PERSON_ROLES = (lx.ROLE_NOUNS | vocabulary.titles()) - ORG_HEADS
_PEOPLE = lx.ROLE_NOUNS | vocabulary.titles()  # "the spokeswoman" speaks for someone: never an unnamed organisation
_ABBREVIATIONS = vocabulary.words("title_abbreviations")  # "gov", "sen": "Gov. Chris Christie" is a governor
# A description with its name in apposition ("Howard Dean, the former governor of Vermont, said";
# "The port authority's director, Samuel Adeyemi, said") names the speaker outright, all but as
# surely as a name in subject position.
APPOSITION_CONFIDENCE = 0.9
# A description the story gives no name for ("the port authority said", "the council voted"):
# it is the speaker as written, below the bar at which the story page shows a paraphrase (0.7),
# above the one at which a direct quote takes the surface resolver's guess instead (0.5).
UNNAMED_CONFIDENCE = 0.5
# How many sentences back "the governor" may find a person the story gave no role (0: only a person
# given that role is found). Never its own sentence: a person named beside "the senator" is someone
# else ("After meeting Ana Ruiz, the senator said"). Swept 0-4 on PolNeAR train and dev
# (bench/RESULTS-attribution.md).
PERSON_ROLE_SENTENCES = 1
_APPOSITION_GAP = 12  # the most tokens a description in apposition runs to ("the former governor of Vermont")


@dataclass
class Mention:
    start: int
    end: int
    sentence: int
    kind: str  # "person" or "organization"
    key: str  # the canonical entity's key
    head: int  # the token i of the name's head
    subject: bool
    main: bool  # the subject of its sentence's main clause, not of a clause inside it
    possessive: bool
    in_quote: bool


@dataclass
class Entity:
    key: str
    name: str  # canonical: the fullest form the story uses
    kind: str
    gender: str = ""  # "m", "f" or ""
    roles: set[str] = field(default_factory=set)
    mentions: int = 0


def strip_titles(words: list[str]) -> list[str]:
    """Drop leading titles and honorifics ("Sen.", "Mr.", "President") from a name's words.

    A title inside the run ends what comes before it: "Central Bank of Kenya Governor Kamau
    Thugge" is Kamau Thugge.
    """
    inner = [i for i, w in enumerate(words[:-1]) if i and w.lower() in TITLE_WORDS and w[:1].isupper()]
    if inner:
        words = words[inner[-1] + 1:]
    k = 0
    while k < len(words) - 1 and words[k].lower() in TITLE_WORDS:
        k += 1
    out = words[k:]
    if out and out[0].lower() in TITLE_WORDS:
        return []
    return out


def _proper(t: Token) -> bool:
    """A proper noun by either tag: "New" in "The New York Times" is ADJ to the morphologizer but NNP
    to the tagger, and a name's run must not lose it ("York Times")."""
    return t.upos == "PROPN" or (t.xpos in ("NNP", "NNPS") and t.text[:1].isupper())


def _name_like(t: Token, tokens) -> bool:
    """A proper noun, or a capitalised noun the tagger missed ("Cruz/NOUN said"), not opening its sentence."""
    if _proper(t):
        return True
    if t.upos != "NOUN" or not t.text[:1].isupper() or t.text.lower() in TITLE_WORDS:
        return False
    return t.i > 0 and tokens[t.i - 1].sentence == t.sentence and tokens[t.i - 1].text not in "“\"‘'"


class Mentions:
    """Named people and organisations of a Document, indexed for antecedent search."""

    def __init__(self, doc: Document, quote_spans: list[tuple[int, int]], weights: dict[str, float]):
        self.doc = doc
        self.weights = weights
        self._quote_starts = [s for s, _ in quote_spans]
        self._quote_spans = quote_spans
        self.entities: dict[str, Entity] = {}
        self.mentions: list[Mention] = []
        self._by_surname: dict[str, list[tuple[int, str]]] = {}
        self._fuller: dict[tuple[str, ...], list[tuple[int, str]]] = {}
        self._name_at: dict[int, Mention] = {}  # token i -> the mention it belongs to
        self.speakers: list[tuple[int, str]] = []  # (offset, entity key) of attributed sources, in order
        self._build()
        self._starts = [m.start for m in self.mentions]
        self._sentence_first = [bisect_left(self._starts, s.start) for s in doc.sentences]

    # --- building -------------------------------------------------------------
    def in_quote(self, offset: int) -> bool:
        k = bisect_right(self._quote_starts, offset) - 1
        return k >= 0 and self._quote_spans[k][0] <= offset < self._quote_spans[k][1]

    def _build(self) -> None:
        doc = self.doc
        tokens = doc.tokens
        spans: list[tuple[int, int, str]] = []  # first token, last token, kind
        covered: set[int] = set()
        for name in doc.names:
            covered.update(range(name.first, name.last + 1))
            if name.kind in ("person", "organization"):
                spans.append((name.first, name.last, name.kind))
        # Proper-noun runs the name finder missed: subjects of a verb ("Shields said") and full names
        # ("Joan Pike, the harbour master, said"), kind unknown: a person or an organisation.
        k = 0
        while k < len(tokens):
            t = tokens[k]
            if t.i in covered or not _name_like(t, tokens):
                k += 1
                continue
            last = k
            while last + 1 < len(tokens) and _proper(tokens[last + 1]) and \
                    tokens[last + 1].sentence == t.sentence and last + 1 not in covered:
                last += 1
            if last > k or t.dep.startswith("nsubj"):
                spans.append((k, last, "unknown"))
                covered.update(range(k, last + 1))
            k = last + 1
        # "LEEDS — Three night bus routes …": a dateline is where the story was filed, no one in it.
        spans = [sp for sp in spans if not self._dateline(*sp[:2])]
        spans.sort()
        # First pass: surnames of full person names, so "Mr. Cruz" finds "Ted Cruz".
        pending = []
        for first, last, kind in spans:
            words = strip_titles(self._name_words(first, last))
            if not words:
                continue
            titles = {tokens[k].text.lower() for k in range(max(0, first - 2), last + 1)}
            pending.append((first, last, kind, words, titles))
            if kind == "person" or (kind == "unknown" and len(words) > 1):
                self._by_surname.setdefault(words[-1].lower(), []).append((tokens[first].start, " ".join(words)))
        for first, last, kind, words, titles in pending:
            key = self._canonical(kind, words, tokens[first].start)
            entity = self.entities.setdefault(key, Entity(key, key, kind))
            entity.mentions += 1
            if len(key.split()) > len(entity.name.split()):
                entity.name = key
            if kind == "person":
                if titles & _MALE_TITLES:
                    entity.gender = entity.gender or "m"
                elif titles & _FEMALE_TITLES:
                    entity.gender = entity.gender or "f"
            head = self._head_of(first, last)
            ht = tokens[head]
            possessive = ht.dep == "nmod:poss" or any(
                c.text in ("’s", "'s", "’") for c in doc.children(ht))
            governor = tokens[ht.head]
            main = ht.dep.startswith("nsubj") and (governor.dep == "root" or (
                governor.dep in ("conj", "parataxis") and tokens[governor.head].dep == "root"))
            mention = Mention(tokens[first].start, tokens[last].end, ht.sentence, kind, key, head,
                              ht.dep.startswith("nsubj"), main, possessive, self.in_quote(tokens[first].start))
            self.mentions.append(mention)
            for k in range(first, last + 1):
                self._name_at[k] = mention
            for c in doc.children(ht):
                if c.upos == "NOUN" and c.dep in ("compound", "appos", "amod", "nmod"):
                    entity.roles.add(c.lemma.lower())
            for k in range(max(0, first - 3), first):
                if tokens[k].sentence == ht.sentence and tokens[k].text.lower() in lx.TITLES | lx.ROLE_NOUNS:
                    entity.roles.add(tokens[k].text.lower().rstrip("."))
        self.mentions.sort(key=lambda m: m.start)
        self._learn_gender()

    def _dateline(self, first: int, last: int) -> bool:
        tokens = self.doc.tokens
        match = match_dateline(self.doc.text, self.doc.sentences[tokens[first].sentence].start)
        return match is not None and tokens[first].start < match.end()

    def _name_words(self, first: int, last: int) -> list[str]:
        """The words of the name on tokens first..last, a hyphenated one kept whole ("Cobb-Hunter")."""
        tokens = self.doc.tokens
        words: list[str] = []
        glued = False
        for k in range(first, last + 1):
            t = tokens[k]
            if t.text in ("-", "‑") and words and k < last and tokens[k - 1].end == t.start == tokens[k + 1].start - 1:
                words[-1] += t.text
                glued = True
                continue
            if t.upos == "PUNCT" or t.text in ("’s", "'s"):
                glued = False
                continue
            if glued:
                words[-1] += t.text
            else:
                words.append(t.text)
            glued = False
        return words

    def _canonical(self, kind: str, words: list[str], at: int) -> str:
        name = " ".join(words)
        if kind == "organization":
            return name
        # The most recent fuller form before this mention, else the first fuller one after it. The
        # fuller forms of each distinct name are listed once, so a story naming one person 5,000
        # times costs a binary search per mention, not a scan.
        key = tuple(words)
        fuller = self._fuller.get(key)
        if fuller is None:
            n = len(words)
            fuller = [(start, other) for start, other in self._by_surname.get(words[-1].lower(), [])
                      if len(other.split()) > n and other.split()[-n:] == words]
            self._fuller[key] = fuller
        if not fuller:
            return name
        k = bisect_right(fuller, (at, "\uffff")) - 1
        return fuller[k][1] if k >= 0 else fuller[0][1]

    def _head_of(self, first: int, last: int) -> int:
        tokens = self.doc.tokens
        for k in range(first, last + 1):
            if not first <= tokens[k].head <= last or tokens[k].head == k:
                return k
        return last

    def _learn_gender(self) -> None:
        """Give a person the gender of the he/she that is the subject of the next sentence."""
        doc = self.doc
        votes: dict[str, list[int]] = {}
        last_subject: tuple[int, str] | None = None
        for t in doc.tokens:
            if not t.dep.startswith("nsubj") or self.in_quote(t.start):
                continue
            mention = self._name_at.get(t.i)
            if mention is not None and mention.kind == "person":
                last_subject = (t.sentence, mention.key)
            elif t.text.lower() in ("he", "she") and last_subject and t.sentence - last_subject[0] <= 1:
                v = votes.setdefault(last_subject[1], [0, 0])
                v[0 if t.text.lower() == "he" else 1] += 1
        for key, (m, f) in votes.items():
            entity = self.entities[key]
            if not entity.gender and m != f:
                entity.gender = "m" if m > f else "f"

    # --- lookups --------------------------------------------------------------
    def mention_at(self, token_i: int) -> Mention | None:
        return self._name_at.get(token_i)

    def name_of(self, key: str) -> str:
        return self.entities[key].name

    def note_speaker(self, offset: int, key: str) -> None:
        self.speakers.append((offset, key))

    def candidates(self, sentence: int, before: int) -> list[Mention]:
        """Mentions outside quotes in the window of sentences ending at ``before``, latest first."""
        first_sentence = max(0, sentence - WINDOW_SENTENCES)
        lo = self._sentence_first[first_sentence] if self._sentence_first else 0
        hi = bisect_left(self._starts, before)
        return [m for m in reversed(self.mentions[lo:hi]) if not m.in_quote]

    def has_role(self, key: str, lemma: str) -> bool:
        """Whether the story gave entity ``key`` the role ``lemma``: as a role noun, or as a title
        whose abbreviation begins it ("Gov. Chris Christie" ... "the governor")."""
        roles = self.entities[key].roles
        return lemma in roles or any(r in _ABBREVIATIONS and lemma.startswith(r) for r in roles)

    def features(self, pronoun: Token, mention: Mention, seen: dict[str, int], rank: int,
                 centre: str | None = None) -> dict[str, float]:
        """The features of one (pronoun or description, candidate) pair; see the module doc.

        ``centre`` is the entity of the latest main-clause subject before the pronoun: who the
        story was last about ("Carson defied the question. '…,' he said.")."""
        entity = self.entities[mention.key]
        word = pronoun.text.lower()
        f: dict[str, float] = {"bias": 1.0}
        distance = pronoun.sentence - mention.sentence
        f[f"dist{min(distance, 4)}"] = 1.0
        f["rank"] = min(rank, 6) / 6.0
        f["subject"] = float(mention.subject)
        f["main_subject"] = float(mention.main)
        f["possessive"] = float(mention.possessive)
        f["mentions"] = math.log1p(entity.mentions)
        f["person"] = float(entity.kind == "person")
        last_key = self.speakers[-1][1] if self.speakers else None
        f["last_speaker"] = float(last_key == mention.key)
        f["spoke_before"] = float(any(key == mention.key for _, key in self.speakers[-6:]))
        if word in MALE | FEMALE:
            want = "m" if word in MALE else "f"
            f["gender_match"] = float(entity.gender == want)
            f["gender_clash"] = float(bool(entity.gender) and entity.gender != want)
            f["org_for_person_pronoun"] = float(entity.kind != "person")
        elif word in PLURAL | NEUTER:
            f["org_for_they_it"] = float(entity.kind != "person")
        else:  # a description: "the senator", "the campaign"
            lemma = pronoun.lemma.lower()
            f["role_match"] = float(self.has_role(mention.key, lemma))
            f["org_head"] = float(lemma in ORG_HEADS and entity.kind != "person")
            f["org_head_person"] = float(lemma in ORG_HEADS and entity.kind == "person")
            f["name_has_head"] = float(lemma in entity.name.lower().split())
            want = "m" if lemma in _MALE_TITLES else "f" if lemma in _FEMALE_TITLES else ""
            if want:  # "the spokeswoman", "the chairman"
                f["gender_clash"] = float(bool(entity.gender) and entity.gender != want)
        f["first_seen_here"] = float(seen.get(mention.key, 0) == 1)
        f["centre"] = float(centre == mention.key)
        return f

    def score(self, features: dict[str, float]) -> float:
        z = sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def ranked(self, pronoun: Token, before: int) -> list[tuple[float, Mention, dict[str, float]]]:
        """Each candidate entity (its latest mention) with its score, best first."""
        best: dict[str, tuple[float, Mention, dict[str, float]]] = {}
        seen: dict[str, int] = {}
        mentions = self.candidates(pronoun.sentence, before)
        for m in mentions:
            seen[m.key] = seen.get(m.key, 0) + 1
        # He and she name people; an organisation is never their antecedent.
        if pronoun.text.lower() in MALE | FEMALE:
            mentions = [m for m in mentions if self.entities[m.key].kind != "organization"]
        centre = next((m.key for m in mentions if m.main), None)
        rank = 0
        for m in mentions:
            if m.key in best:
                continue
            feats = self.features(pronoun, m, seen, rank, centre)
            best[m.key] = (self.score(feats), m, feats)
            rank += 1
        return sorted(best.values(), key=lambda x: -x[0])

    def resolve(self, pronoun: Token, before: int) -> tuple[str | None, str | None, float]:
        """The entity ``pronoun`` (or a description's head) points to: (canonical name, key, confidence)."""
        ranked = self.ranked(pronoun, before)
        if not ranked:
            return None, None, 0.0
        score, mention, _ = ranked[0]
        return self.entities[mention.key].name, mention.key, score

    # --- descriptions -----------------------------------------------------------
    def resolve_description(self, head: Token, source: tuple[Token, ...]) -> tuple[str | None, str | None, float]:
        """The speaker of a definite description ("the senator", "the port authority"), its entity
        key and a confidence: (None, None, 0.0) when the story offers none.

        In order: the name the description stands in apposition with; the earlier entity the
        ranker puts first when the story gave it that role, that organisation head or that word
        in its name; for an organisation the story never names, the description itself.
        """
        apposed = self._apposed(head, source)
        if apposed is not None:
            return self.entities[apposed.key].name, apposed.key, APPOSITION_CONFIDENCE
        ranked = self.ranked(head, head.start)
        if ranked:
            score, best, feats = ranked[0]
            # An organisation head ("the authority") takes an organisation, never a capitalised run of
            # unknown kind: that is as often a place ("LEEDS —", "West Linn") as a body.
            org = feats.get("org_head") and self.entities[best.key].kind == "organization"
            if feats.get("role_match") or org or feats.get("name_has_head"):
                return self.entities[best.key].name, best.key, score
        lemma = head.lemma.lower()
        if lemma in PERSON_ROLES:
            # "Christie defended … The governor said": the best-ranked person, named in an earlier
            # sentence, whose roles, when the story gave any, do not say otherwise.
            for score, best, feats in ranked:
                entity = self.entities[best.key]
                if entity.kind == "person" and not feats.get("gender_clash") and \
                        1 <= head.sentence - best.sentence <= PERSON_ROLE_SENTENCES and \
                        not (entity.roles & PERSON_ROLES - {lemma}):
                    return entity.name, best.key, score
                break
        if lemma in ORG_HEADS and lemma not in _PEOPLE and not any(k.upos == "PROPN" for k in source):
            words = list(source)
            while len(words) > 1 and words[0].upos not in ("DET", "NOUN", "ADJ", "PROPN"):
                words.pop(0)  # "by the militant group": the passive's "by" is no part of who
            text = self.doc.text[words[0].start:source[-1].end]
            return text[:1].lower() + text[1:], None, UNNAMED_CONFIDENCE
        return None, None, 0.0

    def _apposed(self, head: Token, source: tuple[Token, ...]) -> Mention | None:
        """The named mention set off by commas right beside the description: "Howard Dean, [the
        former governor of Vermont], said" or "[The port authority's director], Samuel Adeyemi, said".

        Both commas are required, so "After meeting Trump, the senator said" is no apposition.
        """
        tokens = self.doc.tokens
        first, last = source[0].i, source[-1].i

        def same(k: int) -> bool:
            return 0 <= k < len(tokens) and tokens[k].sentence == head.sentence

        def person_like(m: Mention | None) -> bool:
            return m is not None and not m.in_quote and self.entities[m.key].kind != "organization"

        # The name after: ", NAME," or ", NAME said" or ", NAME." ending the sentence.
        if same(last + 2) and tokens[last + 1].text == ",":
            m = self._name_at.get(last + 2)
            if person_like(m) and m.start == tokens[last + 2].start:
                after = last + 2
                while after < len(tokens) and tokens[after].start < m.end:
                    after += 1
                if not same(after) or tokens[after].text in (",", ".", ";", "—") or tokens[after].upos == "VERB":
                    return m
        # The name before: "NAME, the … ,", the description closed by a comma before any verb.
        if same(first - 2) and tokens[first - 1].text == ",":
            m = self._name_at.get(first - 2)
            if person_like(m):
                for k in range(head.i + 1, min(len(tokens), head.i + _APPOSITION_GAP)):
                    if not same(k) or tokens[k].upos in ("VERB", "AUX"):
                        break
                    if tokens[k].text == ",":
                        return m
        return None
