"""Compression on the parse: a news sentence loses whole subtrees until it fits a bullet.

A bullet is its sentence with parts deleted, never a cut: every deletion is
a whole subtree of the dependency parse (with the commas or dashes that set
it off), so what is left is still a clause. The deletions, each with a name
that the golden table and the bullet's confidence refer to:

- ``dateline`` ("VLADIVOSTOK, Russia — ", "( cnn ) -- "): the rest of the
  sentence is parsed again without it, because a dateline misleads the parser;
- ``connector``: a leading "However," "Meanwhile," "But";
- ``parenthetical``: "( left )", "(AP)";
- ``attribution``: a tail ", officials said" or "according to the ministry";
- ``appositive``: ", a city 200 km southeast of Moscow,";
- ``relative``: a non-restrictive relative clause, set off by a comma;
- ``fronted``: a fronted adverbial or participial clause or phrase
  ("Speaking at the forum, ...", "While the talks stalled, ...");
- ``trailing``: a trailing participial or adverbial clause (", igniting a fire");
- ``coordinate``: a second coordinated clause ("..., and police said ...");
- ``time``: a time adjunct ("on Friday");
- ``adjunct``: a prepositional adjunct of the main verb or of a noun it keeps.

A candidate is kept only if its main verb keeps its subject and its required
complements (object, clausal complement, copula, auxiliaries, negation, a
prepositional complement the verb needs), if no quote is cut into, if a
comparative keeps its "than" and a "respectively" sentence keeps its pairs.
Sentences are never joined: every candidate comes from one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from quicklooks.text import vocabulary as vocab
from quicklooks.text.clauses import (
    _OFF_SET,
    SUBJECTS,
    Parse,
    _comma_before,
    _first_word,
    _is_word,
    _quote_closure,
    is_finite,
    render,
)
from quicklooks.text.coordination import unbalances
from quicklooks.text.fragments import fragment_reason
from quicklooks.text.words import count_words

# A bullet's word limit: a line or two of a Quick Looks box. Chosen on the
# plateau of the dev sweep (BENCHMARKS.md, issue 16): ROUGE-1 39.5-40.9 from
# 20 to 32 words and for whole sentences, 37.9 at 18, 33.9 at 16.
MAX_WORDS = 24

# Relations that a kept head must keep: without them the clause is a fragment
# or says something else ("did not reject" must not lose "not").
REQUIRED = frozenset(
    "nsubj nsubj:pass csubj csubj:pass expl obj iobj ccomp xcomp cop aux aux:pass mark case "
    "det det:predet compound compound:prt flat flat:name fixed goeswith nummod nmod:poss "
    "cc:preconj".split()
)
# Verbs whose prepositional phrase completes them ("relies on donors", "led to
# outages"): their first prepositional phrase is a complement, not an adjunct.
NEEDS_OBLIQUE = vocab.lemmas_taking("oblique")
NEGATIONS = vocab.words("negations")
CONNECTORS = vocab.words("connectors")
# Weekdays and the other time words; months are left out: "in January" is an
# adjunct like any other, not a "time" deletion.
TIME_WORDS = vocab.words("time_words") | vocab.words("weekdays")


@dataclass(frozen=True)
class Pruning:
    """One compression: the nodes it keeps and the deletions that made it."""

    parse: Parse
    kept: frozenset[int]
    rules: tuple[str, ...]

    @property
    def text(self) -> str:
        return render(self.parse, sorted(self.kept))

    @property
    def removed_share(self) -> float:
        total = sum(1 for n in self.parse.nodes if _is_word(n))
        kept = sum(1 for i in self.kept if _is_word(self.parse.nodes[i]))
        return 1 - kept / total if total else 0.0


# --- deletions ------------------------------------------------------------------------

@dataclass(frozen=True)
class Deletion:
    rule: str
    nodes: frozenset[int]


def deletions(parse: Parse, headline: bool = False) -> tuple[list[Deletion], list[Deletion]]:
    """The deletions always made (framing) and the optional ones, preferred first.

    ``headline`` reads a story headline, which sets nothing off with commas:
    a trailing clause or phrase may go without one, and so may a modifier of
    a noun ("Former Miss Ohio Dies When Tree Falls on Her Car" -> "Former
    Miss Ohio Dies").
    """
    nodes, main = parse.nodes, parse.main
    always: list[Deletion] = []
    optional: list[Deletion] = []
    if main is None:
        return always, optional
    protected = _protected(parse)

    def add(target: list[Deletion], rule: str, cut: set[int]) -> None:
        cut = _quote_closure(parse, with_punctuation(parse, cut))
        if not cut or main in cut or _takes_protected(parse, cut, protected) or _ends_mid_phrase(parse, cut):
            return
        if rule in ("time", "adjunct") and unbalances(parse, cut):
            return  # "9,114 votes against and 8,902 [in favour]": see coordination.py
        if any(d.nodes == cut for d in always + optional):
            return
        target.append(Deletion(rule, frozenset(cut)))

    # Leading connector: "However, ...", "But ...".
    first = next((n for n in nodes if _is_word(n)), None)
    if first is not None and first.lower in CONNECTORS and first.i < main and (
        (first.head == main and first.dep in ("advmod", "cc", "discourse", "mark"))
        # "However, social media reports ... indicate": a connector the
        # parser hung on the subject is still the sentence's, when a comma
        # closes it.
        or (first.upos in ("ADV", "CCONJ", "SCONJ") and first.i + 1 < len(nodes)
            and nodes[first.i + 1].text == "," and all(nodes[c].upos == "PUNCT" for c in parse.children[first.i]))
    ):
        add(always, "connector", {first.i})
    # Parentheticals: "( left )", "(AP)".
    for n in nodes:
        if n.text == "(":
            close = next((m.i for m in nodes[n.i + 1:] if m.text == ")"), None)
            if close is not None and close - n.i <= 12 and not (n.i <= main <= close):
                add(always, "parenthetical", set(range(n.i, close + 1)))
    # A non-finite root the main clause was lifted out of.
    if parse.promoted:
        add(always, "fronted" if max(parse.promoted) < parse.main else "trailing", set(parse.promoted))
    subject = min(parse.deps(main, *SUBJECTS), default=None)
    subject_start = min(parse.subtree(subject)) if subject is not None else main
    for c in parse.children[main]:
        n = nodes[c]
        span = parse.subtree(c)
        lo, hi = min(span), max(span)
        if _according(parse, c):
            add(always, "attribution", span)
        elif n.dep not in REQUIRED and n.dep not in ("cc", "punct", "discourse", "conj") \
                and hi < subject_start and _followed_by_break(parse, hi) \
                and not any(nodes[k].dep in SUBJECTS for k in span):
            # (A phrase with a subject of its own is a clause the parser put
            # first, likely the news itself: it is never "fronted".)
            # A fronted clause or phrase never opens a headline ("Speaking at
            # the forum, ...", "Excluding one-time costs, ..."): it always goes.
            add(always if n.dep not in ("obl", "obl:tmod", "nmod:tmod", "obl:npmod", "advmod") or nodes[lo].xpos in ("VBG", "VBN")
                else optional, "fronted", span)
        elif n.dep in ("advcl", "acl", "parataxis", "acl:relcl", "advcl:relcl") and lo > main and (
            headline or _comma_before(parse, lo)
        ):
            add(optional, "trailing", span)
        elif n.dep == "conj" and lo > main and n.xpos == "VBG" and not parse.deps(c, "cc") and _comma_before(parse, lo) \
                and min(k for k in span if _is_word(nodes[k])) == c and nodes[c - 1].text in _OFF_SET:
            add(optional, "trailing", span)  # ", calling it a red line": a participle, whatever its label
        elif n.dep == "conj" and lo > main and is_finite(parse, c) and _conjoined(parse, main, c, lo):
            # Only a second clause goes ("..., and police said ..."): the last
            # item of a list ("windows, rooftops, and residents boarding up")
            # would leave the list without its "and".
            cut = set(span) | {k for k in parse.deps(main, "cc") if lo - 2 <= k < lo}
            add(optional, "coordinate", cut)
    # A trailing adverbial clause opened by a subordinator of time, reason or
    # concession goes with or without a comma ("... despite dying two days
    # ago"): the main clause stays true without it. A condition ("if",
    # "unless", "until") does not go: without it the clause claims more.
    for verb in _predicates(parse):
        for c in parse.children[verb]:
            span = parse.subtree(c)
            if nodes[c].dep == "advcl" and min(span) > verb and any(
                nodes[m].dep == "mark" and nodes[m].lower in ADVERBIAL_SUBORDINATORS and m == min(
                    k for k in span if _is_word(nodes[k]))
                for m in parse.children[c]
            ):
                add(optional, "trailing", span)
    # Trailing clauses of the verbs the main clause's complements chain to:
    # "promised to give a bentley, as bombing raids appeared to resume".
    for verb in _predicates(parse)[1:]:
        for c in parse.children[verb]:
            span = parse.subtree(c)
            if nodes[c].dep in ("advcl", "parataxis") and min(span) > verb and _comma_before(parse, min(span)):
                add(optional, "trailing", span)
    # Appositives and non-restrictive relative clauses anywhere in what stays.
    for n in nodes:
        if n.dep == "appos" and n.i != main:
            span = parse.subtree(n.i)
            if (_comma_before(parse, min(span)) or nodes[min(span)].text in _OFF_SET) and _closed(parse, span):
                add(optional, "appositive", span)
        elif n.dep in ("acl:relcl", "advcl:relcl") and n.i != main and n.i not in _predicates(parse):
            span = parse.subtree(n.i)
            if _comma_before(parse, min(span)) and _closed(parse, span):
                add(optional, "relative", span)
    # Time adjuncts, then the other prepositional adjuncts, of the main verb
    # and of the verbs its complements chain to ("made clear that Russia
    # would treat ... during active combat").
    for verb in _predicates(parse):
        needs_oblique = nodes[verb].lemma.lower() in NEEDS_OBLIQUE and not parse.deps(verb, "obj", "ccomp", "xcomp")
        first_oblique = min((c for c in parse.deps(verb, "obl") if c > verb), default=None)
        for c in parse.children[verb]:
            n = nodes[c]
            span = parse.subtree(c)
            if n.dep in ("obl:tmod", "nmod:tmod", "obl:npmod") or (
                n.dep in ("obl", "advmod") and n.lower in TIME_WORDS
            ):
                add(optional, "time", span)
            elif n.dep in ("obl", "obl:agent") and min(span) > verb and _prepositional(parse, c):
                if needs_oblique and c == first_oblique:
                    continue
                add(optional, "adjunct", span)
    # Adjuncts of the nouns the clause keeps: "support for a force in Ukraine".
    # An "of" phrase completes its noun ("a wave of attacks") and stays.
    if headline:
        for n in nodes:
            if n.dep in ("nmod", "acl") and n.i > n.head and n.head != main:
                add(optional, "adjunct", parse.subtree(n.i))
            elif n.dep == "amod" and nodes[n.head].dep not in SUBJECTS:
                add(optional, "modifier", parse.subtree(n.i))
    # Only after a name: after a common noun the phrase often says which one
    # ("11 of the 12 cities with the worst air pollution"), and deleting it
    # changes the fact.
    for n in nodes:
        if n.dep == "nmod" and nodes[n.head].upos == "PROPN" and _prepositional(parse, n.i):
            add(optional, "adjunct", parse.subtree(n.i))
        elif n.dep == "acl" and n.xpos in ("VBN", "VBG") and n.i > n.head \
                and not parse.deps(n.i, "mark", "aux", "aux:pass"):
            # Only a reduced relative ("remarks made the previous day"): one
            # with its own "to" or auxiliary ("a bag ... to be blown out")
            # completes the verb before it.
            add(optional, "adjunct", parse.subtree(n.i))
    return always, optional


def _conjoined(parse: Parse, main: int, c: int, lo: int) -> bool:
    """Whether clause ``c`` is joined to the main one by a conjunction ("and", "but") or a semicolon.

    A "conj" with neither ("Sandiford says Chan – who was sentenced ... –
    helped her cope") is a misparse of the main clause's own complement;
    deleting it would leave the complement's subject without its verb.
    """
    if parse.deps(c, "cc") or any(lo - 2 <= k < lo for k in parse.deps(main, "cc")):
        return True
    return lo > 0 and parse.nodes[lo - 1].text == ";"


def _predicates(parse: Parse) -> list[int]:
    """The main predicate and the predicates of its clausal complements, in chain."""
    out, stack = [], [parse.main]
    while stack:
        k = stack.pop()
        out.append(k)
        stack.extend(c for c in parse.children[k] if parse.nodes[c].dep in ("ccomp", "xcomp", "advcl:relcl")
                     or (parse.nodes[c].dep == "acl:relcl" and parse.nodes[k].upos == "ADJ")
                     or _infinitive_after(parse, k, c))
    return out


def _infinitive_after(parse: Parse, verb: int, c: int) -> bool:
    """An infinitive clause after its verb ("voted 7 to 2 to close the bridge ... after engineers found cracks").

    The parser often labels such a complement an adverbial clause; either way
    the clause stays, and its own adjuncts and trailing clauses are deletable
    as the main verb's are.
    """
    n = parse.nodes[c]
    return n.dep == "advcl" and c > verb and n.xpos == "VB" and any(
        parse.nodes[m].dep == "mark" and parse.nodes[m].lower == "to" for m in parse.children[c])


def _prepositional(parse: Parse, c: int) -> bool:
    """A phrase opened by its preposition ("in Ukraine", "during the war"), but not "of"."""
    span = sorted(parse.subtree(c))
    first = next((k for k in span if _is_word(parse.nodes[k])), None)
    if first is None:
        return False
    n = parse.nodes[first]
    # "of" completes its noun ("a wave of attacks"); "as" its verb ("viewed as part of"). A
    # participle marking the phrase is one of its prepositions: ", including sweeping relief".
    return n.dep == "case" and n.head in span and (n.upos == "ADP" or n.xpos == "VBG") and n.lower not in ("of", "as")


def _according(parse: Parse, c: int) -> bool:
    """ "according to the ministry": an attribution, never the fact."""
    span = sorted(parse.subtree(c))
    return any(parse.nodes[k].lower == "according" for k in span[:2])


def _closed(parse: Parse, span: set[int]) -> bool:
    """Whether a phrase set off by a comma or dash ends where its closing mark (or the sentence) does.

    "Ryazan, a city 200 km southeast of Moscow, indicated": when the parse
    gives the appositive only "a city", deleting it would strand "200 km
    southeast of Moscow," after the name.
    """
    hi = max(span)
    if parse.nodes[hi].text in _OFF_SET or hi + 1 >= len(parse.nodes):
        return True
    return parse.nodes[hi + 1].upos == "PUNCT"  # a comma, a dash, the full stop, a closing bracket


def _followed_by_break(parse: Parse, hi: int) -> bool:
    """Whether a phrase ending at ``hi`` is closed by a comma or dash (its own last token or the next)."""
    return parse.nodes[hi].text in _OFF_SET or (hi + 1 < len(parse.nodes) and parse.nodes[hi + 1].text in _OFF_SET)


def with_punctuation(parse: Parse, cut: set[int]) -> set[int]:
    """A deleted phrase takes the comma or dash that opens it, and the one that closes it when it sat between two."""
    if not cut:
        return cut
    nodes = parse.nodes
    words = [k for k in cut if _is_word(nodes[k])]
    if not words:
        return set(cut)
    lo, hi = min(words), max(words)
    # The subtree's own commas beyond its words belong to what surrounds it.
    out = {k for k in cut if lo <= k <= hi or nodes[k].text not in _OFF_SET}
    before = next((k for k in (lo - 1,) if k >= 0 and nodes[k].text in _OFF_SET), None)
    after = next((k for k in (hi + 1,) if k < len(nodes) and nodes[k].text in _OFF_SET), None)
    if before is not None and after is not None:
        # ", a city 200 km southeast of Moscow," : both marks go when they pair;
        # a comma then a dash keeps the second, which sets off what follows.
        out.add(before)
        if nodes[after].text == nodes[before].text:
            out.add(after)
    elif before is not None:
        out.add(before)
    elif after is not None and (lo == _first_word(parse) or (
            lo - 1 == _first_word(parse) and nodes[lo - 1].lower in CONNECTORS)):
        # A fronted phrase takes its comma (after a connector, which goes too:
        # "And as his date, she ..."); mid-sentence the comma sets off what follows.
        out.add(after)
    # A sentence's closing mark that the parser hung on the phrase stays the sentence's.
    return {k for k in out if not (k > hi and nodes[k].text in (".", "!", "?") and k >= len(nodes) - 2)}


def _protected(parse: Parse) -> set[int]:
    """Nodes no deletion may take: negation of a kept head, a comparative's "than"."""
    nodes = parse.nodes
    keep: set[int] = set()
    main = parse.main
    for n in nodes:
        if n.lower in NEGATIONS and (n.head == main or nodes[n.head].head == main):
            keep.add(n.i)
        if n.lower == "than" or n.lower == "respectively":
            keep.add(n.i)
    return keep


def _ends_mid_phrase(parse: Parse, cut: set[int]) -> bool:
    """Whether a deletion ends on a noun that the next kept word continues ("in the barclays | premier league").

    A noun phrase runs on through adjectives and nouns; when what is deleted
    ends on a noun and the next word is another noun or an adjective, the
    parse has split one phrase in two, and the deletion would leave its tail
    stranded ("make his mark premier league").
    """
    nodes = parse.nodes
    words = [k for k in cut if _is_word(nodes[k])]
    if not words:
        return False
    hi = max(words)
    after = hi + 1
    while after < len(nodes) and after in cut:
        after += 1
    if after >= len(nodes) or after != hi + 1:
        return False
    return nodes[hi].upos in ("NOUN", "PROPN") and nodes[after].upos in ("NOUN", "PROPN", "ADJ")


def _takes_protected(parse: Parse, cut: set[int], protected: set[int]) -> bool:
    """Whether a deletion takes a protected word without what it qualifies.

    A "than" may go with its comparison whole: ", three months after storms
    flooded more than 200 homes" goes as one relative clause, and what stays
    compares nothing. Deleting "than the old one" alone, leaving "higher",
    would change the fact.
    """
    for k in cut & protected:
        if parse.nodes[k].lower != "than":
            return True
        comparative = next((m for m in range(k - 1, -1, -1) if parse.nodes[m].xpos in _COMPARATIVE_TAGS), None)
        if comparative is None or comparative not in cut:
            return True
    return False


# A "than" belongs to the nearest comparative before it ("higher", "more",
# "fewer"): the Penn tags of comparative adjectives and adverbs.
_COMPARATIVE_TAGS = frozenset(("JJR", "RBR"))


# --- candidates -----------------------------------------------------------------------

# How many optional deletions a candidate may combine beyond the preferred
# cumulative sequence: every pair of them is also tried.
_PAIRS = 2


def prune(parse: Parse, max_words: int, within: frozenset[int] | None = None, headline: bool = False) -> list[Pruning]:
    """Every valid compression of the sentence within ``max_words``, fewest deletions first.

    The whole sentence (framing removed) comes first when it fits; then the
    preferred deletions one after another; then each optional deletion, and
    each pair of them, on their own. A sentence with no main predicate that
    has a subject gives nothing: it would be a fragment.
    """
    if parse.main is None or not parse.nodes:
        return []
    always, optional = deletions(parse, headline)
    whole = frozenset(range(len(parse.nodes)))
    # Framing goes always, unless the parse is so wrong that what is left is
    # no clause: then the deletion is only offered.
    # A leading connector goes whatever is left (a bullet never opens on "But";
    # valid() refuses one that keeps it), and other deletions may still make a clause.
    optional = [d for d in always if d.rule != "connector" and not valid(parse, whole - d.nodes)] + optional
    always = [d for d in always if d.rule == "connector" or valid(parse, whole - d.nodes)]
    everything = set(range(len(parse.nodes))) if within is None else set(within)
    if within is not None:
        always = [d for d in always if d.nodes & everything]
        optional = [d for d in optional if d.nodes <= everything]
    base = everything - set().union(*(d.nodes for d in always)) if always else everything
    base_rules = tuple(d.rule for d in always)
    tried: list[tuple[frozenset[int], tuple[str, ...]]] = [(frozenset(base), base_rules)]
    kept = set(base)
    rules = list(base_rules)
    for d in optional:
        if d.nodes & kept:
            kept -= d.nodes
            rules.append(d.rule)
            tried.append((frozenset(kept), tuple(rules)))
    for size in range(1, _PAIRS + 1):
        for combo in combinations(optional, size):
            cut = set().union(*(d.nodes for d in combo))
            tried.append((frozenset(base - cut), base_rules + tuple(d.rule for d in combo)))
    out: list[Pruning] = []
    seen: set[frozenset[int]] = set()
    for kept_nodes, applied in sorted(tried, key=lambda t: len(t[1])):
        if kept_nodes in seen:
            continue
        seen.add(kept_nodes)
        candidate = Pruning(parse, kept_nodes, applied)
        words = count_words(candidate.text)
        if words > max_words or words < 4:
            continue
        if valid(parse, kept_nodes):
            out.append(candidate)
    return out


# Words a main clause never opens with: a relative or subordinate clause's
# first word ("Which will be opening ...", "Who are believed ...").
RELATIVE_PRONOUNS = vocab.words("relative_words")
ADVERBIAL_SUBORDINATORS = vocab.words("adverbial_subordinators")
SUBORDINATE_OPENERS = RELATIVE_PRONOUNS | vocab.words("subordinators")
_APPROXIMATORS = vocab.words("approximators")


def valid(parse: Parse, kept: frozenset[int] | set[int]) -> bool:
    """Whether what is kept is a clause: its predicate with a subject and what it requires."""
    main = parse.main
    if main is None or main not in kept or not is_finite(parse, main):
        return False
    first = next((k for k in sorted(kept) if _is_word(parse.nodes[k])), None)
    if first is None or (parse.nodes[first].lower in SUBORDINATE_OPENERS and parse.nodes[first].head != main):
        return False
    if parse.nodes[first].lower in SUBORDINATE_OPENERS and parse.nodes[first].dep in ("mark", "nsubj", "nsubj:pass"):
        return False
    if _opens_on_connector(parse, first, kept):
        return False  # "But that was just the start.": it links to a sentence the bullet is not beside
    if len(kept) == len(parse.nodes):
        return True  # nothing deleted: the sentence as written is its own clause
    if parse.deps(main, "obl:agent") and not parse.deps(main, "aux", "aux:pass", "cop"):
        return False  # "a firm founded in 1999 by Hoogewerf.": an agent's verb without "be" is a participle
    last = max((k for k in kept if _is_word(parse.nodes[k])), default=None)
    if last is not None and (parse.nodes[last].upos in ("ADP", "DET", "CCONJ", "SCONJ", "AUX", "PART")
                             or parse.nodes[last].lower in _APPROXIMATORS
                             or parse.nodes[last].head > last):
        # "Insurers have paid about.", "... with sustained.": the last word
        # modifies a word that was deleted after it.
        return False
    right = [c for c in parse.children[main] if c > main and _is_word(parse.nodes[c])]
    if right and not any(k > main and _is_word(parse.nodes[k]) for k in kept) and not _complete_alone(parse, main, kept):
        return False  # "Fabregas takes.": the verb lost everything after it, its complement too
    if any(parse.nodes[c].dep == "mark" and c in kept and c < main and parse.nodes[c].lower != "that"
           for c in parse.children[main]):
        return False  # "By the time Zamora caresses the ball.": a subordinate clause, not a sentence
    if _parts_subject_and_verb(parse, kept):
        return False  # "… unavoidable after the district.": "lost aid" went, misparsed off "district"
    subjects = [c for c in parse.children[main] if parse.nodes[c].dep in SUBJECTS and c in kept]
    if not subjects:
        return False
    if parse.nodes[subjects[0]].lower in RELATIVE_PRONOUNS:
        return False  # "The mayor, who takes office.": a relative clause, not a sentence
    if _comma_splits_subject(parse, kept, subjects[0], main):
        return False  # "The survey, carries out by a team": a participle misread as the verb
    # A leading connector is one word whatever the parser hung on it
    # ("However, senior judge Nicholas ..." with "Nicholas" under "However"):
    # its deletion orphans nothing.
    opener = _first_word(parse)
    opener = opener if opener is not None and parse.nodes[opener].lower in CONNECTORS and opener not in kept else None
    for i in kept:
        n = parse.nodes[i]
        if i != main and n.head != i and n.head not in kept and i not in parse.promoted and n.head not in parse.promoted \
                and n.head != opener:
            return False  # an orphan: its head was deleted under it
        for c in parse.children[i]:
            if parse.nodes[c].dep in REQUIRED and c not in kept and not (i == main and parse.nodes[c].dep == "mark"):
                return False  # (a claim's main verb may lose its "that": "X says 26 nations pledged")
        if n.dep == "conj" and n.upos in ("VERB", "AUX") and n.head in kept and not (
            any(parse.nodes[c].dep == "cc" and c in kept for c in parse.children[i])
            or (i > 0 and parse.nodes[i - 1].text in _OFF_SET and i - 1 in kept)
        ):
            return False  # "issued a warning would be viewed": the conjunction went, the clauses splice
        if i != main and n.xpos in ("VBD", "VBZ", "VBP") and n.dep not in ("conj", "aux", "aux:pass", "cop") \
                and not any(parse.nodes[c].dep in SUBJECTS and c in kept for c in parse.children[i]):
            return False  # "His comments come reaffirm ...": a finite verb left without its subject
    return fragment_reason(parse, kept) is None


def _parts_subject_and_verb(parse: Parse, kept) -> bool:
    """Whether a kept noun loses the finite verb right after it ("after the district | lost aid").

    A noun then a finite verb with nothing between is a subject and its verb,
    whatever the parse says: where the parser hangs the verb elsewhere, keeping
    the noun without it leaves the noun's clause with no verb.
    """
    nodes = parse.nodes
    return any(
        k + 1 < len(nodes) and k + 1 not in kept and nodes[k].upos in ("NOUN", "PROPN")
        and nodes[k + 1].upos in ("VERB", "AUX") and nodes[k + 1].xpos in ("VBD", "VBZ", "VBP")
        for k in kept
    )


def _opens_on_connector(parse: Parse, first: int, kept) -> bool:
    """Whether what is kept opens on a connector: a conjunction ("But", "And"), or any connector and its comma.

    Wherever the parser hung it (on the subject, on a clause the main one was
    lifted from), a connector links to the sentence before, and a bullet
    stands alone. An adverb in the list with no comma may be the clause's own
    ("Now the council plans ...", "Still more rain ...").
    """
    n = parse.nodes[first]
    if n.lower not in CONNECTORS or first != _first_word(parse):
        return False
    return n.upos == "CCONJ" or (first + 1 in kept and parse.nodes[first + 1].text == ",")


def _comma_splits_subject(parse: Parse, kept, subject: int, main: int) -> bool:
    """Whether only a comma stands between the subject and its verb in what is kept.

    English sets nothing off between a subject and its verb without a
    parenthetical ("The company, which ..., said"; "Moscow, however,
    rejected"). A lone comma there means the parse took a participle of a
    longer subject ("The survey, carried out by a team, found ...") for the
    sentence's verb.
    """
    nodes = parse.nodes
    end = max(k for k in parse.subtree(subject) if k in kept)
    verb = min([main] + [c for c in parse.children[main] if c in kept and nodes[c].dep in ("aux", "aux:pass", "cop")])
    between = [k for k in kept if end < k < verb]
    return bool(between) and all(nodes[k].text == "," for k in between)


# What may follow a verb without completing it: its adjuncts.
_ADJUNCT_DEPS = frozenset(("obl", "obl:agent", "obl:tmod", "obl:unmarked", "obl:npmod", "nmod:tmod", "advmod", "advcl",
                           "punct"))


def _complete_alone(parse: Parse, main: int, kept) -> bool:
    """A passive or progressive main verb that lost only adjuncts after it ("A girl is missing.", "He was arrested.").

    Such a verb needs no object, so only adjuncts could have followed it;
    an active verb that lost all it had after it may have lost its object.
    """
    nodes = parse.nodes
    only_adjuncts = all(nodes[c].dep in _ADJUNCT_DEPS for c in parse.children[main] if c > main and c not in kept)
    if any(c < main and c in kept and nodes[c].dep == "ccomp" for c in parse.children[main]):
        # '“…,” Reyes said [on Sunday].': what was said came first, so the verb lacks nothing.
        return only_adjuncts
    if nodes[main].xpos not in ("VBN", "VBG") or not any(
        c in kept and nodes[c].dep in ("aux", "aux:pass") for c in parse.children[main]
    ):
        return False
    return only_adjuncts
