"""A story's headline shortened to a 3–6 word label, by keeping parts of its parse.

A headline says who does what, then where, when and why. The label keeps the
main clause's subject, its verb (with auxiliaries, negation and particle)
and its object, each a whole phrase; then the verb's prepositional phrases in
order while they fit. Everything else is a whole subtree that goes:
subordinate clauses ("When Tree Falls on Her Car"), attribution tails
("..., Investigators Say"), appositives, relative clauses, further adjuncts.
No phrase is ever cut in the middle: "Former Miss Ohio Dies When Tree Falls
on Her Car" gives "Former Miss Ohio Dies", never "Miss Dies When Tree".

A headline in title case parses badly (every word looks like a name), so it
is parsed in sentence case: a word keeps its capital when the story writes it
so, or when the lexicon does not know it (a name); other words are lowered.
When no clause fits, the label is the subject's plain noun phrase; when that
is too short, there is none (the label then comes from the lead bullet).
"""

from __future__ import annotations

import re

from quicklooks.text import vocabulary as vocab
from quicklooks.text.headline_style import MAX_WORDS, MIN_WORDS, SMALL_WORDS, title_case
from quicklooks.text.inflection import dictionary_form

SUBJECTS = ("nsubj", "nsubj:pass", "csubj")
# What a noun phrase keeps of its head's children: its modifiers and names.
_NOUN_PARTS = frozenset("compound amod nummod flat flat:name nmod:poss det case fixed".split())
# What a verb keeps: its auxiliaries, negation, particle and copula.
_VERB_PARTS = frozenset("aux aux:pass compound:prt cop".split())
_OBJECTS = ("obj", "iobj")
_ARTICLES = vocab.words("articles")
_NEGATIONS = vocab.words("negations")
_SPEECH = vocab.speech_verbs()
_WORD = re.compile(r"[\w’'.$%&-]+")


def shorten_headline(headline: str, context: str = "") -> str | None:
    """The headline in 3–6 title-case words, by deleting whole phrases of its parse.

    ``context`` is text of the story (its lead bullet and sentence): a word
    it writes with a capital is a name. A speaker's colon stays ("Putin:
    Foreign Troops Would Be Legitimate Targets" -> "Putin: Foreign Troops
    Would Be Targets" when it fits). None when no label of 3–6 words reads.
    """
    words = headline.split()
    if not words:
        return None
    if MIN_WORDS <= len(words) <= MAX_WORDS:
        return title_case(words).rstrip(".")
    speaker, colon, rest = headline.partition(": ")
    if colon and 1 <= len(speaker.split()) <= 2 and rest.strip():
        room = MAX_WORDS - len(speaker.split())
        claim = rest.split() if len(rest.split()) <= room else _shorten(rest, context, room, clause_only=True)
        if claim and len(claim) >= 2:
            return title_case(speaker.split()) + ": " + title_case(claim)
        return None
    short = _shorten(headline, context, MAX_WORDS)
    return title_case(short) if short else None


def sentence_case(headline: str, context: str = "") -> str:
    """The title-case headline as a sentence would write it, for the parser.

    "Former Miss Ohio Dies When Tree Falls" -> "Former Miss Ohio dies when
    tree falls" when the story writes "Miss Ohio" with capitals; a word the
    lexicon does not know ("Rojas", "Chernihiv") keeps its capital.
    """
    capitalised = {w for w in _WORD.findall(context) if w[:1].isupper()}
    lowered = {w for w in _WORD.findall(context) if w[:1].islower()}
    out = []
    for k, raw in enumerate(headline.split(" ")):
        word = raw.strip("“”\"‘’'(),:;")
        lower = word.lower()
        keep = (
            not k or not word[:1].isupper() or word.isupper() and len(word) > 1
            or (word in capitalised and lower not in lowered)
            or dictionary_form(lower) == lower and lower not in lowered and not _known(lower)
        )
        out.append(raw if keep else raw.replace(word, lower, 1))
    return " ".join(out)


def _known(lower: str) -> bool:
    from quicklooks.text.inflection import lemmas

    return any(lemmas(lower, upos) for upos in ("NOUN", "VERB", "ADJ", "ADV")) or lower in SMALL_WORDS


def _shorten(headline: str, context: str, limit: int, clause_only: bool = False) -> list[str] | None:
    """The best clause that passes :func:`_whole` from the sentence-case parse, else from the title-case one."""
    from quicklooks.text.clauses import headline_parse

    fallback = None
    for text in dict.fromkeys((sentence_case(headline, context), headline)):
        parse = headline_parse(text)
        if parse.main is None or not parse.nodes:
            continue
        for kept in _headline_passive(parse, limit) or _clauses(parse, parse.main, limit):
            if _whole(parse, kept):
                return _words(headline, parse, kept)
        subject = _subject(parse, parse.main)
        phrase = _phrase(parse, subject if subject is not None else parse.main)
        if fallback is None and MIN_WORDS <= _count(parse, phrase) <= limit and _whole(parse, phrase):
            fallback = _words(headline, parse, phrase)
    return None if clause_only else fallback


