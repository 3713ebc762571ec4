"""A sentence's parse, as the Quick Looks writers read it: nodes, the main clause, its text.

:func:`parse_sentence` reads one sentence of a :class:`Document` into a
:class:`Parse` whose nodes are numbered within the sentence; a dateline
("VLADIVOSTOK, Russia — ") is cut off and the rest parsed again, because a
dateline misleads the parser. :func:`Parse.main` is the predicate a bullet
states: the root, or the clause with a subject that a misparse hung below a
fronted participle or a subjectless root. :func:`render` turns chosen nodes
back into a tidy bullet.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, replace
from functools import lru_cache

from quicklooks.text import lexicon as lx
from quicklooks.text import vocabulary
from quicklooks.text.document import Document
from quicklooks.text.inflection import lemmas
from quicklooks.text.storyformat import match_dateline
from quicklooks.text.words import count_words

SUBJECTS = frozenset("nsubj nsubj:pass csubj csubj:pass expl".split())

# Quote marks as news writes them; bench/cnndm.py turns the benchmark's
# tokenised quotes into these.
_QUOTE_OPEN = frozenset("“ ‘ \"".split())
_QUOTE_CLOSE = frozenset("” ’ \"".split())
_OFF_SET = frozenset(", — – -- - ;".split())
_ATTACH_LEFT = re.compile(r"^(?:[,.;:!?%)\]}”’]|n't|'s|’s|'re|'ve|'ll|'d|'m)$", re.IGNORECASE)
_ATTACH_RIGHT = re.compile(r"^[(\[{“‘$£€]$")
@dataclass(frozen=True, slots=True)
class Node:
    """One token of a sentence's parse; ``head`` and ``i`` are positions in the sentence."""

    i: int
    start: int  # offset in Document.text
    end: int
    text: str
    lemma: str
    upos: str
    xpos: str
    morph: str
    head: int
    dep: str

    def feature(self, name: str) -> str:
        for pair in self.morph.split("|"):
            key, _, value = pair.partition("=")
            if key == name:
                return value
        return ""

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(frozen=True)
class Parse:
    """A sentence's parse, ready to prune: nodes, children, its main predicate."""

    sentence: int  # index into Document.sentences
    nodes: tuple[Node, ...]
    children: tuple[tuple[int, ...], ...]
    main: int | None  # the predicate the bullet is about
    dateline: bool = False  # the sentence opened with a dateline, parsed without it
    promoted: tuple[int, ...] = ()  # nodes of a non-finite root the main clause was lifted out of

    def subtree(self, i: int) -> set[int]:
        found, stack = set(), [i]
        while stack:
            k = stack.pop()
            found.add(k)
            stack.extend(self.children[k])
        return found

    def deps(self, i: int, *relations: str) -> list[int]:
        return [c for c in self.children[i] if self.nodes[c].dep in relations]


# --- building a parse -----------------------------------------------------------------

# Parses of the last few documents' sentences. Keyed by the Document's id
# and holding the Document itself, so an id is never reused while cached;
# hashing a Document would walk all its tokens on every call.
_PARSES: "OrderedDict[int, tuple[Document, dict[int, Parse]]]" = OrderedDict()
_PARSED_DOCUMENTS = 16


def parse_sentence(document: Document, index: int) -> Parse:
    """The parse of sentence ``index``; a dateline is cut off and the rest parsed again."""
    entry = _PARSES.get(id(document))
    if entry is None or entry[0] is not document:
        entry = (document, {})
        _PARSES[id(document)] = entry
        while len(_PARSES) > _PARSED_DOCUMENTS:
            _PARSES.popitem(last=False)
    else:
        _PARSES.move_to_end(id(document))
    found = entry[1].get(index)
    if found is None:
        found = entry[1][index] = _parse_sentence(document, index)
    return found


def _parse_sentence(document: Document, index: int) -> Parse:
    sentence = document.sentences[index]
    match = match_dateline(sentence.text)
    if match and match.end() < len(sentence.text) and count_words(sentence.text[match.end():]) >= 4:
        return _reparse(document, index, sentence.start + match.end(), sentence.end)
    tokens = document.sentence_tokens(index)
    if not tokens:
        return Parse(index, (), (), None)
    first = tokens[0].i
    nodes = tuple(
        Node(t.i - first, t.start, t.end, t.text, t.lemma, t.upos, t.xpos, t.morph,
             t.head - first if 0 <= t.head - first < len(tokens) else t.i - first, t.dep)
        for t in tokens
    )
    return _finish(index, nodes)


def _reparse(document: Document, index: int, start: int, end: int) -> Parse:
    return _finish(index, _parse_alone(document.text[start:end], start), dateline=True)


