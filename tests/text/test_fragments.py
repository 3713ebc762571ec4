"""The fragment checks, on parses the shipped parser gave for sentences of the sample story.

The parses are stored here as the parser read them (misreadings and all), so
these tests say what the checks do with a wrong parse whatever the parser of
the day reads: the sample's "…Emmanuel Macron, who announced that 26
nations." came from one such parse, in which an em dash made "pledged" the
root and "nations" the complement of "announced".
"""

from __future__ import annotations

import functools

import pytest

from quicklooks.text.clauses import Node, Parse, _finish, _lemma
from quicklooks.text.fragments import fragment_reason
from quicklooks.text.pruning import prune, valid

MACRON = (
    "Putin’s warning directly responded to remarks made the previous day by French President Emmanuel "
    "Macron, who announced that 26 nations—part of a broader 35-country coalition—had pledged to deploy "
    "troops or maintain a military presence in Ukraine after a ceasefire."
)
MACRON_PARSE = (
        ('Putin', 'PROPN', 'NNP_POS', 'nmod:poss', 2, 'Number=Sing'),
        ('’s', 'PROPN', 'NNP_POS', 'nmod:poss', 2, 'Number=Sing'),
        ('warning', 'NOUN', 'NN', 'nsubj', 4, 'Number=Sing'),
        ('directly', 'ADV', 'RB', 'advmod', 4, ''),
        ('responded', 'VERB', 'VBD', 'advcl', 33, 'Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin'),
        ('to', 'ADP', 'IN', 'case', 6, ''),
        ('remarks', 'NOUN', 'NNS', 'obl', 4, 'Number=Plur'),
        ('made', 'VERB', 'VBN', 'xcomp', 4, 'Mood=Ind|Number=Plur|Person=3|Tense=Past|VerbForm=Fin'),
        ('the', 'DET', 'DT', 'det', 10, 'Definite=Def|PronType=Art'),
        ('previous', 'ADJ', 'JJ', 'amod', 10, 'Degree=Pos'),
        ('day', 'NOUN', 'NN', 'obj', 7, 'Number=Sing'),
        ('by', 'ADP', 'IN', 'case', 14, ''),
        ('French', 'ADJ', 'JJ', 'amod', 13, 'Degree=Pos'),
        ('President', 'PROPN', 'NNP', 'nmod:desc', 14, 'Number=Sing'),
        ('Emmanuel', 'PROPN', 'NNP', 'obl', 7, 'Number=Sing'),
        ('Macron', 'PROPN', 'NNP', 'flat', 14, 'Number=Sing'),
        (',', 'PUNCT', ',', 'punct', 18, ''),
        ('who', 'PRON', 'WP', 'nsubj', 18, 'PronType=Rel'),
        ('announced', 'VERB', 'VBD', 'acl:relcl', 14, 'Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin'),
        ('that', 'SCONJ', 'IN', 'punct', 21, ''),
        ('26', 'NUM', 'CD', 'nummod', 21, 'NumForm=Digit|NumType=Card'),
        ('nations', 'NOUN', 'NNS', 'ccomp', 18, 'Number=Plur'),
        ('—', 'PUNCT', ',', 'punct', 23, ''),
        ('part', 'NOUN', 'NN', 'appos', 21, 'Number=Sing'),
        ('of', 'ADP', 'IN', 'case', 30, ''),
        ('a', 'DET', 'DT', 'det', 30, 'Definite=Ind|PronType=Art'),
        ('broader', 'ADJ', 'JJR', 'amod', 30, 'Degree=Cmp'),
        ('35', 'NUM', 'CD', 'nummod', 29, 'NumForm=Digit|NumType=Card'),
        ('-', 'PUNCT', 'HYPH', 'punct', 27, ''),
        ('country', 'NOUN', 'NN', 'compound', 30, 'Number=Sing'),
        ('coalition', 'NOUN', 'NN', 'nmod', 23, 'Number=Sing'),
        ('—', 'PUNCT', ',', 'punct', 4, ''),
        ('had', 'AUX', 'VBD', 'aux', 33, 'Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin'),
        ('pledged', 'VERB', 'VBN', 'root', 33, 'Tense=Past|VerbForm=Part'),
        ('to', 'PART', 'TO', 'mark', 35, ''),
        ('deploy', 'VERB', 'VB', 'xcomp', 33, 'VerbForm=Inf'),
        ('troops', 'NOUN', 'NNS', 'obj', 35, 'Number=Ptan'),
        ('or', 'CCONJ', 'CC', 'cc', 38, ''),
        ('maintain', 'VERB', 'VB', 'conj', 33, 'VerbForm=Inf'),
        ('a', 'DET', 'DT', 'det', 41, 'Definite=Ind|PronType=Art'),
        ('military', 'ADJ', 'JJ', 'amod', 41, 'Degree=Pos'),
        ('presence', 'NOUN', 'NN', 'obj', 38, 'Number=Sing'),
        ('in', 'ADP', 'IN', 'case', 43, ''),
        ('Ukraine', 'PROPN', 'NNP', 'nmod', 41, 'Number=Sing'),
        ('after', 'ADP', 'IN', 'case', 46, ''),
        ('a', 'DET', 'DT', 'det', 46, 'Definite=Ind|PronType=Art'),
        ('ceasefire', 'NOUN', 'NN', 'obl', 38, 'Number=Sing'),
        ('.', 'PUNCT', '.', 'punct', 33, ''),
)

