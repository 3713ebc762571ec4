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
* the whitespace tokens are the words, passed to the pipeline pre-tokenised;
* with ``cased=True`` (``bench/quicklooks_rouge.py --cased``), case is
  restored (:func:`truecase`): each token takes the casing it has
  most often in the middle of a sentence in other news, CoreNLP's tokens of
  the PolNeAR train articles (``../shared/corpora/polnear-silver``), and a
  sentence's first word is capitalised. Nothing of the benchmark's own
  references is read; the parser was trained on cased text, and a lower-cased
  lead ("the city council voted ...") hangs its phrases on the wrong heads.
  Only case changes, so every offset stays; ROUGE ignores case, so the
  baselines score as before. It is off by default: it changes what every
  engine reads, so the pinned facts and entities of the dev documents too.

The Document's text is the article after those changes; its offsets point
into it (the quote marks change its length), not into the corpus's line.

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
import functools
import gzip
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from quicklooks.text.document import Document, build_document  # noqa: E402

DEFAULT_DOCS = REPO / ".." / "shared" / "bench" / "cnndm-dev" / "docs.jsonl"
CORPORA = REPO / ".." / "shared" / "corpora"
# Cased text the casing table is counted from: news (PolNeAR train, CoreNLP's
# tokens) and the Web Treebank's train split, which gives everyday words
# ("garden", "league") their lower case where election news has them in names.
CASED_TEXT = (CORPORA / "polnear-silver" / "train.conllu.gz", CORPORA / "ud-english-ewt" / "en_ewt-ud-train.conllu")
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


@functools.cache
def casings(paths: tuple[Path, ...] = CASED_TEXT) -> dict[str, str]:
    """Each lower-case token's usual casing in the middle of a sentence of cased news ("cnn" -> "CNN").

    A token is listed only when a cased form is its most frequent one and
    covers more than half of its occurrences: "may" (mostly the verb) stays
    lower case, "obama" becomes "Obama".
    """
    for path in paths:
        if not path.exists():
            raise SystemExit(f"{path}: a cased corpus is missing; the CNN/DailyMail adapter restores case "
                             "from it. Check that ../shared/corpora is next to the repository.")
    forms: dict[str, Counter] = {}

    def count(sentence: list[str]) -> None:
        # A headline in title case ("The Hellish View from Inside the
        # Beltway") says nothing about a word's usual case: it is skipped.
        letters = [t for t in sentence if t[:1].isalpha()]
        if sum(t[:1].isupper() for t in letters) * 2 > len(letters):
            return
        for form in sentence[1:]:
            forms.setdefault(form.lower(), Counter())[form] += 1

    for path in paths:
        _count_conllu(path, count)
    out = {}
    for lower, counts in forms.items():
        form, n = counts.most_common(1)[0]
        if form != lower and n * 2 > sum(counts.values()) and len(form) == len(lower):
            out[lower] = form
    return out


def _count_conllu(path: Path, count) -> None:
    """Call ``count`` with each sentence's tokens in a CoNLL-U file (gzipped or not)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        sentence: list[str] = []
        for line in fh:
            if not line.strip():
                count(sentence)
                sentence = []
                continue
            if line.startswith("#"):
                continue
            columns = line.split("\t", 2)
            if columns[0].isdigit():
                sentence.append(columns[1])
        count(sentence)


def truecase(text: str, sentences: list[tuple[int, int]], words: list[tuple[int, int]]) -> str:
    """The text with each token in its usual news casing and each sentence's first word capitalised.

    Only letters change case, never the text's length, so spans found before stay valid.
    """
    table = casings()
    chars = list(text)
    starts = {start for start, _ in sentences}
    opening = True
    for start, end in words:
        token = text[start:end]
        if start in starts:
            opening = True
        cased = table.get(token, token)
        if token == "i":
            cased = "I"
        if opening and any(ch.isalnum() for ch in token):
            cased = cased[:1].upper() + cased[1:]
            opening = False
        if len(cased) == len(token):
            chars[start:end] = cased
    return "".join(chars)


def document_from_cnndm(article: str, cased: bool = False) -> Document:
    """The Document of one lower-cased, tokenised CNN/DailyMail article (its quotes as “ and ”; ``cased``: its case restored)."""
    text = normalise(article)
    words = words_of(text)
    sentences = sentences_of(text, words)
    if cased:
        text = truecase(text, sentences, words)
    return build_document(text, sentences=sentences, words=words)


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
