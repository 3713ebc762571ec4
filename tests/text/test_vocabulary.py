"""The word lists as data: each list answers for its own rule, once."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from quicklooks.text import lexicon, vocabulary
from quicklooks.text.vocabulary import VocabularyError

# One row per list: words it must hold, and words it must not (the near
# misses that tell the rule from a neighbouring one).
LISTS = [
    pytest.param("titles", ["president", "mayor", "spokesperson"], ["engineer", "gov."], id="titles"),
    pytest.param("title_abbreviations", ["gov", "sen", "dr"], ["st", "inc"], id="title-abbreviations"),
    pytest.param("place_abbreviations", ["st", "mt", "ft"], ["dr"], id="place-abbreviations"),
    pytest.param("honorifics", ["mr", "dr"], ["gov", "president"], id="honorifics"),
    pytest.param("maybe_end_abbreviations", ["inc", "corp", "etc"], ["gov", "jan"], id="maybe-end-abbreviations"),
    pytest.param("sentence_openers", ["the", "he", "officials"], ["president"], id="sentence-openers"),
    pytest.param("capitalised_openers", ["however", "meanwhile", "speaking"], ["kremlin"], id="capitalised-openers"),
    pytest.param("role_nouns", ["spokesperson", "engineer", "mayor"], ["the", "city"], id="role-nouns"),
    pytest.param("partitives", ["all", "most", "some"], ["one", "each", "the"], id="partitives"),
    pytest.param("work_nouns", ["show", "memoir", "podcast"], ["said", "outlet", "the"], id="work-nouns"),
    pytest.param("unnamed_sources", ["source", "aide", "mother"], ["official", "the", "said"], id="unnamed-sources"),
    pytest.param("role_modifiers", ["deputy", "foreign", "chief"], ["mayor"], id="role-modifiers"),
    pytest.param("media_nouns", ["outlet", "newspaper", "broadcaster"], ["refinery"], id="media-nouns"),
    pytest.param("facility_nouns", ["refinery", "plant", "store"], ["newspaper"], id="facility-nouns"),
    pytest.param("organisation_words", ["ministry", "bank", "council"], ["mayor"], id="organisation-words"),
    pytest.param("organisation_names", ["Kremlin", "Reuters", "Gazprom"], ["kremlin"], id="organisation-names-keep-case"),
    pytest.param("not_name_words", ["monday", "river", "the"], ["putin"], id="not-name-words"),
    pytest.param("name_particles", ["of", "von", "da"], ["the"], id="name-particles"),
    pytest.param("geographic_nouns", ["gulf", "canal", "county"], ["district", "street"], id="geographic-nouns"),
    pytest.param("place_words", ["district", "region", "street"], ["ministry"], id="place-words"),
    pytest.param("months", ["january", "may", "december"], ["jan", "monday"], id="months"),
    pytest.param("month_abbreviations", ["jan", "sept", "dec"], ["may", "january"], id="month-abbreviations"),
    pytest.param("weekdays", ["monday", "sunday"], ["weekend"], id="weekdays"),
    pytest.param("time_words", ["overnight", "weekend", "yesterday"], ["monday", "hours"], id="time-words"),
    pytest.param("time_leads", ["on", "last", "early"], ["in"], id="time-leads"),
    pytest.param("duration_units", ["days", "hours", "decade"], ["monday"], id="duration-units"),
    pytest.param("demonyms", ["russian", "french", "ukrainian"], ["russia", "france"], id="demonyms"),
    pytest.param("determiners", ["the", "this", "every"], ["his", "of"], id="determiners"),
    pytest.param("articles", ["a", "an", "the"], ["this", "some"], id="articles"),
    pytest.param("possessives", ["his", "their"], ["the", "him"], id="possessives"),
    pytest.param("subordinators", ["because", "although", "unless"], ["and", "who"], id="subordinators"),
    pytest.param("relative_words", ["who", "which", "that"], ["because"], id="relative-words"),
    pytest.param("vote_words", ["ruling", "tally", "voted"], ["score"], id="vote-words"),
    pytest.param("identifier_words", ["Route", "Flight", "iPhone"], ["route", "Mayor"], id="identifier-words"),
    pytest.param("prepositions", ["across", "into", "despite"], ["and", "because"], id="prepositions"),
    pytest.param("auxiliaries", ["has", "would", "'s"], ["said"], id="auxiliaries"),
    pytest.param("pronouns", ["he", "them", "its"], ["the"], id="pronouns"),
    pytest.param("plural_nouns", ["police", "people", "children"], ["officials"], id="plural-nouns"),
    pytest.param("modals", ["could", "must"], ["has"], id="modals"),
    pytest.param("negations", ["not", "n't", "never", "nor", "without"], ["hardly", "un"], id="negations"),
    pytest.param("phrasal_particles", ["up", "off", "back"], ["in"], id="phrasal-particles"),
    pytest.param("fractions", ["half", "third", "dozen"], ["percent"], id="fractions"),
    pytest.param("periods", ["spring", "week", "decade", "term"], ["monday", "january", "ago"], id="periods"),
    pytest.param("connectors", ["however", "meanwhile", "but", "or"], ["because", "the"], id="connectors"),
    pytest.param("adverbial_subordinators", ["after", "despite", "because"], ["if", "unless", "until"],
                 id="adverbial-subordinators-leave-conditions-out"),
    pytest.param("approximators", ["about", "nearly", "some"], ["more", "the"], id="approximators"),
    pytest.param("says_verbs", ["say", "tell", "add"], ["warn", "said"], id="says-verbs"),
    pytest.param("past_time_words", ["ago", "previously", "yesterday"], ["today", "last"], id="past-time-words"),
    pytest.param("news_day_words", ["yesterday"], ["today", "ago", "monday"], id="news-day-words"),
    pytest.param("recent_periods", ["night", "week", "weekend"], ["year", "month", "decade"], id="recent-periods"),
    pytest.param("plural_pronouns", ["they", "we", "i"], ["he", "it"], id="plural-pronouns"),
    pytest.param("small_words", ["of", "the", "with"], ["over", "says"], id="small-words"),
    pytest.param("coordinators", ["and", "but", "or"], ["because", "then"], id="coordinators"),
    pytest.param("copulas", ["is", "was", "'s"], ["be", "been", "has"], id="copulas-are-finite"),
    pytest.param("be_forms", ["is", "been", "being"], ["'s", "has"], id="be-forms"),
    pytest.param("medial_adverbs", ["now", "reportedly", "already"], ["not", "quickly"], id="medial-adverbs"),
    pytest.param("description_leads", ["only", "first", "very"], ["the", "newly"], id="description-leads"),
    pytest.param("future_modals", ["will", "would"], ["could", "must"], id="future-modals"),
    pytest.param("stopwords", ["the", "of", "'s", "n't"], ["said", "drone", "monday"], id="stopwords"),
    pytest.param("news_stopwords", ["officials", "monday", "percent"], ["the", "drone", "said"], id="news-stopwords"),
    pytest.param("common_news_words", ["said", "told", "mr", "year"], ["the", "officials", "percent"], id="common-news-words"),
    pytest.param("demonstratives", ["this", "those"], ["the", "he"], id="demonstratives"),
    pytest.param("comparison_words", ["more", "fewer", "respectively"], ["not", "many"], id="comparison-words"),
    pytest.param("organisation_nouns", ["company", "airline", "ministry"], ["campaign", "statement", "mayor"],
                 id="organisation-nouns-are-kinds-of-organisation"),
    pytest.param("function_words", ["the", "of", "said"], ["drone", "der"], id="function-words"),
    pytest.param("finite_verbs", ["is", "said", "took"], ["taken", "saying"], id="finite-verbs"),
    pytest.param("irregular_past", ["swept", "struck", "went"], ["sweep", "walked"], id="irregular-past"),
    pytest.param("ed_not_verbs", ["speed", "hundred", "aged"], ["used"], id="ed-not-verbs"),
    pytest.param("object_pronouns", ["him", "them"], ["he", "they"], id="object-pronouns"),
    pytest.param("listener_verbs", ["tell"], ["say"], id="listener-verbs"),
    pytest.param("male_pronouns", ["he", "his"], ["she", "they"], id="male-pronouns"),
    pytest.param("female_pronouns", ["she", "her"], ["he", "they"], id="female-pronouns"),
    pytest.param("third_plural_pronouns", ["they", "their"], ["we", "it"], id="third-plural-pronouns"),
    pytest.param("neuter_pronouns", ["it", "its"], ["they"], id="neuter-pronouns"),
    pytest.param("speaker_pronouns", ["i", "we", "you"], ["he", "they"], id="speaker-pronouns"),
    pytest.param("male_words", ["mr.", "chairman"], ["mrs.", "chair"], id="male-words"),
    pytest.param("female_words", ["mrs.", "ms", "spokeswoman"], ["mr.", "spokesperson"], id="female-words"),
    pytest.param("name_lead_words", ["former", "nominee"], ["the", "mr."], id="name-lead-words"),
    pytest.param("organisation_heads", ["campaign", "statement", "spokesman"], ["senator", "mayor", "ministry"],
                 id="organisation-heads-leave-organisation-kinds-to-organisation-nouns"),
    pytest.param("definite_determiners", ["the", "this"], ["a", "every"], id="definite-determiners"),
    pytest.param("count_stop_words", ["of", "in", "said"], ["homes", "power"], id="count-stop-words"),
    pytest.param("counted_noun_prepositions", ["without", "of"], ["in", "at"], id="counted-noun-prepositions"),
    pytest.param("kind_compounds", ["way", "lane", "star"], ["country", "point"], id="kind-compounds"),
    pytest.param("wire_services", ["reuters", "ap", "afp", "cnn"], ["london", "the", "bbc news"], id="wire-services"),
    pytest.param("time_zones", ["eastern", "pacific"], ["monday", "western"], id="time-zones"),
]


@pytest.mark.parametrize("name, held, not_held", LISTS)
def test_list_holds_its_words(name, held, not_held):
    words = vocabulary.words(name)
    assert [w for w in held if w not in words] == []
    assert [w for w in not_held if w in words] == []


def test_every_list_file_has_a_row_here_and_a_header():
    tested = {p.values[0] for p in LISTS} | vocabulary.TABLES | vocabulary.PHRASE_LISTS
    assert set(vocabulary.names()) == tested
    for name in vocabulary.names():
        text = resources.files(vocabulary).joinpath(f"{name}.txt").read_text("utf-8")
        assert text.startswith("# "), f"{name}.txt must say what it is for in its first line"


@pytest.mark.parametrize(
    "name", [n for n in vocabulary.names() if n not in vocabulary.TABLES | vocabulary.PHRASE_LISTS | vocabulary.CASED_LISTS]
)
def test_lists_are_lower_case(name):
    assert [w for w in vocabulary.words(name) if w != w.lower()] == []


def test_no_word_list_repeats_a_word_within_itself():
    for name in vocabulary.names():
        if name in vocabulary.TABLES | vocabulary.PHRASE_LISTS:
            continue
        text = resources.files(vocabulary).joinpath(f"{name}.txt").read_text("utf-8")
        body = [w for line in text.splitlines() if not line.startswith("#") for w in line.split()]
        assert len(body) == len(set(body)), f"{name}.txt repeats {sorted({w for w in body if body.count(w) > 1})}"


# Lists that answer the same question for different readers: each word lives
# in one of them, and the reader that wants both takes their union. A word in
# two would be defined twice, and the two copies would drift apart.
ONE_MEANING = [
    pytest.param("organisation_nouns", "organisation_heads", id="organisation-kinds-once"),
]


@pytest.mark.parametrize("first, second", ONE_MEANING)
def test_lists_of_one_meaning_do_not_overlap(first, second):
    both = vocabulary.words(first) & vocabulary.words(second)
    assert not both, f"{sorted(both)} are in both {first}.txt and {second}.txt; keep each word in one of them"


def test_coreference_reads_every_organisation_kind():
    from quicklooks.text import coreference

    assert vocabulary.words("organisation_nouns") <= coreference.ORG_HEADS
    assert {"campaign", "statement", "company", "ministry"} <= coreference.ORG_HEADS


VERBS = [
    pytest.param("say", {"that", "quote"}, "said", id="say-takes-that-and-quotes"),
    pytest.param("urge", {"that", "to", "quote"}, "urged", id="urge-takes-that-and-to"),
    pytest.param("believe", {"that"}, None, id="believe-takes-that-but-is-not-speech"),
    pytest.param("tell", {"that", "to", "quote"}, "told", id="tell-takes-both"),
    pytest.param("rely", {"oblique"}, None, id="rely-takes-an-oblique"),
    pytest.param("inject", {"oblique"}, None, id="inject-takes-an-oblique"),
    pytest.param("respond", {"that", "quote", "oblique"}, "responded", id="respond-takes-that-and-an-oblique"),
    pytest.param("reveal", {"that"}, "revealed", id="reveal-is-speech"),
]


@pytest.mark.parametrize("lemma, complements, form", VERBS)
def test_verb_table_rows(lemma, complements, form):
    verb = vocabulary.verbs()[lemma]
    assert verb.complements == complements
    assert (form in verb.speech) if form else not verb.speech


def test_speech_and_claim_forms():
    assert {"said", "says", "told", "warned"} <= vocabulary.speech_verbs()
    assert "counted" in vocabulary.claim_verbs() and "counted" not in vocabulary.speech_verbs()
    assert vocabulary.speech_verbs() <= vocabulary.claim_verbs()
    assert "believe" in vocabulary.lemmas_taking("that") and "urge" in vocabulary.lemmas_taking("to")
    with pytest.raises(ValueError, match="Unknown complement"):
        vocabulary.lemmas_taking("object")


def test_titles_carry_abbreviations_with_their_stop():
    assert {"president", "gov.", "dr."} <= vocabulary.titles()
    assert vocabulary.honorifics() == {"mr.", "mrs.", "ms.", "mx.", "dr.", "prof.", "rev."}


def test_boilerplate_phrases():
    phrases = vocabulary.phrases("boilerplate")
    assert "scroll down" in phrases and "daily mail reporter" in phrases
    assert all(p == p.lower() and p.strip() for p in phrases) and len(phrases) == len(set(phrases))
    with pytest.raises(VocabularyError, match=r"holds phrases; read it with vocabulary.phrases\('boilerplate'\)"):
        vocabulary.words("boilerplate")
    with pytest.raises(VocabularyError, match="is not a phrase list"):
        vocabulary.phrases("stopwords")


def test_clock_words_phrases():
    phrases = vocabulary.phrases("clock_words")
    assert {"a.m.", "o’clock", "local time"} <= set(phrases) and "hours" not in phrases


def test_reporting_stems_table():
    stems = dict(vocabulary.reporting_stems())
    assert stems["warn"] == "warns" and stems["deni"] == "denies" and stems["said"] == "says"
    assert "tell" not in stems  # "told" gives no headline verb of its own: the label says "Says"
    with pytest.raises(VocabularyError, match="is a table"):
        vocabulary.words("reporting_stems")


def test_number_words_table():
    table = vocabulary.number_words()
    assert table["unit"]["seventeen"] == 17 and table["ten"]["ninety"] == 90
    assert table["scale"]["million"] == 1_000_000 and table["short_scale"]["bn"] == 1_000_000_000
    with pytest.raises(VocabularyError, match="is a table"):
        vocabulary.words("number_words")


def test_lexicon_reads_the_vocabulary():
    assert lexicon.SPEECH_VERBS == vocabulary.speech_verbs()
    assert re.fullmatch(rf"(?:{lexicon.SPEECH_VERB_PATTERN})", "said")
    assert not re.fullmatch(rf"(?:{lexicon.SPEECH_VERB_PATTERN})", "sad")


def test_a_missing_list_names_the_file_and_the_package():
    with pytest.raises(VocabularyError, match=r"no_such_list\.txt is missing.*pip install --force-reinstall quicklooks"):
        vocabulary.words("no_such_list")


DAMAGED = [
    pytest.param(vocabulary.verbs, (7, "say | that"), "verbs.txt line 7: expected 4 fields", id="verb-row-short"),
    pytest.param(vocabulary.verbs, (9, "say | object | said | -"), "verbs.txt line 9: .*unknown object",
                 id="verb-row-unknown-complement"),
    pytest.param(vocabulary.reporting_stems, (12, "warn Warns"),
                 "reporting_stems.txt line 12: expected 'stem verb' in lower case", id="reporting-stem-row-cased"),
]


@pytest.mark.parametrize("reader, row, message", DAMAGED)
def test_a_damaged_table_row_names_its_line(monkeypatch, reader, row, message):
    monkeypatch.setattr(vocabulary, "_read", lambda name: [row])
    reader.cache_clear()
    try:
        with pytest.raises(VocabularyError, match=message):
            reader()
    finally:
        monkeypatch.undo()
        reader.cache_clear()
