"""Reported speech in a news sentence: who said it, and what they said.

Headlines put the speaker first and the claim after a colon ("Putin: any
foreign troops ... would be targets") and call people by surname. The
compression uses these patterns to offer that form of a sentence, and the
label and selection use ``TITLED_NAME`` to treat "Russian President Vladimir
Putin" and "Putin" as the same words.
"""

from __future__ import annotations

import re

from quicklooks.text.words import count_words

# A reported fact shorter than this states nothing on its own.
MIN_FACT_WORDS = 4


# A name introduced by its titles: "Russian President Vladimir Putin",
# "Ryazan Governor Pavel Malkov", "Kremlin spokesperson Dmitry Peskov".
TITLED_NAME = re.compile(
    r"(?:[A-Z][\w’'.-]*\s+){0,2}(?:President|Prime Minister|Minister|Governor|Gov\.|Senator|"
    r"Sen\.|Rep\.|Chancellor|Mayor|Secretary|spokesperson|spokesman|spokeswoman|Chief|Chair|Chairman|Chairwoman|"
    r"General|Gen\.|Judge|Ambassador|King|Queen|Prince|Pope|CEO|Director|Commissioner)\s+"
    r"(?:[A-Z][\w’'.-]*\s+){1,2}(?=[A-Z][\w’'-]*\b)"
)
# Reported speech after a main clause: ", declaring that ...", ", saying ...".
REPORTING = re.compile(
    r",\s+(?:declaring|saying|warning|insisting|stating|claiming|arguing|adding|announcing|"
    r"noting|vowing|stressing|making clear|signalling|signaling)\s+(?:that\s+)?"
)
# The speaker: a capitalised name at the start of the kept text, up to its verb.
_SPEAKER = re.compile(r"(?:[A-Z][\w’'.-]*\s+){0,5}[A-Z][\w’'-]*(?=\s+[a-z])")


REPORTING_WORDS = frozenset(
    "said says told added insisted declared stated warned noted claimed announced argued "
    "declaring saying warning insisting stating claiming arguing adding announcing noting".split()
)


def shorten_title(sentence, spans, try_delete):
    """Drop the titles before a name at the start: keep only the surname."""
    start = spans[0][0]
    match = TITLED_NAME.match(sentence, start)
    if not match or match.end() > spans[0][1]:
        return None
    return try_delete(spans, start, match.end())


def reported_fact(sentence, spans, protected):
    """Keep the speaker and what was declared; drop the verb phrase in between.

    "Putin issued a stark warning on Friday, declaring that any foreign troops
    ... would be targets" -> spans for "Putin" + "any foreign troops ... targets",
    which the finish joins as "Putin: any foreign troops ... targets".
    """
    start = spans[0][0]
    speaker = _SPEAKER.match(sentence, start)
    if not speaker or speaker.end() > spans[0][1]:
        return None
    return _speaker_and_claim(sentence, spans, protected, REPORTING.finditer(sentence, speaker.end()),
                              lambda match: (start, speaker.end()))


_RELATIVE_REPORTING = re.compile(
    r"(?P<name>[A-Z][\w’'-]+),\s+who\s+(?:announced|said|says|declared|warned|insisted|"
    r"claimed|stated|revealed|confirmed|argued)\s+(?:that\s+)?"
)


def relative_reported_fact(sentence, spans, protected):
    """Keep a named speaker and the fact their relative clause reports."""
    return _speaker_and_claim(sentence, spans, protected, _RELATIVE_REPORTING.finditer(sentence, spans[0][0]),
                              lambda match: match.span("name"))


def _speaker_and_claim(sentence, spans, protected, reportings, speaker_span):
    """Spans for the speaker and what follows the first usable reporting phrase, or None.

    A reporting phrase inside a quote, or in text already deleted, is passed
    over; a claim of fewer than MIN_FACT_WORDS words ends the search.
    """
    for match in reportings:
        if any(ps < match.start() < pe for ps, pe in protected):
            continue
        if not inside(spans, match.start(), match.end()):
            continue
        rest = [(max(a, match.end()), b) for a, b in spans if b > match.end()]
        if not rest or count_words(sentence[rest[0][0] : rest[-1][1]]) < MIN_FACT_WORDS:
            return None
        return [speaker_span(match)] + rest
    return None


def inside(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """True when [a, b) lies within the text still kept (deleting it again is moot)."""
    return any(s <= a and b <= e for s, e in spans)