def _parse_alone(text: str, offset: int) -> tuple[Node, ...]:
    """Parse ``text`` as one sentence on its own; node offsets are shifted by ``offset``.

    The name recogniser is left out: these parses feed compression and labels,
    which read no names, and it is the costliest component (about a third of
    the pipeline's time on a short sentence).
    """
    from quicklooks.text.pipeline import load

    nlp = load()
    doc = nlp.make_doc(text)
    for token in doc:
        token.is_sent_start = token.i == 0
    doc = nlp(doc, disable=["ner"])
    kept = [t for t in doc if not t.is_space]
    position = {t.i: k for k, t in enumerate(kept)}
    return tuple(
        Node(k, offset + t.idx, offset + t.idx + len(t.text), t.text, _lemma(t.text, t.pos_), t.pos_,
             t.tag_, str(t.morph), position.get(t.head.i, k), t.dep_.lower() or "dep")
        for k, t in enumerate(kept)
    )


def _lemma(word: str, upos: str) -> str:
    if upos in ("NOUN", "VERB", "AUX", "ADJ", "ADV"):
        found = lemmas(word, upos) or lemmas(word.lower(), upos)
        if found:
            return found[0]
    return word if upos == "PROPN" else word.lower()


def _second_objects_as_appositions(parse: Parse) -> tuple[Node, ...]:
    """A verb's second direct object after a comma, re-read as an appositive of the first.

    A verb takes one direct object; "lost about 10 percent of its ice, the
    largest loss since 1878" parsed with two makes the restatement a
    complement no compression may delete. The nodes come back unchanged
    (the same tuple) when no verb has two.
    """
    nodes = parse.nodes
    changed = list(nodes)
    for kids in parse.children:
        objects = [c for c in kids if nodes[c].dep == "obj"]
        for later in objects[1:]:
            # The comma may hang on either side of the boundary, so look
            # before the object's first word that is not punctuation.
            first_word = min((k for k in parse.subtree(later) if nodes[k].upos != "PUNCT"), default=later)
            if first_word > 0 and nodes[first_word - 1].text == ",":
                changed[later] = replace(nodes[later], head=objects[0], dep="appos")
    return nodes if changed == list(nodes) else tuple(changed)


def _tail_participles_as_verbs(parse: Parse) -> tuple[Node, ...]:
    """A reduced relative with a direct object before "…, officials said", re-read as the claim's verb.

    "A wildfire driven by gusts forced the evacuation of 3,000 homes, officials
    said" is often parsed with "forced" as a participle of "wildfire" and no
    clause before the tail at all. A passive participle takes no direct object
    of its own, and what a speech verb at the end reports is a clause, so the
    participle is the claim's past-tense verb and the noun its subject. The
    nodes come back unchanged (the same tuple) when no sentence reads so.
    """
    nodes = parse.nodes
    root = parse.main
    if root is None or nodes[root].lemma.lower() not in _SAY_LEMMAS:
        return nodes
    changed = list(nodes)
    for noun in parse.children[root]:
        if noun > root or nodes[noun].upos not in ("NOUN", "PROPN") or nodes[noun].dep in SUBJECTS:
            continue
        for verb in parse.children[noun]:
            n = nodes[verb]
            if n.dep == "acl" and n.xpos == "VBN" and parse.deps(verb, "obj") \
                    and not parse.deps(verb, "aux", "aux:pass", "cop"):
                changed[verb] = replace(n, head=root, dep="ccomp", xpos="VBD", morph="Tense=Past|VerbForm=Fin")
                changed[noun] = replace(nodes[noun], head=verb, dep="nsubj")
                break
    return nodes if changed == list(nodes) else tuple(changed)


_SAY_LEMMAS = frozenset(l for w in lx.SPEECH_VERBS for l in lemmas(w, "VERB") or (w,))
_WEEKDAYS = vocabulary.words("weekdays")


def _names_before_cues_as_subjects(parse: Parse) -> tuple[Node, ...]:
    """A name right before a subjectless speech verb, re-read as its subject.

    "“…,” Governor Tom Reyes said on Sunday" is sometimes parsed with the name
    hung on the quote's clause (as a parataxis) and "said" left with no
    subject, which makes the sentence no clause once anything is cut from it.
    The name runs back from the verb over proper nouns to a closing quotation
    mark or a comma. The nodes come back unchanged when no sentence reads so.
    """
    nodes = parse.nodes
    root = parse.main
    if root is None or root < 2 or nodes[root].lemma.lower() not in _SAY_LEMMAS \
            or parse.deps(root, *SUBJECTS) or nodes[root - 1].upos != "PROPN":
        return nodes
    first = root - 1
    while first > 0 and nodes[first - 1].upos == "PROPN":
        first -= 1
    if first == 0 or nodes[first - 1].text not in ("”", '"', ","):
        return nodes
    head = next((k for k in range(first, root) if not first <= nodes[k].head < root), None)
    if head is None or nodes[head].head == root:
        return nodes
    changed = list(nodes)
    changed[head] = replace(nodes[head], head=root, dep="nsubj")
    return tuple(changed)