WARNING = (
    "Russian President Vladimir Putin issued a stark warning on Friday, declaring that any foreign troops "
    "deployed to Ukraine, even as peacekeepers, would be viewed by Moscow as legitimate targets."
)
WARNING_PARSE = (
        ('Russian', 'ADJ', 'JJ', 'amod', 1, 'Degree=Pos'),
        ('President', 'PROPN', 'NNP', 'nmod:desc', 2, 'Number=Sing'),
        ('Vladimir', 'PROPN', 'NNP', 'nsubj', 4, 'Number=Sing'),
        ('Putin', 'PROPN', 'NNP', 'flat', 2, 'Number=Sing'),
        ('issued', 'VERB', 'VBD', 'advcl', 26, 'Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin'),
        ('a', 'DET', 'DT', 'det', 7, 'Definite=Ind|PronType=Art'),
        ('stark', 'NOUN', 'NN', 'compound', 7, 'Number=Sing'),
        ('warning', 'NOUN', 'NN', 'obj', 4, 'Number=Sing'),
        ('on', 'ADP', 'IN', 'case', 9, ''),
        ('Friday', 'PROPN', 'NNP', 'nmod', 7, 'Number=Sing'),
        (',', 'PUNCT', ',', 'punct', 11, ''),
        ('declaring', 'VERB', 'VBG', 'advcl', 4, 'Tense=Pres|VerbForm=Part'),
        ('that', 'SCONJ', 'IN', 'mark', 16, ''),
        ('any', 'DET', 'DT', 'det', 15, 'PronType=Ind'),
        ('foreign', 'ADJ', 'JJ', 'amod', 15, 'Degree=Pos'),
        ('troops', 'NOUN', 'NNS', 'nsubj', 16, 'Number=Ptan'),
        ('deployed', 'VERB', 'VBN', 'ccomp', 11, 'Mood=Ind|Number=Plur|Person=3|Tense=Past|VerbForm=Fin'),
        ('to', 'ADP', 'IN', 'case', 18, ''),
        ('Ukraine', 'PROPN', 'NNP', 'obl', 16, 'Number=Sing'),
        (',', 'PUNCT', ',', 'punct', 22, ''),
        ('even', 'ADV', 'RB', 'advmod', 22, ''),
        ('as', 'ADP', 'IN', 'case', 22, ''),
        ('peacekeepers', 'NOUN', 'NNS', 'obl', 16, 'Number=Plur'),
        (',', 'PUNCT', ',', 'punct', 4, ''),
        ('would', 'AUX', 'MD', 'aux', 26, 'VerbForm=Fin'),
        ('be', 'AUX', 'VB', 'aux:pass', 26, 'VerbForm=Inf'),
        ('viewed', 'VERB', 'VBN', 'root', 26, 'Tense=Past|VerbForm=Part|Voice=Pass'),
        ('by', 'ADP', 'IN', 'case', 28, ''),
        ('Moscow', 'NOUN', 'NN', 'obl:agent', 26, 'Number=Sing'),
        ('as', 'ADP', 'IN', 'case', 31, ''),
        ('legitimate', 'ADJ', 'JJ', 'amod', 31, 'Degree=Pos'),
        ('targets', 'NOUN', 'NNS', 'obl', 26, 'Number=Plur'),
        ('.', 'PUNCT', '.', 'punct', 26, ''),
)

