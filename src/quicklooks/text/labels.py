"""The Quick Looks label: a 3–6 word headline built from the lead bullet.

A headline says who does what: "Putin Warns Foreign Troops", "City Council
Approves $4.2 Million Budget", "Ukraine Steps Up Long-Range Drone Attacks".
The label is read off the lead bullet, not cut from it: its subject (a name
loses its titles, a noun phrase its article), its main verb in the headline
present ("approved" -> "Approves", "has stepped up" -> "Steps Up", a copula
dropped), and the head of what follows. A bullet in the reported-speech form
"Putin: any foreign troops ... would be targets" gives the speaker, the verb
the source sentence reports with ("warning" -> "Warns") and the subject of
what was said.

A reported statement keeps its own verb ("Powell Says Job Market Cooling"),
a figure keeps its unit ("Falls to 6.1 Percent"), and an amount is the head
of its phrase ("About 4 Percent", not "About 4 ... Year").

Three sources, in order: the story's headline shortened by deleting whole
phrases of its parse (:func:`quicklooks.text.short_headlines.shorten_headline`: "Former Miss Ohio Dies When
Tree Falls on Her Car" -> "Former Miss Ohio Dies"), when it shares a word
with the lead bullet; else the lead bullet's own parse
(:func:`quicklooks.text.parsed_labels.label_from_parse`: its subject, headline-present verb and object);
else the text-only reading below, where verbs are recognised by closed lists
and the -ed ending and lemminflect gives the headline present. A label that
cannot be written falls back to the bullet's first content words, still 3–6
of them and never cut after a function word.
"""

from __future__ import annotations

import re

from quicklooks.text import vocabulary as vocab
from quicklooks.text.headline_style import MAX_WORDS, MIN_WORDS, PHRASE_STOPS, SMALL_WORDS, TIME_WORDS, title_case
from quicklooks.text.inflection import inflect, inflections, is_base_verb, lemmas
from quicklooks.text.short_headlines import shorten_headline
from quicklooks.text.verbs import is_finite_verb

# A name introduced by its titles: "Russian President Vladimir Putin",
# "Ryazan Governor Pavel Malkov", "Kremlin spokesperson Dmitry Peskov". The
# text-only label names such a person by the name alone.
# A title is the vocabulary's (vocabulary.titles(): "president", "gov."),
# in any case: "President", "CEO", "Kremlin spokesperson".
TITLED_NAME = re.compile(
    r"(?:[A-Z][\w’'.-]*\s+){0,2}(?i:" + "|".join(re.escape(title) for title in sorted(vocab.titles(), key=lambda w: (-len(w), w))) + r")\s+"
    r"(?:[A-Z][\w’'.-]*\s+){1,2}(?=[A-Z][\w’'-]*\b)"
)

_SMALL_WORDS = SMALL_WORDS
_STOP = PHRASE_STOPS
_AUXILIARIES = vocab.words("auxiliaries")
_COPULAS = vocab.words("copulas")
_PARTICLES = vocab.words("phrasal_particles")
_NEGATIONS = vocab.words("negations")
# A label skips a determiner but keeps "no", a negation ("Have No Objections").
_DETERMINERS = vocab.words("determiners") - _NEGATIONS
_POSSESSIVES = vocab.words("possessives")
# Reporting words in the lead sentence, in headline form.
_REPORTING = tuple((stem, verb.capitalize()) for stem, verb in vocab.reporting_stems())
# Nouns that are plural without a plural ending: "police say", "people flee".
_PLURAL_ONLY = vocab.words("plural_nouns")
_BE = vocab.words("be_forms")
# Adverbs that sit between an auxiliary and its verb ("have now received").
_ADVERBS = vocab.words("medial_adverbs")
_EDGE = "“”\"'`‘’,.;:!?()[]"
_TIME_WORDS = TIME_WORDS
_DESCRIPTION_LEADS = vocab.words("description_leads")
_PRONOUNS = vocab.words("pronouns")
_APPOSITIVE = re.compile(r"^([^,:]{2,60}?),\s+[^,:]{2,60}?,\s+(?=[a-z])")
_SEASONS_AND_TIMES = vocab.words("periods") | vocab.words("weekdays")
_TIME_MODIFIERS = vocab.words("time_leads")
# Modals that keep their meaning in a headline; "will open" becomes "To Open".
_MODALS = vocab.words("modals") - vocab.words("future_modals")
# "about a third": the article is part of the amount.
_FRACTIONS = vocab.words("fractions")
# Verbs whose object is a statement: the label reports it ("Powell Says Job
# Market Cools") instead of naming its first noun ("Powell Says Job Market").
# The verb table's that-clause verbs, but not those whose first object is the
# listener ("tells the committee that ..."): their object is no statement.
_STATEMENT_VERBS = vocab.lemmas_taking("that") - vocab.words("listener_verbs")


