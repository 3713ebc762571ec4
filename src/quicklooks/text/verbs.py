"""Finite verbs, recognised without a tagger.

A Quick Looks bullet must state something, so compression refuses a cut that
leaves no finite verb ("Flintoff, speaking at the launch."), and the label
writer needs the verb to turn a bullet into a headline. A part-of-speech
tagger would need a model; closed lists of auxiliaries and irregular forms
plus the regular -ed ending are enough for both jobs, and run in
microseconds on every candidate cut.
"""

from __future__ import annotations

import re

# A cut that keeps only the subject ("A mum who says she felt like a rabbit in
# headlights", "The victory of a former general, Muhammadu Buhari") states no
# fact. Without a tagger, a finite verb is recognised by closed lists and the
# -ed ending; a verb inside a who/which clause belongs to the subject.
_FINITE_VERBS = frozenset(
    """
    is are was were be been am has have had will would can could should may might must
    do does did wo ca 's 're 've 'd
    said says told tells made makes took takes gave gives won wins lost loses set sets put
    puts got gets came comes went goes saw sees found finds left leaves held holds met
    meets paid pays sent sends spent spends built builds bought buys brought brings caught
    fought thought teaches taught sold sells stood stands struck strikes hit hits cut cuts
    let lets led leads fell falls felt feels kept keeps knew knows grew grows threw throws
    drew draws wrote writes ran runs began begins became becomes broke breaks chose
    chooses drove drives ate eats flew flies forgot rose rises shook shakes spoke speaks
    stole steals wore wears woke hung dug shot shoots split spread spreads quit lay lies
    sat sits sank sang swam rang shut shuts hurt hurts cost costs beat beats bit hid hides
    meant means read reads heard hears lent bent dealt deals fed feeds fled flees
    claims warns shows reveals faces plans wants needs insists admits denies believes
    calls urges vows hopes fears remains seems looks appears includes
    """.split()
)
# Irregular past tenses that are never nouns, beyond the ones above: with
# the -ed ending they tell "the storm surge swept" ends on a verb. Not in
# _FINITE_VERBS, whose list decides whether a cut states anything at all.
IRREGULAR_PAST = frozenset(
    """
    arose ate awoke became began blew bought broke brought built burnt came caught chose
    clung crept dealt did drank dreamt drew dug flew flung forbade forgave forgot fought
    found froze gave got grew had heard held hid hung kept knelt knew laid leant leapt
    learnt lent let lit lost made meant met mistook overcame overthrew overtook paid put
    ran rang rode said sang sank sat sent shone shook shrank shut slept slid slung sold
    sought spent sprang spun stank stole stood strove struck strung stung swam swept swore
    swung taught threw told took tore trod understood undertook underwent was went wept
    were withdrew withheld withstood woke won wore wove wrote wrung
    """.split()
)
# Four letters are enough for the -ed ending ("died", "used", "owed"); these
# words end in -ed and are not verbs, or are rarely finite ones in news.
_ED_NOT_VERB = frozenset(
    "speed need seed feed hundred breed shed bleed greed embed weed steed creed deed reed heed "
    "sled aged bred".split()
)
# A relative clause runs to its closing comma ("The country, which has carried
# out 15 executions, has vowed ..."), or to the end when nothing closes it.
_RELATIVE_TAIL = re.compile(r"\b(?:who|whom|whose|which)\b[^,;:—–]*", re.IGNORECASE)
_TOKEN_WORDS = re.compile(r"[\w']+")


def is_finite_verb(word: str) -> bool:
    """Whether a word reads as a finite verb (closed lists and the -ed ending)."""
    word = word.lower().replace("’", "'")
    if word in _FINITE_VERBS or (len(word) > 3 and word.endswith("ed") and word not in _ED_NOT_VERB):
        return True
    # "isn't", "they're": a contracted auxiliary ("'s" is as often a possessive).
    return word[:1].isalpha() and word.endswith(("n't", "'re", "'ve", "'ll", "'d"))


def has_finite_verb(text: str) -> bool:
    """Whether the text has a finite verb outside who/which clauses."""
    # Runs on every sentence compressed and every cut tried: one findall and
    # a set test do most of the work in C.
    words = _TOKEN_WORDS.findall(_RELATIVE_TAIL.sub("", text).lower().replace("’", "'"))
    if not _FINITE_VERBS.isdisjoint(words):
        return True
    return any(
        (len(w) > 3 and w.endswith("ed") and w not in _ED_NOT_VERB)
        or (w.endswith(("n't", "'re", "'ve", "'ll", "'d")) and w[:1].isalpha())
        for w in words
    )