def _whole(parse, kept: set[int]) -> bool:
    """Whether the kept words read as the headline's own phrases, never a cut inside one.

    The label starts where the headline starts; a gap inside it holds only
    articles, dropped modifiers or a phrase set off by commas (a misparse
    that dropped "Man" from "... Moment Man Kidnaps Girl" leaves a gap of
    content words, and is refused); and the word after its last one starts
    a new phrase (a preposition, conjunction, adverb or verb), or there is none.
    """
    words = _word_of(parse)
    kept_words = sorted({words[k] for k in kept if _is_word(parse.nodes[k])})
    if not kept_words or kept_words[0] != 0:
        return False
    for n in parse.nodes:
        if n.upos == "AUX" and n.i not in kept and n.head not in kept and _subject(parse, n.head) is None:
            # "Troops Deployed to Ukraine [Would Be Targets]": a predicate left
            # without its subject means the label took the wrong verb.
            return False
    if any(_loses_bare_object(parse, k, kept) for k in kept):
        return False
    tokens = [k for k in range(len(parse.nodes)) if _is_word(parse.nodes[k])]
    first_token = {}
    for k in tokens:
        first_token.setdefault(words[k], k)
    for w in range(kept_words[0], kept_words[-1]):
        if w in kept_words:
            continue
        k = first_token.get(w)
        if k is None:
            continue
        n = parse.nodes[k]
        if n.dep == "det" or (n.dep in ("amod", "compound") and not parse.children[k]):
            continue
        if _set_off(parse, k) or _dropped_modifier_clause(parse, k, kept):
            continue
        return False
    after = kept_words[-1] + 1
    if after not in first_token:
        return True
    nxt = parse.nodes[first_token[after]]
    last = max(k for k in range(len(parse.nodes)) if words[k] == kept_words[-1])
    if any(parse.nodes[j].upos == "PUNCT" for j in range(last, first_token[after])):
        return True
    if nxt.upos == "AUX":
        # "Foreign Troops Deployed to Ukraine | Would Be Targets": the label
        # took a reduced relative for the verb, and would say the opposite.
        return False
    if nxt.upos == "VERB":
        # A verb starts a new phrase only as a clause of its own ("... as
        # Winds Return"); "After Fed Rate | Cut" is a noun misread.
        return any(parse.nodes[c].dep in (*SUBJECTS, "mark") for c in parse.children[nxt.i])
    return nxt.upos in ("ADP", "SCONJ", "CCONJ", "ADV", "PART")


def _loses_bare_object(parse, k: int, kept: set[int]) -> bool:
    """Whether kept verb ``k`` loses the noun phrase right after it, one no preposition introduces.

    Such a phrase is what the verb acts on, whatever relation the parse gave
    it ("Approves [Later Start Times]" read as a bare adverbial, or as a
    clause of its own): "School Board Approves" alone says nothing.
    """
    found = _bare_object(parse, k)
    return found is not None and found not in kept


def _bare_object(parse, k: int) -> int | None:
    """The noun after verb ``k`` (an adverb may come between) with no preposition of its own, if any.

    Only the phrase right after the verb: a later bare noun is more often a
    misparse of a phrase that has its preposition ("Sends 175 Drones in
    Record Overnight Attack").
    """
    if parse.nodes[k].upos != "VERB":
        return None
    after = k + 1
    while after < len(parse.nodes) and parse.nodes[after].upos in ("ADV", "PART"):
        after += 1
    for c in parse.children[k]:
        n = parse.nodes[c]
        if c > k and n.upos in ("NOUN", "PROPN", "NUM") and n.dep not in ("obl:tmod", "nsubj") \
                and not any(parse.nodes[g].dep in ("case", "mark") for g in parse.children[c]) \
                and after in parse.subtree(c):
            return c
    return None


def _dropped_modifier_clause(parse, k: int, kept: set[int]) -> bool:
    """A word of a whole participle clause on a kept noun: "Troops [Deployed to Ukraine] Would Be Targets".

    Not when the clause ends on its object right before the label's verb:
    "Video [Showing Dramatic Moment Man] Kidnaps Girl" is the parser's
    misreading of "Man Kidnaps Girl", and the label would invert it.
    """
    head = k
    while parse.nodes[head].dep not in ("acl", "acl:relcl") and parse.nodes[head].head != head:
        head = parse.nodes[head].head
    n = parse.nodes[head]
    if n.dep not in ("acl", "acl:relcl") or n.head not in kept or parse.subtree(head) & kept:
        return False
    last = max(parse.subtree(head))
    return parse.nodes[last].dep != "obj"