def write_label(bullet_text: str, source_text: str | None = None, *, headline: str = "",
                parsed: str | None = None) -> str:
    """A 3–6 word title-case label for the story whose lead bullet is ``bullet_text``.

    When the story has a headline, the label is that headline shortened (see
    :func:`shorten_headline`), as long as it shares a content word with the
    lead bullet, so the box's label and its first line tell one story.
    Otherwise it is read off the lead bullet. ``source_text`` is the bullet's
    source sentence; for a reported-speech bullet ("Putin: ...") it supplies
    the reporting verb.
    """
    if headline.strip():
        context = bullet_text + " " + (source_text or "")
        short = shorten_headline(headline, context)
        if short and agrees(short, context):
            return short
    if parsed:
        return parsed  # read off the lead bullet's parse (label_from_parse)
    return _label_from_bullet(bullet_text, source_text)


def _label_from_bullet(bullet_text: str, source_text: str | None) -> str:
    # "Russian President Vladimir Putin" -> "Putin": a label names, it does not introduce.
    bullet_text = TITLED_NAME.sub("", bullet_text, count=1)
    # "The bridge, built in 1931, carries ..." -> "The bridge carries ...": an
    # appositive after the subject is not the headline.
    bullet_text = _APPOSITIVE.sub(r"\1 ", bullet_text, count=1)
    words = _words(bullet_text)
    label = _reported(bullet_text, source_text or "") or _subject_verb_object(words)
    if not label or len(label) < MIN_WORDS:
        label = _first_content_words(words)
    return title_case(label)


# The parts of speech whose lemmas say what a story is about.
_CONTENT_POS = frozenset(("NOUN", "PROPN", "VERB", "ADJ", "NUM"))


def agrees(label: str, bullet: str) -> bool:
    """Whether the label and the lead bullet share a content lemma of their parses ("Cuts" and "cut", "Fires" and "fire")."""
    from quicklooks.text.clauses import headline_parse

    def content(text: str) -> set[str]:
        return {
            n.lemma.lower() for n in headline_parse(text).nodes
            if n.upos in _CONTENT_POS and n.lower not in _SMALL_WORDS and any(ch.isalnum() for ch in n.text)
        }
    return bool(content(label) & content(bullet))


def _words(text: str) -> list[str]:
    """The bullet's words, edges stripped; a comma stays as a "," of its own, where phrases end."""
    out = []
    for raw in text.split():
        w = raw.strip(_EDGE)
        if w and any(ch.isalnum() for ch in w):
            out.append(w)
        if raw.rstrip("”\"'’").endswith(",") or raw == ",":
            out.append(",")
    return out


def _reported(bullet_text: str, source_text: str) -> list[str] | None:
    """"Putin: any foreign troops deployed ... would be targets" -> Putin Warns Foreign Troops."""
    speaker, colon, claim = bullet_text.partition(": ")
    # A bullet that opens with its colon (": the troops ...") names no speaker.
    if not colon or not speaker.split() or len(speaker.split()) > 3 or not claim:
        return None
    lower_source = source_text.lower()
    # The reporting word nearest after the speaker's name is the one that
    # introduces what they said.
    after = max(0, lower_source.find(speaker.split()[-1].lower()))
    found = [
        (lower_source.find(stem, after), verb)
        for stem, verb in _REPORTING
        if lower_source.find(stem, after) >= 0
    ]
    verb = min(found)[1] if found else "Says"
    subject = _noun_phrase(_words(claim), limit=MAX_WORDS - len(speaker.split()) - 1)
    if not subject:
        return None
    return speaker.split() + [verb] + subject


