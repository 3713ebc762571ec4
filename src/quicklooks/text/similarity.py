"""How alike two stories are: shared named entities and TF-IDF text similarity.

Pure text code in the text core; the topics app (``quicklooks.topics``) is
a thin caller. A story becomes a :class:`StoryFeatures` (term counts and the
set of people, places and organisations it names); :class:`Corpus` weighs
them by inverse document frequency, because two stories sharing "Kyiv" says
more than two sharing "said", and two sharing "Washington" (a dateline on half
the wire) says little.

The score is a blend of two cosines, words and entities. Names carry the most
weight: follow-ups on one event keep naming the same people and places while
their wording drifts day to day.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from quicklooks.text import vocabulary as vocab
from quicklooks.text.document import Document
from quicklooks.text.entities import find_entities
from quicklooks.text.sentences import split_sentences

ENTITY_WEIGHT = 0.55
"""Share of the score that comes from named entities; the rest is wording."""

_WORD = re.compile(r"[^\W\d_][\w’'-]*", re.UNICODE)
# Words every story uses; they would make any two stories look alike.
STOPWORDS = vocab.words("stopwords") | vocab.words("common_news_words") | vocab.words("news_stopwords")


@dataclass
class StoryFeatures:
    terms: Counter = field(default_factory=Counter)
    entities: frozenset[str] = frozenset()
    names: dict[str, str] = field(default_factory=dict)  # entity key -> as the story spells it
    vector: tuple[float, ...] | None = None  # unit-length MiniLM embedding of headline + Quick Looks, when used

    def to_dict(self) -> dict:
        data = {"terms": dict(self.terms), "entities": sorted(self.entities), "names": self.names}
        if self.vector is not None:
            data["vector"] = [round(v, 6) for v in self.vector]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "StoryFeatures":
        vector = tuple(data["vector"]) if data.get("vector") else None
        return cls(Counter(data.get("terms", {})), frozenset(data.get("entities", [])), dict(data.get("names", {})), vector)


def fold(word: str) -> str:
    """Enough folding for comparing stories: "drones"/"drone", "strikes"/"strike".

    Cheaper than the lexicon's lemma, and the terms of stories already
    grouped were folded this way: changing it regroups the archive.
    """
    word = word.lower().strip("’'-")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def terms_of(text: str) -> Counter:
    return Counter(
        stem for word in _WORD.findall(text) if len(word) > 2 and (stem := fold(word)) not in STOPWORDS and len(stem) > 2
    )


def entity_key(name: str) -> str:
    """One spelling per entity: case, possessives and curly quotes folded."""
    name = re.sub(r"[’']s\b", "", name)
    return re.sub(r"\s+", " ", name).strip().lower()


def features_of(headline: str, quick_looks: list[str], deep_look: Document | str, *, embed=None) -> StoryFeatures:
    """The features of one story. The headline and Quick Looks count twice: they say what the story is about.

    ``embed`` (optional) maps a list of texts to unit-length vectors, e.g.
    :func:`quicklooks.text.embeddings.embed`; the headline and Quick Looks are
    embedded as one text.
    """
    lead = "\n".join([headline, *quick_looks])
    deep_text = deep_look.text if isinstance(deep_look, Document) else deep_look
    terms = terms_of(lead) + terms_of(lead) + terms_of(deep_text)
    spelled: dict[str, str] = {}
    # The Deep Look's Document itself goes to find_entities: given only its
    # text, find_entities would analyse the whole story a second time.
    for source, sentences in (
        (lead, split_sentences(lead)),
        (deep_look, list(deep_look.sentences) if isinstance(deep_look, Document) else split_sentences(deep_text)),
    ):
        if not sentences:
            continue
        found = find_entities(source, sentences)
        for name in [p.name for p in found.people] + [p.name for p in found.places] + [o.name for o in found.organizations]:
            key = entity_key(name)
            if key:
                spelled.setdefault(key, name.strip())
    # A person found once in full ("Jerome Powell") is also the surname later
    # on ("Powell"): keep the full names only, so both spellings match.
    full = {n for n in spelled if " " in n}
    keys = {n for n in spelled if " " in n or not any(f.endswith(" " + n) for f in full)}
    vector = tuple(float(v) for v in embed([lead])[0]) if embed is not None else None
    return StoryFeatures(terms, frozenset(keys), {k: spelled[k] for k in sorted(keys)}, vector)


class Corpus:
    """Document frequencies over a set of stories, for IDF weights."""

    def __init__(self, features: list[StoryFeatures], *, entity_weight: float = ENTITY_WEIGHT):
        self.entity_weight = entity_weight
        self.size = len(features)
        self.term_df: Counter = Counter()
        self.entity_df: Counter = Counter()
        for item in features:
            self.term_df.update(item.terms.keys())
            self.entity_df.update(item.entities)
        self._vectors: dict[int, tuple[dict, float, dict, float]] = {}

    def _idf(self, df: int) -> float:
        return math.log((1 + self.size) / (1 + df)) + 1.0

    def vectors(self, item: StoryFeatures) -> tuple[dict, float, dict, float]:
        key = id(item)
        cached = self._vectors.get(key)
        if cached is None:
            words = {t: (1 + math.log(c)) * self._idf(self.term_df[t]) for t, c in item.terms.items()}
            names = {e: self._idf(self.entity_df[e]) for e in item.entities}
            cached = (words, _norm(words), names, _norm(names))
            self._vectors[key] = cached
        return cached

    def similarity(self, a: StoryFeatures, b: StoryFeatures) -> float:
        """0 (nothing in common) to 1 (the same story)."""
        wa, na, ea, ma = self.vectors(a)
        wb, nb, eb, mb = self.vectors(b)
        words = _dot(wa, wb) / (na * nb) if na and nb else 0.0
        if a.vector is not None and b.vector is not None:
            # Embeddings stand in for half the wording score. Unrelated news
            # still scores ~0.2 on MiniLM, so only what lies above that counts.
            meaning = max(0.0, sum(x * y for x, y in zip(a.vector, b.vector)) - SEMANTIC_FLOOR) / (1 - SEMANTIC_FLOOR)
            words = 0.5 * words + 0.5 * meaning
        weight = self.entity_weight
        if not (ma and mb):
            return words * (1 - weight)
        names = _dot(ea, eb) / (ma * mb)
        return weight * names + (1 - weight) * words


def _norm(vector: dict) -> float:
    return math.sqrt(sum(v * v for v in vector.values()))


def _dot(a: dict, b: dict) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[k] for k, v in a.items() if k in b)


SEMANTIC_FLOOR = 0.2
"""MiniLM cosine that two unrelated news stories reach anyway."""

THRESHOLD = 0.15
"""Average similarity a story needs with a topic's stories to join it."""