def _set_off(parse, k: int) -> bool:
    """A word inside a phrase that commas or dashes set off ("Putin, 72, Warns")."""
    before = [j for j in range(k) if parse.nodes[j].upos == "PUNCT" and parse.nodes[j].text in ",—–-"]
    return bool(before) and any(parse.nodes[j].text in ",—–-" for j in range(k + 1, len(parse.nodes)))


def _is_word(n) -> bool:
    return any(ch.isalnum() for ch in n.text)


def _word_of(parse) -> list[int]:
    """Each token's whitespace word: "8-year-old" and "$4.2" are one word of three tokens."""
    out, word = [], -1
    for k, n in enumerate(parse.nodes):
        if not k or parse.nodes[k - 1].end != n.start:
            word += 1
        out.append(word)
    return out


def _clauses(parse, verb: int, limit: int) -> list[set[int]]:
    """Subject, verb group and object of ``verb``, with its prepositional phrases while they fit, fullest first."""
    nodes = parse.nodes
    subject = _subject(parse, verb)
    if subject is None and nodes[verb].upos in ("VERB", "AUX"):
        return []  # "Showing Dramatic Moment ...": a verb with no subject is no headline
    if nodes[verb].lemma.lower() in _SPEECH:
        claim = next((c for c in parse.children[verb] if nodes[c].dep in ("ccomp", "parataxis")
                      and _subject(parse, c) is not None), None)
        if claim is not None and claim < verb:
            return _clauses(parse, claim, limit)  # "Power Line Sparked Fire, Investigators Say"
        if claim is not None and subject is not None:
            # "Powell Tells Congress the Fed Is Closer ...": the speaker and the claim.
            speaker = _phrase(parse, subject) | _verb_group(parse, verb)
            return [speaker | said for said in _clauses(parse, claim, limit - _count(parse, speaker))]
    core = _verb_group(parse, verb)
    if subject is not None:
        core |= _phrase(parse, subject)
    if nodes[verb].upos not in ("VERB", "AUX"):
        core |= _phrase(parse, verb)  # "Chernihiv Without Power", "Fed Is Closer"
    # One object of each kind: a verb has one direct object, and a second
    # ("Sends 175 Drones in Record Overnight Attack" read with "attack" as
    # another) is the parser's mistake; it goes with the phrase it ends.
    seen: set[str] = set()
    for c in parse.children[verb]:
        dep = nodes[c].dep
        if (dep in _OBJECTS or dep == "xcomp") and dep not in seen:
            seen.add(dep)
            core |= _phrase(parse, c) if dep != "xcomp" else _clause_object(parse, c)
    bare = _bare_object(parse, verb)
    if bare is not None and not seen & set(_OBJECTS):
        # What the verb acts on, under whatever relation the parse gave it.
        core |= _phrase(parse, bare) | {k for k in range(verb + 1, bare) if nodes[k].upos in ("ADV", "PART")}
    core = _fit(parse, core, limit, subject)
    if core is None:
        return []
    found = [core]
    for adjunct in _adjuncts(parse, verb):
        # Room for a phrase is made by dropping adjectives only ("Floods
        # Leave Brazil City Under Water"), never a noun of what was done.
        fuller = _fit(parse, found[-1] | _phrase(parse, adjunct), limit, subject, ("ADJ",))
        if fuller is None:
            break  # a later phrase without this one would say something else
        found.append(fuller)
    # The fullest first: "Floods Leave Southern Brazil City Under Water".
    return [kept for kept in reversed(found) if MIN_WORDS <= _count(parse, kept) <= limit]


def _headline_passive(parse, limit: int) -> list[set[int]]:
    """ "Mill Street Bridge Shut After Cracks Found": a headline's passive drops its "is".

    The parser reads the noun as the root and the participle right after it
    as its modifier; the label reads them as subject and verb.
    """
    head = parse.main
    verb = next((c for c in parse.children[head] if parse.nodes[c].dep == "acl" and parse.nodes[c].xpos == "VBN"
                 and c == max(_phrase(parse, head)) + 1), None)
    if parse.nodes[head].upos not in ("NOUN", "PROPN") or verb is None:
        return []
    core = _phrase(parse, head) | _verb_group(parse, verb)
    found = [core]
    for adjunct in _adjuncts(parse, verb):
        fuller = _fit(parse, found[-1] | _phrase(parse, adjunct), limit, head, ("ADJ",))
        if fuller is None:
            break
        found.append(fuller)
    return [kept for kept in reversed(found) if MIN_WORDS <= _count(parse, kept) <= limit]