def _weekday_objects_as_time(parse: Parse) -> tuple[Node, ...]:
    """A weekday parsed as a verb's direct object, re-read as when the verb happened.

    "Sanders promised Monday to begin …": news copy drops the "on" before a
    day, and the parser then often takes the day for what was promised. A day
    is never what a verb acts on in a news sentence, and as an object it is a
    complement no compression may delete, so the bullet and the label kept
    "promises Monday". The nodes come back unchanged when no day reads so.
    """
    nodes = parse.nodes
    changed = list(nodes)
    for n in nodes:
        if n.dep == "obj" and n.lower in _WEEKDAYS and n.head != n.i and nodes[n.head].upos == "VERB" \
                and not parse.children[n.i]:
            changed[n.i] = replace(n, dep="obl:tmod")
    return nodes if changed == list(nodes) else tuple(changed)


def _tree(index: int, nodes: tuple[Node, ...], dateline: bool) -> Parse:
    """The nodes as a tree: each one's children, and the first root."""
    children: list[list[int]] = [[] for _ in nodes]
    root = None
    for n in nodes:
        if n.head == n.i:
            root = n.i if root is None else root
        else:
            children[n.head].append(n.i)
    return Parse(index, nodes, tuple(tuple(c) for c in children), root, dateline)


def _finish(index: int, nodes: tuple[Node, ...], dateline: bool = False) -> Parse:
    parse = _tree(index, nodes, dateline)
    for repair in (_second_objects_as_appositions, _tail_participles_as_verbs, _names_before_cues_as_subjects,
                   _weekday_objects_as_time):
        repaired = repair(parse)
        if repaired is not parse.nodes:
            parse = _tree(index, repaired, dateline)
    if parse.main is None:
        return parse
    main, promoted = _main_predicate(parse, parse.main)
    return Parse(index, parse.nodes, parse.children, main, dateline, promoted)


def is_finite(parse: Parse, i: int) -> bool:
    """A predicate that can head a sentence: a finite verb, or one with a finite auxiliary or copula."""
    n = parse.nodes[i]
    form = n.feature("VerbForm")
    # Tag and morphology must agree: "deployed" tagged VBD but read as a
    # participle is more likely a reduced relative than a clause's verb.
    if n.xpos in ("VBD", "VBZ", "VBP", "MD") and form in ("", "Fin"):
        return True
    if form == "Fin" and n.xpos not in ("VBN", "VBG", "VB"):
        return True
    if n.head == i and n.xpos == "VBN" and parse.deps(i, "nsubj") and not parse.deps(i, "aux", "aux:pass", "cop"):
        return True  # a sentence's root "raised" after its subject is past tense whatever its tag
    return any(
        parse.nodes[c].feature("VerbForm") == "Fin" or parse.nodes[c].xpos in ("VBD", "VBZ", "VBP", "MD")
        for c in parse.deps(i, "aux", "aux:pass", "cop")
    )


def has_subject(parse: Parse, i: int) -> bool:
    return bool(parse.deps(i, *SUBJECTS))


def _main_predicate(parse: Parse, root: int) -> tuple[int | None, tuple[int, ...]]:
    """The root, or the finite clause a fronted participle's parse hangs under it.

    "Speaking at the forum, Putin made clear that ..." is often parsed with
    "Speaking" as the root and "made" below it; the news is "Putin made
    clear ...", so "made" is the main predicate and the rest of the root's
    subtree a fronted clause the pruner may delete.
    """
    if is_finite(parse, root) and has_subject(parse, root):
        return root, ()
    for c in parse.children[root]:
        n = parse.nodes[c]
        if n.dep in ("conj", "parataxis", "advcl", "ccomp", "acl:relcl") and c > root and is_finite(parse, c) \
                and has_subject(parse, c) and _comma_before(parse, min(parse.subtree(c))):
            rest = parse.subtree(root) - parse.subtree(c)
            if all(k < min(parse.subtree(c)) for k in rest if _is_word(parse.nodes[k])):
                return c, tuple(sorted(rest))
    if not has_subject(parse, root):
        # "Putin issued a warning ..., would be viewed ...": a root with no
        # subject under which the parser hung the sentence's one clause that
        # has one, at its start. That clause is the main one.
        for c in parse.children[root]:
            if c < root and is_finite(parse, c) and has_subject(parse, c) and min(parse.subtree(c)) == _first_word(parse):
                rest = parse.subtree(root) - parse.subtree(c)
                return c, tuple(sorted(k for k in rest if k > max(parse.subtree(c)) or not _is_word(parse.nodes[k])))
    return root, ()


