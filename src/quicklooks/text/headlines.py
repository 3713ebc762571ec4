"""Headline style for a pruned sentence: present tense, "X says ...", names for pronouns.

A Quick Looks bullet reads like a headline statement: "Macron says 26 nations
pledged to support Ukraine", "Russia launches 157 drones and 7 missiles".
:func:`drafts` turns each :class:`~quicklooks.text.pruning.Pruning` into
that form with rewrites of its own words, each named in the draft's
``rules`` (the bullet's confidence counts them):

- ``present``: the main verb of a reported past event goes into the present
  ("warned" -> "warns", "has launched" -> "launches", "was arrested" -> "is
  arrested", "did not" -> "does not"); the past stays where the time is part
  of the fact: a year, a month, "ago", "last year" ("died in 2019"). A day
  of the news's own days on the rewritten verb ("on Friday", "yesterday",
  "last week") goes with the rewrite: "warned on Friday" -> "warns";
- ``says``: attribution becomes "X says ...": "Y, officials said" -> "Officials
  say Y"; "X told reporters that Y" -> "X says Y"; "X issued a warning,
  declaring that Y" -> "X declares Y"; a titled name becomes its surname;
- ``reference``: a subject "he"/"she" or "the company" gets the story's name for
  it (see :mod:`quicklooks.text.references`).

Words are only ever replaced by another form of the same lemma, by "says",
or by a name the story gives; :mod:`quicklooks.text.verification` checks
each draft against its source subtree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quicklooks.text import vocabulary
from quicklooks.text.document import Document
from quicklooks.text.inflection import inflect, lemmas
from quicklooks.text.clauses import SUBJECTS, Parse, render
from quicklooks.text.pruning import Pruning, with_punctuation, prune, valid
from quicklooks.text.references import resolve
from quicklooks.text.words import count_words

# Reporting verbs whose that-clause is the claim a headline restates ("X
# warned that Y" -> "X warns Y"): the verb table's speech verbs that take one.
SPEECH_LEMMAS = frozenset(
    lemma for lemma, verb in vocabulary.verbs().items() if verb.speech and "that" in verb.complements
)
# Reporting verbs that read as "says" in a headline; the rest keep their own verb.
_SAYS = vocabulary.words("says_verbs")
_MONTHS = vocabulary.words("months")
_PAST_TIME = vocabulary.words("past_time_words")
_PERIODS = vocabulary.words("periods")
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_PLURAL_PRONOUNS = vocabulary.words("plural_pronouns")
_PARTITIVES = vocabulary.words("partitives")
_NEGATIONS = vocabulary.words("negations")
# What dates an event to the news's own days ("on Friday", "yesterday", "last
# week"): a headline in the present drops it (see _news_days).
_NEWS_DAYS = vocabulary.words("weekdays") | vocabulary.words("news_day_words")
_RECENT_PERIODS = vocabulary.words("recent_periods")
_TIME_LEADS = vocabulary.words("time_leads")
_TIME_WORDS = vocabulary.words("time_words")
# Relations a time adjunct of a verb comes with ("on Friday", "Friday", "yesterday").
_TIME_ADJUNCTS = frozenset(("obl", "obl:tmod", "nmod:tmod", "obl:npmod", "obl:unmarked", "advmod"))


@dataclass(frozen=True)
class Draft:
    """A bullet in the making: nodes of one parse in order, some words replaced."""

    parse: Parse
    order: tuple[int, ...]
    replace: tuple[tuple[int, str], ...] = ()
    rules: tuple[str, ...] = ()
    antecedents: tuple[int, ...] = ()  # sentences whose names a reference brought in
    removed_share: float = 0.0
    kept: frozenset[int] = field(default=frozenset())
    main: int | None = None  # the predicate the bullet states (a claim's, in "X says Y")
    speaker: int | None = None  # the reporting verb of "X says Y"

    @property
    def text(self) -> str:
        return render(self.parse, list(self.order), dict(self.replace))


def drafts(document: Document, parse: Parse, max_words: int) -> list[Draft]:
    """Every headline-style bullet the sentence gives within ``max_words``, fewest changes first."""
    out: list[Draft] = []
    seen: set[str] = set()
    attributed = _attributions(document, parse, max_words)
    # "Y, officials said." reads as a headline only as "Officials say Y" (or
    # as Y alone): once either exists, the tail form is not offered.
    tail = any(d.speaker is not None and d.main is not None and d.main < d.speaker for d in attributed)
    if not tail:
        for pruning in prune(parse, max_words):
            _add(out, seen, _headline(document, pruning), max_words)
    for draft in attributed:
        _add(out, seen, draft, max_words)
    # A parenthesis ("(pictured)", "(AP)") is never a headline's: when the
    # parse would not let it go as framing, the drafts without it are the offer.
    plain = [d for d in out if "(" not in d.text]
    return plain if plain else out


def _add(out: list[Draft], seen: set[str], draft: Draft | None, max_words: int) -> None:
    if draft is None:
        return
    text = draft.text
    if text in seen or count_words(text) > max_words or count_words(text) < 4:
        return
    seen.add(text)
    out.append(draft)


def _headline(document: Document, pruning: Pruning) -> Draft:
    parse = pruning.parse
    order = tuple(sorted(pruning.kept))
    replace: dict[int, str] = {}
    rules = list(pruning.rules)
    antecedents: list[int] = []
    main = parse.main
    kept = set(pruning.kept)
    days = _news_days(parse, main, kept)
    if days and valid(parse, kept - days) and _present(parse, main, kept - days, replace):
        # "warned on Friday" -> "warns": the present with a past day mixes two
        # times, and the outlet's own Quick Looks drop the day. Where the past
        # stays (a year, a month, a clause beside it), the day stays with it.
        kept -= days
        order = tuple(sorted(kept))
        rules += ["time", "present"]
    elif _present(parse, main, kept, replace):
        rules.append("present")
    reference = _resolve_subject(document, parse, main, kept, replace)
    if reference is not None:
        rules.append("reference")
        antecedents.append(reference)
    share = Pruning(parse, frozenset(kept), ()).removed_share
    return Draft(parse, order, tuple(sorted(replace.items())), tuple(rules), tuple(antecedents),
                 share, frozenset(kept), main)


def _news_days(parse: Parse, verb: int | None, kept: set[int]) -> set[int]:
    """The kept time adjuncts of ``verb`` (and the verbs sharing its subject) that date it to the news's days.

    "on Friday", "Friday night", "yesterday", "last week", with a lead
    "late" or "early" before them and the commas that set them off.
    """
    if verb is None:
        return set()
    verbs = [verb, *_shared_subject_conjuncts(parse, verb, kept)]
    adjuncts = [(v, c) for v in verbs for c in parse.children[v]]
    adjuncts += [(v, c) for v in verbs for claim in parse.deps(v, "ccomp") for c in _before_subject(parse, claim)]
    # A count is never dated: "voted 5 to 2 on Thursday" with "on Thursday" hung on the "5" dates the vote.
    adjuncts += [(v, c) for v in verbs for n in parse.children[v] if parse.nodes[n].upos == "NUM"
                 for c in parse.children[n] if parse.nodes[c].dep == "nmod"]
    return _day_spans(parse, adjuncts, kept)


def _day_spans(parse: Parse, adjuncts: list[tuple[int, int]], kept: set[int]) -> set[int]:
    """The nodes of those (verb, adjunct) pairs' adjuncts that name one of the news's days."""
    nodes = parse.nodes
    out: set[int] = set()
    for v, c in adjuncts:
        if c not in kept or nodes[c].dep not in _TIME_ADJUNCTS | {"nmod"}:
            continue
        span = parse.subtree(c)
        if not span <= kept or any(nodes[k].upos in ("VERB", "AUX") for k in span):
            continue
        if any(nodes[k].upos == "NUM" for k in span):
            continue  # "7 to 2 on Monday night" parsed as one phrase: the count is no day
        # The adjunct's own head names the day ("on Friday", "yesterday"), or
        # a part of it that a day names ("on Friday night"); a day deeper in
        # it dates something else ("in the first round of the election on
        # Sunday" is the round, not just the day).
        head = nodes[c].lower
        named = {nodes[k].lower for k in parse.children[c] if nodes[k].dep in ("compound", "amod", "nmod:tmod", "obl:unmarked")}
        recent = head in _RECENT_PERIODS and "last" in named | {nodes[k].lower for k in parse.children[c]}
        if not (head in _NEWS_DAYS or (head in _TIME_WORDS and named & _NEWS_DAYS) or recent):
            continue
        cut = set(span)
        lead = min(span) - 1
        # "late on Friday night": the lead is the parser's adverb of the verb.
        if lead in kept and nodes[lead].lower in _TIME_LEADS and nodes[lead].head == v \
                and nodes[lead].dep == "advmod" and not parse.children[lead]:
            cut.add(lead)
        out |= with_punctuation(parse, cut)
    return out


def _before_subject(parse: Parse, claim: int) -> list[int]:
    """Adjuncts of a clausal complement that come before its subject: the reporting verb's, misattached.

    "said on Friday the plan would go ahead": the parser hangs "on Friday" on
    "go", but a time between the verb and its claim's subject dates the saying.
    """
    subjects = parse.deps(claim, *SUBJECTS)
    if not subjects:
        return []
    start = min(parse.subtree(min(subjects)))
    return [c for c in parse.children[claim] if max(parse.subtree(c)) < start]


# --- tense ------------------------------------------------------------------------------

def _time_matters(parse: Parse, kept: set[int]) -> bool:
    """A year, a month, "ago", "last week": the time is part of the fact and the past stays."""
    for i in kept:
        n = parse.nodes[i]
        lower = n.lower
        if _YEAR.match(lower) or lower in _MONTHS or lower in _PAST_TIME:
            return True
        if lower == "last" and i + 1 < len(parse.nodes) and parse.nodes[i + 1].lower in _PERIODS:
            return True
    return False


def plural_subject(parse: Parse, verb: int, kept: set[int] | None = None) -> bool:
    subjects = [c for c in parse.children[verb] if parse.nodes[c].dep in SUBJECTS]
    if not subjects:
        return False
    s = parse.nodes[subjects[0]]
    if s.lower in _PLURAL_PRONOUNS:
        return True
    if s.lower in _PARTITIVES:
        # "all of the firms put", "most of the money goes": the noun after "of" is the number.
        counted = next((c for c in parse.children[s.i] if parse.nodes[c].dep == "nmod"
                        and any(parse.nodes[k].lower == "of" for k in parse.children[c])), None)
        if counted is not None:
            n = parse.nodes[counted]
            return n.xpos in ("NNS", "NNPS") or n.feature("Number") == "Plur"
    for c in parse.children[s.i]:
        if parse.nodes[c].dep == "conj" and (kept is None or c in kept) and any(
            parse.nodes[k].lower in ("and", "&") for k in parse.children[c]
        ):
            return True  # "Rojas and Fuentes say"
    if s.upos == "PROPN" or s.xpos == "NNPS":
        # A name is one thing ("Norvell Foods says", "Fuentes says"); a
        # capitalised plural noun standing alone is not a name ("Senators press").
        if any(parse.nodes[c].dep in ("compound", "flat", "flat:name") for c in parse.children[s.i]):
            return False
        if s.xpos == "NNP" and s.feature("Number") == "Sing":
            # Both taggers read one name: "Sanders says", though "sanders" is also the plural
            # of a noun the dictionary knows.
            return False
        known = lemmas(s.lower, "NOUN")
        return bool(known) and s.lower not in known
    if s.i > 0 and s.text[:1].isupper() and not lemmas(s.lower, "NOUN"):
        # A capitalised word inside the sentence that the dictionary does not
        # know as a noun is a name the tagger misread as a plural ("Gloria
        # Estes" tagged NNS): "Estes says", where "Senate Democrats say".
        return False
    return s.feature("Number") == "Plur" or s.xpos == "NNS"


def _present_form(lemma: str, plural: bool) -> str:
    forms = inflect(lemma.lower(), "VBP" if plural else "VBZ")
    return forms[0] if forms else ""


def _present(parse: Parse, verb: int | None, kept: set[int], replace: dict[int, str]) -> bool:
    """Put ``verb`` in the headline present; True when a word changed.

    The past stays when the time matters, when the verb is a copula's, when
    a clause of its own beside it stays in the past ("opened as it was
    moving" never becomes "opens as it was moving"), and when a verb
    coordinated with it cannot be put in the present too ("turned and hit"
    becomes "turns and hits" or stays).
    """
    if verb is None or _time_matters(parse, kept) or _past_beside(parse, verb, kept):
        return False
    n = parse.nodes[verb]
    plural = plural_subject(parse, verb, kept)
    auxes = [c for c in parse.children[verb] if parse.nodes[c].dep in ("aux", "aux:pass") and c in kept]
    if any(parse.nodes[c].dep == "cop" for c in parse.children[verb]):
        return False  # "was a teacher": the copula's tense is the fact's
    past = n.xpos == "VBD" or (n.feature("Tense") == "Past" and n.feature("VerbForm") == "Fin")
    if not auxes and past and n.upos == "VERB" and n.lemma.lower() != "be":
        forms = {verb: _present_form(n.lemma, plural)}
        for c in _shared_subject_conjuncts(parse, verb, kept):
            m = parse.nodes[c]
            forms[c] = _present_form(m.lemma, plural) if m.xpos == "VBD" and m.lemma.lower() != "be" else ""
        if all(forms.values()):
            for k, form in forms.items():
                replace[k] = _cased_like(form, parse.nodes[k].text)
            return True
        return False
    if _shared_subject_conjuncts(parse, verb, kept):
        return False  # "has won and lost": one auxiliary for two verbs; the tense stays
    if len(auxes) == 1:
        a = parse.nodes[auxes[0]]
        # The auxiliary's own number ("have", "were") says the subject's
        # more surely than a parse of the subject ("Residents living nearby
        # have revealed" read with "living" as the subject).
        if a.xpos in ("VBZ", "VBP"):
            plural = a.xpos == "VBP"
        elif a.lower in ("was", "were"):
            plural = a.lower == "were"
        if a.lemma.lower() == "have" and a.xpos in ("VBZ", "VBP") and n.xpos == "VBN" and not any(
            k in kept and parse.nodes[k].lower in _NEGATIONS for k in range(a.i + 1, verb)
        ):
            # (Not with a negation between: "has not yet announced" stays, as
            # "not yet announces" is no English.)
            form = _present_form(n.lemma, plural)  # "has launched" -> "launches"
            if form:
                replace[a.i] = ""
                replace[verb] = form
                return True
        if a.lemma.lower() == "do" and a.xpos == "VBD":
            replace[a.i] = _cased_like("do" if plural else "does", a.text)  # "did not" -> "does not"
            return True
        if a.dep == "aux:pass" and a.lower in ("was", "were"):
            replace[a.i] = _cased_like("are" if plural else "is", a.text)  # "was arrested" -> "is arrested"
            return True
    return False


def _shared_subject_conjuncts(parse: Parse, verb: int, kept: set[int]) -> list[int]:
    """Verbs coordinated with ``verb`` that share its subject ("turned smartly and hit", "scales, falls and hits")."""
    out, stack = [], [verb]
    while stack:
        for c in parse.children[stack.pop()]:
            if c in kept and parse.nodes[c].dep == "conj" and parse.nodes[c].upos == "VERB" \
                    and not parse.deps(c, *SUBJECTS):
                out.append(c)
                stack.append(c)
    return out


# Clauses whose tense is their own in a headline: a claim ("says 26 nations
# pledged"), a relative clause ("arrest man who stole").
_OWN_TENSE = frozenset("ccomp csubj csubj:pass acl:relcl".split())


def _past_beside(parse: Parse, verb: int, kept: set[int]) -> bool:
    """Whether a kept past verb, in a clause adverbial or coordinate to the main verb, stays in the past.

    "Muller lets out a cry as the supporters joined in", "scales a fence but
    fell": the main verb alone in the present would put the events at two
    times. Verbs that share the main verb's subject are rewritten with it
    and are not counted.
    """
    shared = set(_shared_subject_conjuncts(parse, verb, kept))
    for k in kept:
        n = parse.nodes[k]
        if k == verb or k in shared or n.upos not in ("VERB", "AUX", "ADJ", "NOUN") or n.dep in ("aux", "aux:pass", "cop"):
            continue
        tensed = [k, *(c for c in parse.deps(k, "aux", "aux:pass", "cop") if c in kept)]
        if not any(parse.nodes[t].xpos == "VBD" for t in tensed):
            continue
        path, up = [], k
        while up != verb and parse.nodes[up].head != up and len(path) < len(parse.nodes):
            path.append(parse.nodes[up].dep)
            up = parse.nodes[up].head
        if up == verb and not _OWN_TENSE & set(path):
            return True
    return False


def _cased_like(word: str, model: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


# --- references -------------------------------------------------------------------------

def _resolve_subject(document: Document, parse: Parse, verb: int | None, kept: set[int],
                     replace: dict[int, str]) -> int | None:
    """A pronoun or "the company" subject of ``verb`` gets its name; the naming sentence's index."""
    if verb is None:
        return None
    subjects = [c for c in parse.children[verb] if parse.nodes[c].dep in ("nsubj", "nsubj:pass") and c in kept]
    if not subjects:
        return None
    s = parse.nodes[subjects[0]]
    if s.upos == "PRON":
        found = resolve(document, parse.sentence, s.text, at=s.start)
        if found is not None:
            replace[s.i] = found.text
            return found.sentence
        return None
    dets = [c for c in parse.children[s.i] if parse.nodes[c].dep == "det"]
    if s.upos == "NOUN" and dets and len(parse.subtree(s.i) & kept) == 2:
        found = resolve(document, parse.sentence, parse.nodes[dets[0]].text, s.text)
        if found is not None:
            replace[dets[0]] = ""
            replace[s.i] = found.text
            return found.sentence
    return None


# --- attribution ------------------------------------------------------------------------

def _attributions(document: Document, parse: Parse, max_words: int) -> list[Draft]:
    """ "X said (that) Y", "Y, X said", "X ..., declaring that Y" as "X says Y" (and Y alone for a tail)."""
    main = parse.main
    if main is None:
        return []
    out: list[Draft] = []
    nodes = parse.nodes
    frames: list[tuple[int, int, int]] = []  # (speech verb, its speaker's verb, the claim)
    if nodes[main].lemma.lower() in SPEECH_LEMMAS:
        for c in parse.children[main]:
            if nodes[c].dep in ("ccomp", "parataxis") and not _quoted(parse, c):
                frames.append((main, main, c))
            elif nodes[c].dep in ("obj", "iobj", "obl"):
                # "told reporters that 26 nations had pledged ...": a that-clause
                # the parser hung on the listener is still what was said.
                for k in parse.children[c]:
                    if _that_clause(parse, k) and not _quoted(parse, k):
                        frames.append((main, main, k))
    for c in parse.children[main]:
        if nodes[c].dep == "advcl" and nodes[c].lemma.lower() in SPEECH_LEMMAS and nodes[c].xpos == "VBG":
            for claim in parse.children[c]:
                if nodes[claim].dep == "ccomp" and not _quoted(parse, claim):
                    frames.append((c, main, claim))
    for verb, speaker_verb, claim in frames:
        subjects = [k for k in parse.children[speaker_verb] if nodes[k].dep in ("nsubj",)]
        if not subjects:
            continue
        speaker = _speaker(document, parse, subjects[0])
        if not speaker:
            continue
        claim_parse = Parse(parse.sentence, parse.nodes, parse.children, claim, parse.dateline)
        # The claim without its "that": "X says 26 nations pledged ...".
        within = frozenset(k for k in parse.subtree(claim)
                           if not (nodes[k].dep == "mark" and nodes[k].head == claim and nodes[k].lower == "that"))
        # "said on Friday the plan ...": a day before the claim's subject dates
        # the saying, and "says" in the present drops it.
        within -= _day_spans(parse, [(claim, c) for c in _before_subject(parse, claim)], set(within))
        lemma = nodes[verb].lemma.lower()
        says_lemma = "say" if lemma in _SAYS else lemma
        plural = plural_subject(parse, speaker_verb)
        says = _present_form(says_lemma, plural) or ("say" if plural else "says")
        room = max_words - sum(1 for k in speaker if k >= 0) - 1
        tail = min(within) > verb or True
        for pruning in prune(claim_parse, room, within)[:6]:
            kept = set(pruning.kept)
            marks = {k for k in kept if nodes[k].dep == "mark" and nodes[k].head == claim and nodes[k].lower in ("that",)}
            body = [k for k in sorted(kept) if k not in marks and nodes[k].text not in (".", "!", "?")]
            replace: dict[int, str] = {verb: says}
            if body and _common_word(document, nodes[body[0]]):
                replace[body[0]] = nodes[body[0]].text[:1].lower() + nodes[body[0]].text[1:]  # "says three routes"
            resolved = _resolve_speaker(document, parse, speaker, replace)
            order = tuple(speaker) + (verb,) + tuple(body)
            rules = ("says",) + pruning.rules + (("reference",) if resolved is not None else ())
            share = 1 - sum(1 for k in order if _word(parse, k)) / max(1, sum(1 for n in nodes if _word(parse, n.i)))
            out.append(Draft(parse, order, tuple(sorted(replace.items())), rules,
                             (resolved,) if resolved is not None else (), share, frozenset(order), claim, verb))
            if claim < verb and valid(claim_parse, pruning.kept) and nodes[claim].dep == "ccomp" and tail:
                # "Y, officials said." -> "Y." as well: the tail is attribution, not fact.
                out.append(Draft(parse, tuple(sorted(pruning.kept)), (), ("attribution",) + pruning.rules, (),
                                 pruning.removed_share, pruning.kept, claim))
    return out


def _common_word(document: Document, node) -> bool:
    """Whether a sentence-initial word is capitalised only for opening it ("Three", not "Russian" or "Cal")."""
    word = node.text
    if not word[:1].isupper() or word == "I" or node.xpos in ("NNP", "NNPS"):
        return False
    if any(n.start <= node.start < n.end for n in document.names):
        return False
    # A demonym keeps its capital ("Russian forces"); other words are common.
    return word.lower() not in vocabulary.words("demonyms")


def _that_clause(parse: Parse, k: int) -> bool:
    n = parse.nodes[k]
    return n.upos in ("VERB", "AUX") and any(
        parse.nodes[m].dep == "mark" and parse.nodes[m].lower == "that" and m < k for m in parse.children[k]
    ) and any(parse.nodes[m].dep in SUBJECTS for m in parse.children[k])


def _word(parse: Parse, k: int) -> bool:
    n = parse.nodes[k]
    return n.upos != "PUNCT" and any(ch.isalnum() for ch in n.text)


# Quote marks as tokens: curly, straight, and the straight single quote that
# stands alone ("' we will not leave , ' she said").
_QUOTE_MARKS = frozenset(("“", "”", '"', "‘", "’", "'"))


def _quoted(parse: Parse, claim: int) -> bool:
    """A direct quote ("“...,” he said") is the speaker's words, not a claim to restate."""
    span = parse.subtree(claim)
    lo, hi = min(span), max(span)
    return any(parse.nodes[k].text in _QUOTE_MARKS for k in range(max(0, lo - 1), min(len(parse.nodes), hi + 2)))


def _speaker(document: Document, parse: Parse, subject: int) -> list[int]:
    """The speaker as a headline names them: a titled person by surname, else the plain noun phrase."""
    nodes = parse.nodes
    span = sorted(parse.subtree(subject))
    if any(nodes[k].text in ",(" for k in span):
        # "Zelenskyy, addressing the forum on Friday," : the appositive goes.
        cut = next(k for k in span if nodes[k].text in ",(")
        span = [k for k in span if k < cut]
    span = [k for k in span if nodes[k].upos != "PUNCT"]
    if not span:
        return []
    last = nodes[span[-1]]
    person = next((n for n in document.names if n.kind == "person" and n.start <= last.start < n.end), None)
    if person is not None and len(span) > 1 and last.xpos in ("NNP", "NNPS"):
        # "Russian President Vladimir Putin" -> "Putin"; "Cal Fire" stays whole. The surname
        # ends the name, though the parser may have cut the subject short of it
        # ("Superintendent Roberta | Lane said": two subjects).
        end = next((k for k in range(span[-1], len(nodes)) if nodes[k].end == person.end), span[-1])
        return [end]
    if len(span) > 5:
        return []
    return span


def _resolve_speaker(document: Document, parse: Parse, speaker: list[int], replace: dict[int, str]) -> int | None:
    """ "He says" -> "Macron says", "The company says" -> "Norvell Foods says"."""
    nodes = parse.nodes
    if len(speaker) == 1 and nodes[speaker[0]].upos == "PRON":
        found = resolve(document, parse.sentence, nodes[speaker[0]].text, at=nodes[speaker[0]].start)
        if found is not None:
            replace[speaker[0]] = found.text
            return found.sentence
    if len(speaker) == 2 and nodes[speaker[0]].lower == "the" and nodes[speaker[1]].upos == "NOUN":
        found = resolve(document, parse.sentence, "the", nodes[speaker[1]].text)
        if found is not None:
            replace[speaker[0]] = ""
            replace[speaker[1]] = found.text
            return found.sentence
    return None