def _subject_verb_object(words: list[str], max_words: int = MAX_WORDS) -> list[str] | None:
    verb_at = next(
        (
            k for k, w in enumerate(words)
            if k and (is_finite_verb(w) or w.lower() in _AUXILIARIES or _is_present_verb(words, k))
            and not _reduced_relative(words, k)
        ),
        None,
    )
    if verb_at is None:
        return None
    names = _coordinated_names(words[:verb_at])
    subject = names or _noun_phrase(words[:verb_at], limit=3, from_end=True, coordinated=True)
    if names:
        pass  # "Camila Rojas and Andrés Fuentes" -> "Rojas and Fuentes"
    elif len(subject) >= 2:
        run = 0
        while run < len(subject) and subject[-1 - run][:1].isupper():
            run += 1
        if 2 <= run < len(subject):
            # "Liverpool manager Brendan Rodgers" -> "Rodgers": headlines use surnames.
            subject = subject[-1:]
    # "Eva Chapin, 34, ..." -> "Eva Chapin": an age is not part of the name.
    subject = [w for k, w in enumerate(subject) if not (k and w.isdigit())]
    if not subject or subject[0].lower() in _POSSESSIVES:
        # "A student and her best friend have ..." cut to "her best friend"
        # names the wrong one: the label falls back to the bullet's first words.
        return None
    k = verb_at
    auxiliaries = []
    while k < len(words) and (
        words[k].lower() in _AUXILIARIES
        or words[k].lower() in _ADVERBS
        or words[k].lower().endswith("ly")
    ):
        auxiliaries.append(words[k].lower())
        k += 1
    if any(w.lower() in _NEGATIONS for w in words[verb_at : k + 1]):
        # "did not reject" has no headline present that keeps the "not"; the
        # fallback keeps the words as written.
        return None
    verb: list[str] = []
    plural = bool(names) or _plural(subject[-1], first=subject[-1] is words[0])
    if k < len(words) and auxiliaries and _BE & set(auxiliaries) and words[k].lower().endswith("ing") and (
        lemmas(words[k].lower(), "VERB") and not lemmas(words[k].lower(), "ADJ")
    ):
        # "were still reaching" -> "Reaching", headline style; "is missing" is
        # an adjective and takes the copula's path.
        verb = [words[k]]
        k += 1
        if k < len(words) and words[k].lower() in _PARTICLES:
            verb.append(words[k])
            k += 1
    elif k < len(words) and auxiliaries and _BE & set(auxiliaries) and (
        words[k].lower().endswith(("ed", "en")) or _is_participle(words[k])
    ):
        verb = [words[k]]  # passive: "was booked into jail" -> "Booked Into Jail"
        k += 1
    elif k < len(words) and auxiliaries and _is_participle(words[k]):
        verb = [_present(words[k], plural)]
        k += 1
        if k < len(words) and words[k].lower() in _PARTICLES:
            verb.append(words[k])
            k += 1
    elif k < len(words) and is_finite_verb(words[k]) and words[k].lower() not in _AUXILIARIES:
        verb = [_present(words[k], plural)]
        k += 1
    elif (
        k < len(words) and auxiliaries and auxiliaries[-1] in _MODALS
        and is_base_verb(words[k]) and words[k].lower() not in _AUXILIARIES
    ):
        verb = [auxiliaries[-1], words[k]]  # "inflation could rebound" -> "Inflation Could Rebound"
        k += 1
    elif k < len(words) and auxiliaries and auxiliaries[-1] == "will":
        verb = ["to", words[k]]  # "the bridge will reopen" -> "Bridge to Reopen"
        k += 1
        if k < len(words) and words[k].lower() in _PARTICLES:
            verb.append(words[k])
            k += 1
    elif auxiliaries and auxiliaries[-1] in _COPULAS:
        verb = []  # "heroes are among the survivors" -> "Heroes Among Survivors"
    else:
        return None
    room = max_words - len(subject) - len(verb)
    rest = words[k:]
    if verb and _lemma(verb[-1]) in _STATEMENT_VERBS and rest:
        # "Powell said the job market was cooling" -> "Powell Says Job Market Cools".
        said = _subject_verb_object(rest[1:] if rest[0].lower() == "that" else rest, room)
        if said and 2 <= len(said) <= room:
            return subject + verb + said
    if verb and len(rest) >= 2 and rest[0].lower() == "to" and is_base_verb(rest[1]) and room >= 3:
        # "promised to overhaul the pension system" -> "Promises to Overhaul Pension System".
        return subject + verb + ["to", rest[1]] + _noun_phrase(rest[2:], limit=room - 2)
    if not verb and rest and rest[0].lower() in _STOP:
        # A copula's complement is often a place or a group: keep its preposition.
        obj = [rest[0]] + _noun_phrase(rest[1:], limit=room - 1)
        if len(obj) == 1:
            obj = []
    else:
        obj = _noun_phrase(rest, limit=room, coordinated=True, direct_object=True)
        if not obj and rest and rest[0].lower() in _STOP and room >= 2:
            obj = [rest[0]] + _noun_phrase(rest[1:], limit=room - 1)
            if len(obj) == 1:
                obj = []
    if obj and obj[0].lower() in _STOP and all(w.lower() in _TIME_WORDS for w in obj[1:]):
        obj = []  # "Meet on Thursday": when is not what happened
    if obj and _is_figure(obj[-1]):
        after = rest.index(obj[-1]) + 1 if obj[-1] in rest else len(rest)
        if after + 1 < len(rest) and rest[after].lower() == "to" and _is_figure(rest[after + 1]):
            obj = obj[:-1] + [f"{obj[-1]}-{rest[after + 1]}"]  # "voted 7 to 2" -> "Votes 7-2"
            after = len(rest)
        # "Falls to 6.1" says nothing: a figure keeps its unit ("6.1 Percent"),
        # and the subject gives up its first words for it ("Mortgage Rate").
        if (
            after < len(rest) and rest[after].lower() not in _STOP | _DETERMINERS
            and not is_finite_verb(rest[after]) and rest[after][:1].isalpha()
        ):
            obj = obj + [rest[after]]
            # A name keeps all its words ("Cedar Ridge Fire"); a description
            # gives up its first ones ("30-year Mortgage Rate"), then the
            # preposition goes ("Grows 21,000 Acres"), then the figure's modifier.
            while len(subject) + len(verb) + len(obj) > max_words and len(subject) > 1 and not (
                subject[0][:1].isupper() and subject[0] is not words[0]
            ):
                subject = subject[1:]
            if len(subject) + len(verb) + len(obj) > max_words and obj[0].lower() in _STOP:
                obj = obj[1:]
            if len(subject) + len(verb) + len(obj) > max_words:
                obj = obj[:-2] + obj[-1:]
    return subject + verb + obj


