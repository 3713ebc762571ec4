"""What a compression must not leave behind: the fragments a deletion can make of a clause.

:func:`pruning.valid` asks whether the kept nodes are a clause with its
subject and required complements. A wrong parse can still make a deletion
look safe to that check: "Macron, who announced that 26 nations—part of a
broader coalition—had pledged ..." is misparsed with "nations" as the
complement of "announced" and "pledged" as the root, so deleting the root's
subtree leaves "…Macron, who announced that 26 nations." These checks look
at what is left, in general terms, whatever the parse said:

- ``clause-without-verb``: a clausal complement, clausal subject or relative
  clause is kept without a predicate (its head is no verb and has no
  copula), or a that-clause keeps its subject but only a participle
  ("declaring that any foreign troops deployed to Ukraine.");
- ``dangling-subordinator``: a kept "that", "who", "which", "because" ... is
  followed by no verb, so the clause it opens has none;
- ``promoted-splice``: the parse's root came after the clause taken as the
  main one (see :func:`clauses._main_predicate`), and part of it is kept
  beside that clause while something else went: "issues a stark warning on
  Friday would be viewed by Moscow as legitimate targets."; the two read as
  one sentence only as written;
- ``stray-conjunction``: what is kept opens with an "and" or "but" whose
  first conjunct went ("But fires break out ..." from "Air defenses shot
  down 81 drones, but fires broke out ...");
- ``not-a-verb``: the main predicate, tagged as a verb, is no verb form the
  lexicon knows ("rita ora" read as a past tense);
- ``stray-participle``: a participle or infinitive coordinated with a finite
  main verb is kept while the finite clause between them went ("lost his
  father ... and so by running this weekend's marathon.");
- ``verbs-collide``: a deletion brings two verbs together ("responded made
  the previous day");
- ``comma-unpaired``: a deletion leaves an odd number of commas between the
  subject and its verb where the sentence had them paired ("reports from
  Ryazan 200 km southeast of Moscow, indicate").

Each check only reads what a deletion changed: the sentence as written is
its own clause and is never judged by them.
"""

from __future__ import annotations

from functools import lru_cache

from quicklooks.text import vocabulary
from quicklooks.text.clauses import SUBJECTS, Parse, _is_word, is_finite
from quicklooks.text.inflection import lemmas

# Relations whose dependent is a clause: kept, it needs its own predicate.
CLAUSAL = frozenset("ccomp csubj csubj:pass acl:relcl advcl:relcl".split())
_VERBAL = frozenset(("VERB", "AUX"))
_RELATIVE_TAGS = frozenset(("WDT", "WP", "WP$", "WRB"))


def fragment_reason(parse: Parse, kept: frozenset[int] | set[int]) -> str | None:
    """Why the kept nodes are a fragment (one of the names above), or None when they are not."""
    if len(kept) >= len(parse.nodes):
        return None
    nodes = parse.nodes
    order = sorted(k for k in kept if _is_word(nodes[k]))
    if not order:
        return None
    first_word = next(k for k in range(len(nodes)) if _is_word(nodes[k]))
    if order[0] != first_word and nodes[order[0]].upos == "CCONJ":
        return "stray-conjunction"
    for k in order:
        n = nodes[k]
        if n.dep not in CLAUSAL:
            continue
        if n.upos not in _VERBAL and not any(nodes[c].dep == "cop" and c in kept for c in parse.children[k]):
            return "clause-without-verb"
        if _subordinated(parse, kept, k) and not is_finite(parse, k):
            # "declaring that any foreign troops deployed to Ukraine": a
            # that-clause whose finite verb went, leaving a participle.
            return "clause-without-verb"
    for position, k in enumerate(order):
        if _opens_clause(parse, k) and not any(nodes[j].upos in _VERBAL for j in order[position + 1:]):
            return "dangling-subordinator"
    main = parse.main
    if main is not None and any(k in kept and k > main and _is_word(nodes[k]) for k in parse.promoted):
        return "promoted-splice"
    if main is not None and nodes[main].upos == "VERB" and not (
        lemmas(nodes[main].lower, "VERB") or lemmas(nodes[main].lower, "AUX")
    ):
        return "not-a-verb"
    if main is not None and is_finite(parse, main):
        for c in parse.children[main]:
            n = nodes[c]
            if c in kept and n.dep == "conj" and n.upos == "VERB" and n.xpos in ("VBG", "VBN", "VB") \
                    and n.xpos != nodes[main].xpos and not is_finite(parse, c) \
                    and _finite_conjunct_between(parse, kept, main, c):
                return "stray-participle"
    for a, b in zip(order, order[1:]):
        if b > a + 1 and any(_is_word(nodes[j]) for j in range(a + 1, b)) \
                and nodes[a].upos == "VERB" and nodes[b].upos == "VERB":
            return "verbs-collide"
    if main is not None and _commas_unpaired(parse, kept, main):
        return "comma-unpaired"
    return None


def _subordinated(parse: Parse, kept, k: int) -> bool:
    """Whether clause ``k`` keeps a subject and is opened by "that" or a relative word, so needs a finite verb."""
    children = [c for c in parse.children[k] if c in kept]
    return any(parse.nodes[c].dep in SUBJECTS for c in children) and any(
        _opens_clause(parse, c) for c in children if parse.nodes[c].dep in ("mark", *SUBJECTS)
    )


def _opens_clause(parse: Parse, k: int) -> bool:
    """A subordinating conjunction or relative word: "that", "because", "who", "which".

    A subordinator that is also a preposition ("as peacekeepers", "since
    2004", "until Friday") may open a phrase with no verb, so it is not one.
    """
    n = parse.nodes[k]
    if n.upos == "SCONJ" and n.lower in _openers():
        return True
    return n.lower in vocabulary.words("relative_words") and (
        n.xpos in _RELATIVE_TAGS or n.feature("PronType") == "Rel"
    )


@lru_cache(maxsize=1)
def _openers() -> frozenset[str]:
    return (vocabulary.words("subordinators") | vocabulary.words("relative_words")) - vocabulary.words("prepositions")


def _finite_conjunct_between(parse: Parse, kept, main: int, conj: int) -> bool:
    """Whether a finite clause coordinated with ``main`` was deleted after ``conj``.

    Without it the non-finite conjunct was the lead-in to that clause ("and
    so by running the marathon, the couple have raised ..."), not a second
    predicate of the main verb's subject.
    """
    return any(
        parse.nodes[c].dep == "conj" and c > conj and c not in kept and is_finite(parse, c)
        for c in parse.children[main]
    )


def _commas_unpaired(parse: Parse, kept, main: int) -> bool:
    subject = min(parse.deps(main, *SUBJECTS), default=None)
    if subject is None or subject > main:
        return False
    # From the subject's head on: a comma before it sets off a fronted phrase.
    between = [k for k in range(subject + 1, main) if parse.nodes[k].text == ","]
    left = [k for k in between if k in kept]
    return len(left) % 2 == 1 and len(between) % 2 == 0
