"""Word lists the fact extractors share: how news copy attributes, titles and names.

Kept in one place so quotes, figures and entities agree on what counts as a
speech verb or a title. All entries are lower case unless noted.
"""

from __future__ import annotations

# Verbs that attribute words to someone. Past and present forms both appear
# ("said", "says"); "according to" is handled by the callers as a phrase.
SPEECH_VERBS = frozenset(
    """
    said says say told tells tell added adds asked asks explained explains wrote writes
    stated states declared declares warned warns insisted insists noted notes argued argues
    claimed claims acknowledged acknowledges replied replies responded responds recalled
    recalls continued continues posted posts tweeted tweets announced announces remarked
    conceded concedes admitted admits cautioned cautions urged urges predicted predicts
    shouted shouts joked jokes complained complains stressed stresses emphasized emphasised
    emphasizes suggested suggests observed observes agreed agrees countered counters vowed
    vows promised promises reported reports estimated estimates confirmed confirms
    testified testifies wondered wonders whispered yelled pleaded demanded demands
    maintained maintains contended contends mused muses laughed sighed boasted boasts
    """.split()
)

# Verbs that, before a number, make its subject the number's source.
CLAIM_VERBS = SPEECH_VERBS | frozenset(
    """
    estimated estimates counted counts tallied recorded records found finds showed shows
    calculated projected projects forecast forecasts put puts
    """.split()
)

# Capitalised titles that stand before a name ("President", "Gov.").
TITLES = frozenset(
    """
    president vice prime minister secretary governor gov. mayor senator sen. rep.
    representative congressman congresswoman chancellor king queen prince princess pope
    ambassador general gen. admiral adm. col. colonel lt. lieutenant capt. captain sgt.
    sergeant commissioner chief director judge justice dr. prof. professor mr. mrs. ms. mx.
    speaker sheriff attorney councilmember councillor councilor councilwoman councilman
    superintendent chairman chairwoman chair ceo premier deputy coach rev. reverend bishop
    archbishop cardinal rabbi imam sheikh emir sultan president-elect secretary-general
    director-general commander marshal inspector detective officer spokesperson spokesman
    spokeswoman treasurer comptroller auditor minister-president
    """.split()
)

# Lower-case role nouns ("Kremlin spokesperson Dmitry Peskov", "a city engineer").
ROLE_NOUNS = frozenset(
    """
    president minister secretary governor mayor senator representative chancellor king
    queen prince pope ambassador general admiral commander chief director judge justice
    professor speaker sheriff attorney lawyer councillor councilor councilmember
    superintendent chairman chairwoman chair ceo premier deputy coach bishop spokesperson
    spokesman spokeswoman official officer adviser advisor analyst economist researcher
    scientist historian strategist negotiator envoy diplomat editor correspondent reporter
    founder owner executive manager principal teacher nurse doctor surgeon engineer
    commissioner treasurer inspector detective investigator prosecutor leader head
    lawmaker legislator activist organizer organiser resident farmer worker student
    pilot captain colonel lieutenant sergeant soldier firefighter paramedic mediator
    member president-elect secretary-general director-general economist planner shopkeeper
    guide driver volunteer survivor witness rescuer
    """.split()
)

# Words that make a capitalised name an organisation ("Defense Ministry").
ORG_WORDS = frozenset(
    """
    ministry department forum force forces army navy party council committee commission
    agency bank union university institute company corp. corp inc. inc ltd. ltd group
    association office court parliament senate congress assembly foundation fund
    organization organisation service guard police authority board bureau times post
    news network press media club league federation alliance coalition church hospital
    school college center centre museum society airlines airways motors holdings
    partners capital industries laboratories labs technologies systems reserve cabinet
    administration government duma rada knesset bundestag embassy consulate command
    corps brigade battalion regiment tribunal trust institution observatory exchange
    journal gazette herald tribune telegraph guardian reuters television radio academy port
    """.split()
)

