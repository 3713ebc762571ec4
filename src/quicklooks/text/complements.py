"""Verbs that need what follows them, for deciding where a sentence may be cut.

A headline-length cut is a statement only when every verb it keeps still has
what the verb is about. "Powell told the Senate Banking Committee on Tuesday"
stops before *what* he told it ("that the central bank was getting closer to
cutting rates"); "others asked the council in Portsmouth" stops before what
they asked it to do; "the storm surge swept" stops before where. Each reads
as a sentence and says nothing, so compression refuses these cuts.

The verb lists are closed and small; lemminflect's lexicon (shipped in its
package) supplies every inflected form, so "told", "tells" and "telling"
all count as "tell" with one set lookup per word.
"""

from __future__ import annotations

import re
from quicklooks.text.inflection import inflections, is_base_verb
from quicklooks.text.verbs import IRREGULAR_PAST, is_finite_verb

# Verbs whose point is a that-clause: "told the committee (on Tuesday) that ...".
_THAT_LEMMAS = (
    "say tell announce warn claim argue insist believe think know show find suggest report "
    "confirm deny agree note add explain predict expect hope fear acknowledge admit reveal "
    "decide estimate conclude promise vow signal indicate ensure assure remind inform learn "
    "realize realise worry caution stress emphasize emphasise testify bet"
)
# Verbs whose point is a to-infinitive: "asked the council (in Portsmouth) to step in".
_TO_LEMMAS = (
    "ask tell urge order force persuade convince encourage invite allow require instruct "
    "want plan try seek decide refuse agree promise vow need expect hope call push press "
    "fail aim threaten pledge intend prepare vote move offer struggle manage hesitate "
    "choose dare demand help"
)


def _forms(lemmas: str) -> frozenset[str]:
    forms = set()
    for lemma in lemmas.split():
        forms.add(lemma)
        for inflected in inflections(lemma, "VERB").values():
            forms.update(inflected)
    return frozenset(forms)


_THAT_VERBS = _forms(_THAT_LEMMAS)
_TO_VERBS = _forms(_TO_LEMMAS)
# A few words at most stand between the verb's object and its clause:
# "on Tuesday", "in Portsmouth", "the committee".
# A clause break between them ("warning on Friday, declaring that ...") gives
# the clause to the verb after the break.
_THAT_NEXT = re.compile(r"\s*(?:[\w’'.$%-]+\s+){0,4}?that\s", re.IGNORECASE)
_TO_NEXT = re.compile(r"\s*(?:[\w’'.$%-]+\s+){0,4}?to\s+([a-z]+)\b", re.IGNORECASE)
_WORDS = re.compile(r"[\w’']+")
_CLAUSE = re.compile(r"[,;:—–]|\s--\s")
# How many words back from a cut a verb still governs what the cut removes:
# "told the Senate Banking Committee on Tuesday | that ...".
_REACH = 8
_SAY_FORMS = _forms("say")
_NOUN_MARKERS = frozenset(
    "a an the this that these those its his her their our my your whose each every no any "
    "another first last".split()
)
# Prepositions that usually carry a verb's argument: "swept across", "aimed
# at", "fell to", "voted for". "in" and "after" more often add where or when.
_ARGUMENT_PREPOSITIONS = frozenset(
    "across into onto over through at toward towards against on to for with about from".split()
)
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december weekend morning afternoon "
    "evening night day week month year time overnight tonight today yesterday".split()
)
# Words that lead a time phrase: "on Thursday", "last week", "early Wednesday".
_TIME_LEADS = frozenset("on last this next early late overnight".split())
_SPENDING = _forms("spend invest allocate earmark")
_THAN_NEXT = re.compile(r"\s*than\s", re.IGNORECASE)
_AND_NEXT = re.compile(r"\s*and\s", re.IGNORECASE)
_SPENT_ON = re.compile(r"\s*(?:on|in|for|to)\s", re.IGNORECASE)
# Conjunctions that open a clause with a verb of its own: "as cooler weather
# and higher humidity slowed the wildfire".
_NEXT_CLAUSE = re.compile(r"[,;:—–]|\s--\s|\s(?:but|while|whereas|although|though|because|so)\s")
# "on may 2" is a date, not the modal verb.
_DATE_MAY = re.compile(r"\bmay\s+(?=\d)", re.IGNORECASE)
_SUBORDINATORS = frozenset("as because although though while whereas since until unless if when".split())
# "after" and "before" open a clause as often as a phrase ("after a
# three-match ban"): only a relative clause cut off their noun ("after the
# river | that runs past the city burst its banks") shows it was a clause.
_PHRASE_OR_CLAUSE = frozenset("after before".split())
_RELATIVE_NEXT = re.compile(r"\s*(?:that|which|who)\s", re.IGNORECASE)
# Words that make a cut worth a closer look.
_CUES = _THAT_VERBS | _TO_VERBS | _SUBORDINATORS | _PHRASE_OR_CLAUSE | _SPENDING | {"between"}