def _modifies(words: list[str], at: int) -> bool:
    """ "televised" in "the only televised debate": an -ed word before a noun describes it."""
    word = words[at].lower()
    if not word.endswith("ed") or at + 1 >= len(words) or not at:
        return False
    before, after = words[at - 1].lower(), words[at + 1].lower()
    # Only after a word that can only precede a description ("only", "newly",
    # "heavily"): "actress, 60, revealed she ..." is a verb after its subject.
    if not (before in _DETERMINERS or before in _DESCRIPTION_LEADS or before.endswith("ly")):
        return False
    return after.isalpha() and not (
        after in _STOP or after in _DETERMINERS or after in _AUXILIARIES or after in _PRONOUNS
        or is_finite_verb(after)
    )


def _is_present_verb(words: list[str], k: int) -> bool:
    """ "carries" of "the bridge carries": a present-tense verb the lexicon knows only as a verb."""
    lower = words[k].lower()
    if not lower.endswith("s") or words[k - 1].lower() in _DETERMINERS or lemmas(lower, "NOUN"):
        return False
    verbs = lemmas(lower, "VERB")
    return bool(verbs) and lower in inflections(verbs[0], "VERB").get("VBZ", ())


def _reduced_relative(words: list[str], k: int) -> bool:
    """ "A power line owned by PG&E started the fire": "owned" belongs to the subject."""
    return (
        k + 1 < len(words)
        and words[k + 1].lower() == "by"
        and words[k].lower().endswith("ed")
        and words[k - 1].lower() not in _AUXILIARIES
    )