# Written for these tests: the parser took the participle "carried" for the
# verb and the real verb "found" for an adverbial clause.
SURVEY = "The survey, carried out by a team from the university, found that most residents want the tram extended."
SURVEY_PARSE = (
        ('The', 'DET', 'DT', 'det', 1, 'Definite=Def|PronType=Art'),
        ('survey', 'NOUN', 'NN', 'nsubj', 3, 'Number=Sing'),
        (',', 'PUNCT', ',', 'punct', 3, ''),
        ('carried', 'VERB', 'VBD', 'root', 3, 'Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin'),
        ('out', 'ADV', 'RP', 'compound:prt', 3, ''),
        ('by', 'ADP', 'IN', 'case', 7, ''),
        ('a', 'DET', 'DT', 'det', 7, 'Definite=Ind|PronType=Art'),
        ('team', 'NOUN', 'NN', 'obl:agent', 3, 'Number=Sing'),
        ('from', 'ADP', 'IN', 'case', 10, ''),
        ('the', 'DET', 'DT', 'det', 10, 'Definite=Def|PronType=Art'),
        ('university', 'NOUN', 'NN', 'nmod', 7, 'Number=Sing'),
        (',', 'PUNCT', ',', 'punct', 12, ''),
        ('found', 'VERB', 'VBD', 'advcl', 3, 'Mood=Ind|Number=Sing|Person=1|Tense=Past|VerbForm=Fin'),
        ('that', 'SCONJ', 'IN', 'mark', 16, ''),
        ('most', 'ADJ', 'JJS', 'amod', 15, 'Degree=Sup'),
        ('residents', 'NOUN', 'NNS', 'nsubj', 16, 'Number=Plur'),
        ('want', 'VERB', 'VBP', 'ccomp', 12, 'Mood=Ind|Number=Plur|Person=3|Tense=Pres|VerbForm=Fin'),
        ('the', 'DET', 'DT', 'det', 18, 'Definite=Def|PronType=Art'),
        ('tram', 'NOUN', 'NN', 'obj', 16, 'Number=Sing'),
        ('extended', 'VERB', 'VBN', 'xcomp', 16, 'Tense=Past|VerbForm=Part|Voice=Pass'),
        ('.', 'PUNCT', '.', 'punct', 3, ''),
)

# Written for these tests, as a parser can read it: the restatement after the
# comma taken for a second object of "lost".
GLACIER = "The glacier lost about 10 percent of its remaining ice, the largest loss since records began in 1878."
GLACIER_PARSE = (
        ('The', 'DET', 'DT', 'det', 1, 'Definite=Def|PronType=Art'),
        ('glacier', 'NOUN', 'NN', 'nsubj', 2, 'Number=Sing'),
        ('lost', 'VERB', 'VBD', 'root', 2, 'Mood=Ind|Tense=Past|VerbForm=Fin'),
        ('about', 'ADV', 'RB', 'advmod', 4, ''),
        ('10', 'NUM', 'CD', 'nummod', 5, 'NumForm=Digit|NumType=Card'),
        ('percent', 'NOUN', 'NN', 'obj', 2, 'Number=Sing'),
        ('of', 'ADP', 'IN', 'case', 9, ''),
        ('its', 'PRON', 'PRP$', 'nmod:poss', 9, 'Case=Gen|Gender=Neut|Number=Sing|Person=3|Poss=Yes|PronType=Prs'),
        ('remaining', 'ADJ', 'VBG', 'amod', 9, 'Degree=Pos'),
        ('ice', 'NOUN', 'NN', 'nmod', 5, 'Number=Sing'),
        (',', 'PUNCT', ',', 'punct', 13, ''),
        ('the', 'DET', 'DT', 'det', 13, 'Definite=Def|PronType=Art'),
        ('largest', 'ADJ', 'JJS', 'amod', 13, 'Degree=Sup'),
        ('loss', 'NOUN', 'NN', 'obj', 2, 'Number=Sing'),
        ('since', 'SCONJ', 'IN', 'mark', 16, ''),
        ('records', 'NOUN', 'NNS', 'nsubj', 16, 'Number=Plur'),
        ('began', 'VERB', 'VBD', 'advcl', 13, 'Mood=Ind|Number=Plur|Person=3|Tense=Past|VerbForm=Fin'),
        ('in', 'ADP', 'IN', 'case', 18, ''),
        ('1878', 'NUM', 'CD', 'obl', 16, 'NumForm=Digit|NumType=Card'),
        ('.', 'PUNCT', '.', 'punct', 2, ''),
)