# Organisations known by one capitalised word.
ORG_NAMES = frozenset(
    """
    Kremlin Pentagon Congress Parliament Senate Interpol Europol Hamas Hezbollah Taliban
    Reuters Gazprom Rosneft Lukoil Naftogaz Google Apple Microsoft Amazon Meta Tesla
    Boeing Airbus Facebook Twitter Nvidia Ukrenergo Roscosmos Bundestag Duma Knesset
    Vatican Politico Bloomberg Axios
    """.split()
)

# Capitalised words that are never part of a person's name.
NOT_NAME_WORDS = frozenset(
    """
    the a an in on at for from with by to of and or but if as this that these those his her
    its their our my your he she it they we i you however meanwhile instead still also then
    now later earlier since until although though because despite according under over
    during among about after before when while where which who what why how there here
    local long several some many most all both each no not one two three speaking
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec.
    north south east west northern southern eastern western central middle new old great
    first second third last next mr mrs ms dr
    christmas easter ramadan eid thanksgiving covid covid-19 internet web
    god allah sea ocean river lake mountain mountains valley island islands street avenue
    road square bridge airport station province region district oblast county state city
    glacier canal pass gulf coast peninsula desert forest park strait cape delta reservoir dam
    harbor harbour port bay boulevard
    republic kingdom empire war world cup olympics games
    """.split()
)

# Words between capitalised words that a name may span ("Bank of England").
NAME_PARTICLES = frozenset("of i de da do del della di du van von der den la le al bin ibn y dos das".split())

# Place words after a name that make it a place ("the Novhorod-Siversk district").
PLACE_WORDS = frozenset(
    "district region province oblast county governorate prefecture municipality state territory "
    "street avenue road square boulevard river".split()
)
# Titles that say nothing about a job; an apposition after the name does.
HONORIFICS = frozenset("mr. mrs. ms. mx. dr. prof. rev.".split())

MONTHS = frozenset(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)

# "Russian", "Ukrainian", "French": adjectives of nationality, never names.
DEMONYMS = frozenset(
    """
    french german british dutch swiss thai greek irish welsh scottish danish swedish
    finnish polish turkish spanish czech slovak kazakh uzbek belarusian russian ukrainian
    american european african asian chinese japanese israeli iraqi pakistani afghan
    saudi emirati yemeni qatari kuwaiti omani nepali bangladeshi kenyan nigerian
    ethiopian egyptian syrian iranian lebanese jordanian palestinian korean vietnamese
    indian canadian mexican brazilian argentine argentinian chilean peruvian colombian
    venezuelan cuban australian italian portuguese romanian hungarian bulgarian serbian
    croatian bosnian albanian georgian armenian azerbaijani estonian latvian lithuanian
    moldovan norwegian icelandic austrian belgian western eastern soviet nordic baltic
    arab kurdish """.split()
)


def is_demonym(word: str) -> bool:
    """True for 'Russian', 'French', 'Ukrainian': nationality adjectives."""
    lower = word.lower()
    return lower in DEMONYMS


def trie_pattern(words) -> str:
    """An alternation that branches letter by letter ("sa(?:id|ys?)").

    Python's regex engine tries a flat alternation word by word at every
    offset; the trie fails after one letter, which makes scans several times
    faster. Wrap it in word boundaries: "say" alone also matches inside "says".
    """
    heads: dict[str, list[str]] = {}
    for word in words:
        heads.setdefault(word[:1], []).append(word[1:])
    parts = []
    for head, tails in sorted(heads.items()):
        if not head:
            continue
        inner = trie_pattern(tails)
        optional = "?" if "" in tails else ""
        parts.append(head + (f"(?:{inner}){optional}" if inner else ""))
    return "|".join(parts)


SPEECH_VERB_PATTERN = trie_pattern(SPEECH_VERBS)
CLAIM_VERB_PATTERN = trie_pattern(CLAIM_VERBS)