def _comma_before(parse: Parse, i: int) -> bool:
    """Whether the phrase starting at ``i`` is set off by a comma or dash (its own or the one before)."""
    return parse.nodes[i].text in _OFF_SET or (i > 0 and parse.nodes[i - 1].text in _OFF_SET)


def _is_word(n: Node) -> bool:
    return n.upos != "PUNCT" and any(ch.isalnum() for ch in n.text)


def _first_word(parse: Parse) -> int:
    return next((n.i for n in parse.nodes if _is_word(n)), 0)



def render(parse: Parse, order: list[int], replace: dict[int, str] | None = None) -> str:
    """The nodes' words in ``order``, spaced as the text spaced them, tidied into a bullet."""
    replace = replace or {}
    pieces: list[str] = []
    previous = None
    for i in order:
        n = parse.nodes[i]
        word = replace.get(i, n.text)
        if not word:
            continue
        if not pieces:
            pieces.append(word)
        elif previous is not None and previous == i - 1 and parse.nodes[previous].end == n.start and i not in replace:
            pieces.append(word)  # "Russia’s", "2,200": no space in the text, none here
        elif _ATTACH_LEFT.match(word) or (pieces and _ATTACH_RIGHT.match(pieces[-1].split(" ")[-1])):
            pieces.append(word)
        else:
            pieces.append(" " + word)
        previous = i
    return tidy("".join(pieces))


_LEADING_JUNK = re.compile(r"^[\s,;:—–\-]+")
_TRAILING_JUNK = re.compile(r"[\s,;:—–\-]+$")
_DOUBLED = re.compile(r"([,;])\s*[,;—–]+")
_BEFORE_STOP = re.compile(r"\s*[,;:—–]+\s*(?=[.!?][”’\"']?$)")
_COMMA_IN_CLOSING_QUOTE = re.compile(r"[,;:]([”’\"]+)\.?$")
_CLOSED = re.compile(r"[.!?…][”’\"']*$")


def tidy(text: str) -> str:
    """Stranded commas go, the bullet closes with a full stop and opens with a capital."""
    text = " ".join(text.split())
    text = _LEADING_JUNK.sub("", text)
    text = _DOUBLED.sub(r"\1", text)
    text = _BEFORE_STOP.sub("", text)
    text = _TRAILING_JUNK.sub("", text)
    # A quote cut where its sentence went on ends "…standard,”": the comma inside becomes the stop.
    text = _COMMA_IN_CLOSING_QUOTE.sub(r".\1", text)
    if text.startswith("(") and text.endswith((").", ")")) and text.count("(") == 1:
        text = text[1:].rstrip(".").rstrip(")")  # a whole sentence in brackets: an aside, stated plainly
    if text.count("(") != text.count(")"):
        text = text.replace("(", "").replace(")", "")
    if text and not _CLOSED.search(text):
        if text[-1:] in "”’\"" and len(text) > 1 and text[-2:-1] in ".!?":
            pass
        else:
            text += "."
    for k, c in enumerate(text):
        if c.isalpha():
            return text[:k] + c.upper() + text[k + 1:]
        if c.isdigit():
            break
    return text


@lru_cache(maxsize=256)
def headline_parse(headline: str) -> Parse:
    """A story headline's parse (the headline is not part of the Deep Look's Document)."""
    return _finish(0, _parse_alone(headline, 0))


def _quotes(parse: Parse) -> list[tuple[int, int]]:
    spans, opened = [], None
    for n in parse.nodes:
        if n.text in _QUOTE_OPEN and opened is None:
            opened = n.i
        elif n.text in _QUOTE_CLOSE and opened is not None:
            spans.append((opened, n.i))
            opened = None
    if opened is not None:
        spans.append((opened, len(parse.nodes) - 1))
    return spans


def _quote_closure(parse: Parse, cut: set[int]) -> set[int] | None:
    """The cut with the marks of every quote it empties, or None when it clips a quote.

    A quote is kept whole or dropped whole: a clipped quote puts words in
    someone's mouth.
    """
    out = set(cut)
    for a, b in _quotes(parse):
        inner = {k for k in range(a + 1, b) if _is_word(parse.nodes[k])}
        if not inner or not (cut & set(range(a, b + 1))):
            continue
        if inner <= cut:
            out |= set(range(a, b + 1))
        else:
            return None
    return out