def _clause_object(parse, verb: int) -> set[int]:
    """ "Begins Rebuilding", "Promises to Overhaul Pensions": an infinitive or -ing object with its own object."""
    kept = {verb} | {c for c in parse.children[verb] if parse.nodes[c].dep in ("mark", "compound:prt")}
    for c in parse.children[verb]:
        if parse.nodes[c].dep == "obj":
            kept |= _phrase(parse, c)
    return kept


def _adjuncts(parse, verb: int) -> list[int]:
    """The verb's (or verbless head's) prepositional phrases after it, in order: "Under Water", "to Runoff"."""
    deps = ("obl", "nmod") if parse.nodes[verb].upos in ("VERB", "AUX") else ("nmod", "obl")
    return [c for c in parse.children[verb] if c > verb and parse.nodes[c].dep in deps
            and any(parse.nodes[k].dep == "case" for k in parse.children[c])]


def _subject(parse, verb: int) -> int | None:
    return next((c for c in parse.children[verb] if parse.nodes[c].dep in SUBJECTS), None)


def _verb_group(parse, verb: int) -> set[int]:
    kept = {verb}
    for c in parse.children[verb]:
        n = parse.nodes[c]
        if n.dep in _VERB_PARTS or n.dep == "advmod" and n.lower in _NEGATIONS:
            kept.add(c)
    return kept


def _phrase(parse, head: int) -> set[int]:
    """A noun phrase without its clauses and appositives: "Former Miss Ohio", "$4.2 Million Flood Wall".

    A coordinated name comes along ("Rojas and Fuentes"), and so does an
    appositive with no comma before it, which is the parser's reading of a
    compound ("$ 4.2 million flood wall" parsed with "wall" in apposition).
    """
    nodes = parse.nodes
    kept = {head}
    for c in parse.children[head]:
        n = nodes[c]
        joined = not _comma_between(parse, head, c)
        if n.dep in _NOUN_PARTS and not (n.dep == "det" and n.lower in _ARTICLES):
            kept |= _phrase(parse, c) if n.dep != "case" else {c}
        elif n.dep in ("appos", "conj") and joined and n.upos in ("NOUN", "PROPN", "NUM") and (
            n.dep == "appos" or any(nodes[k].dep == "cc" for k in parse.children[c])
        ):
            kept |= _phrase(parse, c) | {k for k in parse.children[c] if nodes[k].dep == "cc"}
    return kept


def _comma_between(parse, a: int, b: int) -> bool:
    low, high = sorted((a, b))
    return any(parse.nodes[k].upos == "PUNCT" for k in range(low + 1, high))


def _fit(parse, kept: set[int], limit: int, subject: int | None,
         droppable: tuple[str, ...] = ("ADJ", "NOUN")) -> set[int] | None:
    """Drop described modifiers (an adjective, a common-noun compound), object first, until it fits.

    A name keeps all its words ("Cedar Ridge Fire"), and "First Time" its ordinal.
    """
    nodes = parse.nodes
    order = sorted(
        (k for k in kept if nodes[k].dep in ("amod", "compound") and nodes[k].upos in droppable
         and not parse.children[k] and nodes[k].feature("NumType") != "Ord" and not _in_name(parse, k)),
        key=lambda k: (subject is not None and k in parse.subtree(subject), k),
    )
    for k in order:
        if _count(parse, kept) <= limit:
            break
        kept = kept - {k}
    return kept if _count(parse, kept) <= limit else None


def _in_name(parse, k: int) -> bool:
    """A word of a name: it or its head is a proper noun ("Cedar Ridge Fire", "Oil" of "Rosneft Oil")."""
    n = parse.nodes[k]
    return n.upos == "PROPN" or parse.nodes[n.head].upos == "PROPN" or n.text[:1].isupper() and k and n.upos != "ADJ" and parse.nodes[n.head].text[:1].isupper()


def _count(parse, kept: set[int]) -> int:
    words = _word_of(parse)
    return len({words[k] for k in kept if _is_word(parse.nodes[k])})


def _words(headline: str, parse, kept: set[int]) -> list[str]:
    """The kept whitespace words as the headline wrote them ("$4.2", "8-year-old", "Chile’s" stay whole)."""
    words = _word_of(parse)
    chosen = sorted({words[k] for k in kept if _is_word(parse.nodes[k])})
    spans: dict[int, list[int]] = {}
    for k, n in enumerate(parse.nodes):
        span = spans.setdefault(words[k], [n.start, n.end])
        span[1] = n.end
    out = [headline[spans[w][0]:spans[w][1]].strip(",;:“”\"‘’()") for w in chosen]
    out = [w for w in out if w]
    while out and out[-1].lower() in SMALL_WORDS:
        out.pop()
    return out