# Each stored sentence with its rows (text, upos, xpos, dep, head, morph).
STORED = {"macron": (MACRON, MACRON_PARSE), "warning": (WARNING, WARNING_PARSE),
          "survey": (SURVEY, SURVEY_PARSE), "glacier": (GLACIER, GLACIER_PARSE)}


@functools.cache
def stored_parse(name: str) -> Parse:
    """The stored parse of one sentence of ``STORED``, with offsets found in its text."""
    sentence, rows = STORED[name]
    nodes, at = [], 0
    for i, (text, upos, xpos, dep, head, morph) in enumerate(rows):
        start = sentence.index(text, at)
        at = start + len(text)
        nodes.append(Node(i, start, at, text, _lemma(text, upos), upos, xpos, morph, head, dep))
    return _finish(0, tuple(nodes))


@pytest.fixture
def macron() -> Parse:
    return stored_parse("macron")


@pytest.fixture
def warning() -> Parse:
    return stored_parse("warning")


def test_the_misparse_is_what_the_sample_gave(macron) -> None:
    # The root is "pledged"; the clause with a subject before it is the main one.
    assert macron.nodes[macron.main].text == "responded"
    assert macron.nodes[33].text == "pledged" and 33 in macron.promoted


@pytest.mark.parametrize("limit", [16, 20, 24, 32])
def test_the_26_nations_fragment_is_never_a_candidate(macron, limit) -> None:
    texts = [p.text for p in prune(macron, limit)]
    assert not [t for t in texts if t.endswith("26 nations.") or "—had pledged" in t or "Macron had" in t], texts


def test_a_that_clause_left_without_its_verb_is_a_fragment(macron) -> None:
    promoted_tail = {k for k in macron.promoted if k > macron.main}
    kept = frozenset(range(len(macron.nodes))) - promoted_tail - set(range(22, 31))
    assert fragment_reason(macron, kept) == "clause-without-verb"
    assert not valid(macron, kept)


def test_the_clean_compressions_stay(macron) -> None:
    texts = [p.text for p in prune(macron, 24)]
    assert "Putin’s warning directly responded to remarks made the previous day by French President " \
           "Emmanuel Macron." in texts, texts


def test_a_participle_left_for_a_that_clause_verb_is_a_fragment(warning) -> None:
    texts = [p.text for p in prune(warning, 32)]
    assert not [t for t in texts if t.endswith("even as peacekeepers.") or "Friday would" in t], texts
    assert "Russian President Vladimir Putin issued a stark warning on Friday." in texts, texts


def test_the_root_spliced_after_the_main_clause_is_a_fragment(warning) -> None:
    kept = frozenset(range(len(warning.nodes))) - set(range(10, 24))
    assert fragment_reason(warning, kept) == "promoted-splice"


def test_the_sentence_as_written_is_never_a_fragment(macron, warning) -> None:
    for parse in (macron, warning):
        assert fragment_reason(parse, frozenset(range(len(parse.nodes)))) is None


def test_a_lone_comma_between_subject_and_verb_means_a_misread_participle() -> None:
    survey = stored_parse("survey")
    texts = [p.text for p in prune(survey, 32)]
    assert not [t for t in texts if t.startswith("The survey, carried") and "found" not in t], texts
    assert texts[0] == SURVEY  # the sentence as written stays
    # Without the comma the words still make no sentence: a verb with an agent ("by a team") and
    # no "be" is a participle, so "The survey carried out by a team." is a noun phrase.
    assert not valid(survey, frozenset({0, 1, 3, 4, 5, 6, 7, 20}))


def test_a_parenthetical_between_subject_and_verb_is_no_lone_comma(warning) -> None:
    assert fragment_reason(warning, frozenset(range(len(warning.nodes)))) is None
    texts = [p.text for p in prune(warning, 32)]
    assert "Russian President Vladimir Putin issued a stark warning on Friday." in texts, texts


def test_a_second_object_after_a_comma_is_an_appositive_the_compression_may_drop() -> None:
    glacier = stored_parse("glacier")
    loss = 13
    assert (glacier.nodes[loss].dep, glacier.nodes[loss].head) == ("appos", 5)
    texts = [p.text for p in prune(glacier, 24)]
    assert "The glacier lost about 10 percent of its remaining ice." in texts, texts