def best_group(corpus: Corpus, item: StoryFeatures, groups: dict[object, list[StoryFeatures]]) -> tuple[object | None, float]:
    """The group whose members ``item`` is most like on average, and that average."""
    best, best_score = None, 0.0
    for key, members in groups.items():
        if not members:
            continue
        score = sum(corpus.similarity(item, other) for other in members) / len(members)
        if score > best_score:
            best, best_score = key, score
    return best, best_score


def cluster(items: list[StoryFeatures], *, threshold: float = THRESHOLD, entity_weight: float = ENTITY_WEIGHT) -> list[int]:
    """Group ``items`` (oldest first) the way publishing them one by one would; returns a group number per item.

    Each story joins the earlier group it is most like on average, when that
    average clears ``threshold``, and starts a new group otherwise. Replaying
    in publication order keeps a rebuild identical to what the site did live.
    """
    corpus = Corpus(items, entity_weight=entity_weight)
    groups: dict[int, list[StoryFeatures]] = {}
    labels: list[int] = []
    for item in items:
        key, score = best_group(corpus, item, groups)
        if key is None or score < threshold:
            key = len(groups)
            groups[key] = []
        groups[key].append(item)
        labels.append(key)
    return labels


def pair_scores(labels: list[object], truth: list[object]) -> tuple[float, float]:
    """Pairwise precision and recall of a grouping against the true one."""
    predicted = same = relevant = 0
    for i in range(len(labels)):
        for j in range(i + 1, len(labels)):
            together, really = labels[i] == labels[j], truth[i] == truth[j]
            predicted += together
            relevant += really
            same += together and really
    precision = same / predicted if predicted else 1.0
    recall = same / relevant if relevant else 1.0
    return precision, recall
