"""CNN/DailyMail's lower-cased, tokenised text as a Document: the one place its format is read.

The benchmark's articles come lower-cased and tokenised: ``kathmandu , nepal .
and they are struggling``. Case says nothing there, and a free-standing
``.``, ``!`` or ``?`` (with any closing quote tokens after it) is the only
sentence end. Production code reads news as written; this adapter hands the
corpus's own segmentation to :func:`quicklooks.text.document.build_document`,
so no module in ``src/`` needs a branch for the format:

* the corpus's quote tokens, two backticks and two apostrophes (the Penn
  Treebank's spelling of opening and closing double quotes), become the marks news is
  written with, “ and ”, so the engines read the corpus's quotes as quotes;
* sentences end at the corpus's sentence-end tokens;
* the whitespace tokens are the words, passed to the pipeline pre-tokenised.

The Document's text is the article after that one change; its offsets point
into it, not into the corpus's line.

Usage from a benchmark in this folder::

    from cnndm import document_from_cnndm, read_articles
    for doc_id, article in read_articles():
        document = document_from_cnndm(article)

Run as a script it prints, for each dev document, its sentences and words
and the sentences our own splitter finds in the same text, for a reader to
compare:

    PYTHONPATH=src .venv/bin/python bench/cnndm.py [DOCS.jsonl] [--show N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from quicklooks.text.document import Document, build_document  # noqa: E402

DEFAULT_DOCS = REPO / ".." / "shared" / "bench" / "cnndm-dev" / "docs.jsonl"
_TOKEN = re.compile(r"\S+")
# Tokens that end a sentence in the corpus, and the closing tokens that stay with it.
_ENDS = frozenset((".", "!", "?", "...", "!!", "?!", "!?"))
_CLOSERS = frozenset(("''", "'", '"', ")", "]", "”", "’"))
# The Penn Treebank's double quotes, as whole tokens: `` opens, '' closes.
_PTB_QUOTES = {"``": "“", "''": "”"}
_PTB_QUOTE = re.compile(r"(?<!\S)(?:``|'')(?!\S)")


def normalise(article: str) -> str:
    """The article with its Penn Treebank quote tokens (two backticks, two apostrophes) written as “ and ”."""
    return _PTB_QUOTE.sub(lambda m: _PTB_QUOTES[m.group()], article)


def words_of(article: str) -> list[tuple[int, int]]:
    """The corpus's whitespace tokens as (start, end) spans."""
    return [m.span() for m in _TOKEN.finditer(article)]


def sentences_of(article: str, words: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """(start, end) spans of the corpus's sentences: each runs to an end token and its closing quotes."""
    words = words_of(article) if words is None else words
    spans: list[tuple[int, int]] = []
    first = 0
    k = 0
    while k < len(words):
        token = article[words[k][0] : words[k][1]]
        if token in _ENDS:
            last = k
            while last + 1 < len(words) and article[words[last + 1][0] : words[last + 1][1]] in _CLOSERS:
                last += 1
            # "... ." or ". ." runs: the sentence ends at the last mark of the run.
            while last + 1 < len(words) and article[words[last + 1][0] : words[last + 1][1]] in _ENDS:
                last += 1
            spans.append((words[first][0], words[last][1]))
            first = k = last + 1
            continue
        k += 1
    if first < len(words):
        spans.append((words[first][0], words[-1][1]))
    return spans


def document_from_cnndm(article: str) -> Document:
    """The Document of one lower-cased, tokenised CNN/DailyMail article (its quotes as “ and ”)."""
    text = normalise(article)
    words = words_of(text)
    return build_document(text, sentences=sentences_of(text, words), words=words)


def read_articles(path: Path | str = DEFAULT_DOCS) -> Iterator[tuple[str, str]]:
    """(id, article) for each line of a docs.jsonl file."""
    with Path(path).open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            try:
                doc = json.loads(line)
                yield doc["id"], doc["article"]
            except (json.JSONDecodeError, KeyError) as error:
                raise SystemExit(f"{path}, line {number}: not a document with 'id' and 'article' ({error})") from error


def main(argv: list[str] | None = None) -> int:
    from quicklooks.text.sentences import split_sentences

    parser = argparse.ArgumentParser(description="Read CNN/DailyMail articles into Documents and compare sentence counts.")
    parser.add_argument("docs", nargs="?", default=str(DEFAULT_DOCS), help="docs.jsonl (default: the 50 dev documents)")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print the first N sentences of each document")
    args = parser.parse_args(argv)
    total_ours = total_corpus = 0
    for doc_id, article in read_articles(args.docs):
        document = document_from_cnndm(article)
        ours = split_sentences(article)
        total_ours += len(ours)
        total_corpus += len(document.sentences)
        print(f"{doc_id}: {len(document.sentences)} sentences, {len(document.tokens)} tokens, "
              f"{len(document.names)} names; our splitter finds {len(ours)} sentences")
        for s in document.sentences[: args.show]:
            print(f"    {s.text}")
    print(f"all: {total_corpus} corpus sentences, {total_ours} from our splitter")
    return 0


if __name__ == "__main__":
    sys.exit(main())
