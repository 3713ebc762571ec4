"""The one adapter for CNN/DailyMail's lower-cased, tokenised text: its sentences and words."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("cnndm", Path(__file__).resolve().parents[2] / "bench" / "cnndm.py")
cnndm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cnndm)

SENTENCES = [
    pytest.param(
        "( cnn ) two cnn heroes are among the survivors in kathmandu , nepal . "
        "the u.s. team arrived on sunday .",
        [
            "( cnn ) two cnn heroes are among the survivors in kathmandu , nepal .",
            "the u.s. team arrived on sunday .",
        ],
        id="lowercase",
    ),
    pytest.param(
        "`` we are suffering . it is very hard , '' said koirala . "
        "anything . ... if i get more support i will help . ''",
        [
            "`` we are suffering .",
            "it is very hard , '' said koirala .",
            "anything . ...",
            "if i get more support i will help . ''",
        ],
        id="quotes-and-ellipsis",
    ),
    pytest.param(
        "`` it is very hard . '' said koirala .",
        ["`` it is very hard . '' said koirala ."],
        id="full-stop-inside-quote-then-attribution",
        marks=pytest.mark.xfail(
            reason="lower-cased text cannot tell an attribution from a new sentence",
            strict=True,
        ),
    ),
    pytest.param(
        "the minister left . the talks , however , went on !",
        ["the minister left .", "the talks , however , went on !"],
        id="exclamation",
    ),
    pytest.param("no full stop at the end", ["no full stop at the end"], id="no-final-stop"),
    pytest.param("", [], id="empty"),
]


@pytest.mark.parametrize("article, expected", SENTENCES)
def test_sentences_end_at_the_corpus_marks(article, expected):
    assert [article[a:b] for a, b in cnndm.sentences_of(article)] == expected


def test_a_document_keeps_the_corpus_words_and_sentences():
    article = "kathmandu , nepal . they ca n't sleep indoors , she said ."
    document = cnndm.document_from_cnndm(article)
    assert [t.text for t in document.tokens] == article.split()
    assert [s.text for s in document.sentences] == ["kathmandu , nepal .", "they ca n't sleep indoors , she said ."]
    assert document.text == article


def test_the_corpus_quote_tokens_become_the_marks_news_is_written_with():
    article = "`` we are suffering , '' said koirala . `` it is very hard . ''"
    document = cnndm.document_from_cnndm(article)
    assert document.text == "“ we are suffering , ” said koirala . “ it is very hard . ”"
    assert [s.text for s in document.sentences] == ["“ we are suffering , ” said koirala .", "“ it is very hard . ”"]
    assert "``" not in [t.text for t in document.tokens] and "''" not in [t.text for t in document.tokens]


def test_only_whole_quote_tokens_change():
    # An apostrophe pair inside a token ("rock''n''roll") is no quote mark.
    assert cnndm.normalise("rock''n''roll `` x '' ''") == "rock''n''roll “ x ” ”"
    assert cnndm.normalise("'' start") == "” start"