def _coordinated_names(words: list[str]) -> list[str] | None:
    """ "Camila Rojas and Andrés Fuentes" -> ["Rojas", "and", "Fuentes"]: two named people, by surname."""
    lowered = [w.lower() for w in words]
    if lowered.count("and") != 1:
        return None
    at = lowered.index("and")
    first, second = words[:at], words[at + 1 :]
    if not first or not second or not all(w[:1].isupper() for w in first + second):
        return None
    return [first[-1], "and", second[-1]]


def _lemma(verb: str) -> str:
    known = lemmas(verb.lower(), "VERB")
    return known[0] if known else verb.lower()


def _is_figure(word: str) -> bool:
    return word[:1].isdigit() or (word[:1] in "$£€" and word[1:2].isdigit())


def _noun_phrase(
    words: list[str], limit: int, from_end: bool = False, coordinated: bool = False,
    direct_object: bool = False,
) -> list[str]:
    """Content words of a phrase, articles dropped, stopping at its first verb or preposition.

    ``coordinated`` lets "and"/"or" through: a subject may be "strike and decoy drones".
    """
    phrase: list[str] = []
    if not from_end and len(words) > 1 and words[0].lower() in ("next", "last") and (
        words[1].lower() in _SEASONS_AND_TIMES
    ):
        # "reopen next spring": a time, kept whole or not at all.
        return words[:2] if limit >= 2 else []
    for at, w in enumerate(words):
        lower = w.lower()
        if w == ",":
            break  # "a new harbour wall, three months after ...": the phrase ends at its comma
        if lower in ("a", "an") and at + 1 < len(words) and words[at + 1].lower() in _FRACTIONS:
            phrase.append(w)
            continue
        if lower in _DETERMINERS:
            if phrase and phrase[-1].lower() not in ("of", "and", "or") and not phrase[-1].lower().endswith("ing"):
                break  # "volume this year": a determiner after a noun starts another phrase
            continue
        if not phrase and direct_object and lower in _POSSESSIVES:
            continue  # "cut its benchmark rate" -> "Cuts Benchmark Rate"; "on his way" keeps it
        if phrase and lower in _TIME_WORDS:
            # "the tonight show wednesday evening", "masterchef last friday":
            # the time is not part of the thing.
            if phrase[-1].lower() in _TIME_MODIFIERS:
                phrase.pop()
            break
        if phrase and not from_end and lower.endswith("ing") and lemmas(lower, "VERB") and not lemmas(lower, "NOUN"):
            break  # "camera performing a balancing act": a participle starts a clause
        if coordinated and lower in ("and", "or"):
            phrase.append(w)
            continue
        if coordinated and phrase and phrase[-1].lower() in ("and", "or") and w[:1].isdigit():
            phrase.pop()  # "157 drones and 7 missiles": a new figure is a new phrase
            break
        if lower in _STOP or (phrase and (is_finite_verb(w) or lower in _AUXILIARIES) and not _modifies(words, at)):
            break
        phrase.append(w)
    while phrase and phrase[-1].lower() in _SMALL_WORDS:
        phrase.pop()
    of_at = next((k for k, w in enumerate(phrase) if k and w.lower() == "of"), None)
    if len(phrase) > limit and not from_end and of_at and any(
        _is_figure(w) or w.lower() in _FRACTIONS for w in phrase[:of_at]
    ):
        # "4 percent of their remaining volume" -> "4 Percent": an amount is
        # the head, and what it is an amount of only narrows it.
        phrase = phrase[:of_at]
    figure = next((k for k, w in enumerate(phrase) if _is_figure(w)), None)
    if len(phrase) > limit and limit >= 2 and not from_end and figure and (of_at is None or figure < of_at):
        if phrase[figure - 1][:1].isupper():
            # "a Category 3 storm" -> "Category 3 Storm", or "Category 3": a named number.
            phrase = phrase[figure - 1 : figure - 1 + limit]
        else:
            # "a mysterious 100 metre-wide black ring" -> "100 Metre-wide Ring" below.
            phrase = phrase[figure:]
    if len(phrase) > limit and limit >= 2 and not from_end and not any(w.lower() == "of" for w in phrase):
        # "157 strike and decoy drones" -> "157 Strike Drones", "benchmark
        # interest rate" -> "Benchmark Rate": the head noun stays, modifiers go.
        phrase = phrase[: limit - 1] + phrase[-1:]
    if len(phrase) > limit == 1 and not from_end and not any(_is_figure(w) for w in phrase):
        # "the only televised debate of Chile's runoff" -> "Debate": the head
        # (the last word before any "of"), not the first modifier.
        of_at = next((k for k, w in enumerate(phrase) if k and w.lower() == "of"), None)
        phrase = [phrase[of_at - 1] if of_at else phrase[-1]]
    if len(phrase) > limit:
        phrase = phrase[-limit:] if from_end else phrase[:limit]
    while phrase and phrase[-1].lower() in _SMALL_WORDS:
        phrase.pop()
    while phrase and phrase[0].lower() in _SMALL_WORDS and not (
        len(phrase) > 1 and phrase[1].lower() in _FRACTIONS
    ):
        phrase.pop(0)
    return phrase