def loses_complement(kept: str, removed: str) -> bool:
    """Whether cutting off ``removed`` leaves a verb of ``kept``'s last clause without its point.

    ``kept`` is the text the cut keeps; ``removed`` is what follows the cut
    in the sentence.
    """
    # Runs on every cut that passes the cheaper checks: the common case (no
    # verb of interest, no subordinator, no verb at the end) returns after
    # one findall and one set test.
    # "flooded more" before "than 200 homes": a comparison needs what it compares with.
    if _THAN_NEXT.match(removed):
        return True
    last_clause = _CLAUSE.split(kept)[-1]
    words = _WORDS.findall(last_clause.lower().replace("’", "'"))
    if not words:
        return False
    if _CUES.isdisjoint(words) and not _is_verb(words[-1]) and words[-1] not in _TIME_WORDS:
        return False
    near = words[-_REACH:]
    # "the plan", "a stark warning": after a determiner (and an adjective,
    # for an -ing form) the word is a noun.
    near = [
        ""
        if k and (near[k - 1] in _NOUN_MARKERS or (w.endswith("ing") and k > 1 and near[k - 2] in _NOUN_MARKERS))
        else w
        for k, w in enumerate(near)
    ]
    that_verb = to_verb = None
    for k, w in enumerate(near):
        if w in _THAT_VERBS:
            that_verb = k
        if w in _TO_VERBS:
            to_verb = k
    # "ensuring that their night will be one" before "that they never forget":
    # the verb already has its clause, and this "that" opens a relative one.
    if that_verb is not None and "that" not in near[that_verb:] and _THAT_NEXT.match(removed):
        return True
    if to_verb is not None and "to" not in near[to_verb:]:
        to = _TO_NEXT.match(removed)
        if to and is_base_verb(to.group(1)):
            return True
    # "met on Thursday" before "for the only televised debate": a time between
    # a verb and its argument does not complete the verb.
    verb_end = len(near)
    while verb_end > 1 and (near[verb_end - 1] in _TIME_WORDS or near[verb_end - 1] in _TIME_LEADS):
        verb_end -= 1
    if _is_verb(near[verb_end - 1]) and _loses_argument(near[:verb_end], removed):
        return True
    # "between the north pier" before "and the island": a between needs both ends.
    if "between" in near and "and" not in near[near.index("between") :] and _AND_NEXT.match(removed):
        return True
    # "voted to spend $4.2 million" before "on a flood wall": what the money is for.
    if not _SPENDING.isdisjoint(near[-5:]) and _SPENT_ON.match(removed):
        return True
    if not _SUBORDINATORS.isdisjoint(words):
        return _loses_clause_verb(words, removed, _SUBORDINATORS)
    if not _PHRASE_OR_CLAUSE.isdisjoint(words) and _RELATIVE_NEXT.match(removed):
        return _loses_clause_verb(words, removed, _PHRASE_OR_CLAUSE)
    return False


def _loses_argument(words: list[str], removed: str) -> bool:
    """ "the storm surge swept" before "across the island", "had his mind set"
    before "on a sporting peak": a verb cut from the phrase it governs. "a
    tour boat exploded" before "and caught fire" or "exploded" before "on
    Monday" says what happened, and stays. "their lead" is a noun."""
    if len(words) >= 2 and (words[-2] in _NOUN_MARKERS or words[-2][:1].isdigit()):
        return False
    if words[-1] in _SAY_FORMS:
        return False  # "..., she said." is handled as attribution, not as a cut
    if words[-1] == "left" and len(words) >= 2 and words[-2].endswith("s"):
        return False  # "has two years left" is what remains, not who went where
    following = _WORDS.findall(removed[:60].lower())
    if len(following) < 2 or following[0] not in _ARGUMENT_PREPOSITIONS:
        return False
    return following[1] not in _TIME_WORDS


def _loses_clause_verb(words: list[str], removed: str, openers: frozenset[str]) -> bool:
    """ "lifted as cooler weather" before "and higher humidity slowed the wildfire":
    a subordinate clause kept without the verb the cut takes away. "served
    as chairman" before "of the board" loses no verb and may stay."""
    opener = max(k for k, w in enumerate(words) if w in openers)
    if opener == len(words) - 1:
        return False
    if any(_is_verb(w) for w in words[opener + 1 :]):
        return False
    # Only up to where another clause begins: "when the pair meet | in las
    # vegas on may 2 but he will ..." loses no verb of the "when" clause.
    rest_of_clause = _DATE_MAY.sub(" ", _NEXT_CLAUSE.split(removed, maxsplit=1)[0])
    return any(_is_verb(w) for w in _WORDS.findall(rest_of_clause.lower()))


def _is_verb(word: str) -> bool:
    return is_finite_verb(word) or is_past_verb(word)


def is_past_verb(word: str) -> bool:
    """An irregular past tense that is only a verb: "swept", "struck"; not "bet" or "cut"."""
    return word.lower() in IRREGULAR_PAST