def _present(verb: str, plural: bool) -> str:
    """The headline present of a past, present or participle verb, agreeing with its subject.

    "approved" -> "approves", "struck" -> "strikes", "written" -> "writes";
    after a plural subject "launched" -> "launch". lemminflect's English
    lexicon (shipped in the package) knows the irregular forms and how a
    stem ends ("voted" -> "vote", "hopped" -> "hop").
    """
    lower = verb.lower()
    known = lemmas(lower, "VERB")
    if not known:
        # A word read as a verb for its -ed ending that the lexicon does not
        # know ("Alwaleed") is left as written rather than inflected.
        return verb
    lemma = known[0]
    forms = inflect(lemma, "VBP" if plural else "VBZ")
    return forms[0] if forms else verb


def _is_participle(word: str) -> bool:
    """A past participle ("written", "taken", "struck") that lemminflect knows."""
    lower = word.lower()
    forms = lemmas(lower, "VERB")
    return bool(forms) and lower in inflections(forms[0], "VERB").get("VBN", ())


def _plural(noun: str, *, first: bool = False) -> bool:
    """The number of the subject's head: "forces" and "police" are plural, "Rodgers" and "bus" are not.

    A capitalised word is a name unless it only opens the bullet
    ("Scientists discovered ..."), where the lexicon decides.
    """
    lower = noun.lower()
    if noun[:1].isupper() and not first:
        return False  # a name: "Rodgers writes"
    if lower in _PLURAL_ONLY:
        return True
    nouns = lemmas(lower, "NOUN")
    if nouns:
        return lower not in nouns  # "scientists" -> "scientist"; "news" and "series" are themselves
    if noun[:1].isupper():
        return False  # a word the lexicon does not know, capitalised: a name
    return lower.endswith("s") and not lower.endswith(("ss", "us", "is", "'s", "’s")) and len(lower) > 3


def _first_content_words(words: list[str]) -> list[str]:
    label: list[str] = []
    for w in words:
        if w == ",":
            continue
        lower = w.lower()
        if len(label) >= MIN_WORDS and (lower in _STOP or lower in _DETERMINERS):
            break  # "... 14,000 Vehicles" and not "... Vehicles Day" after "a"
        if lower in _DETERMINERS:
            continue
        label.append(w)
        if len(label) == MAX_WORDS:
            break
    while len(label) > MIN_WORDS and (
        label[-1].lower() in _SMALL_WORDS | _STOP | _AUXILIARIES or _is_figure(label[-1])
    ):
        label.pop()  # never "... Were" or "... Fire 45"
    return label
