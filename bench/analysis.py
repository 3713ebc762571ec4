"""What one analysis of a story costs, beside the baselines, from 1,000 to 100,000 words.

One run times, on the same texts and on one core:

* ``split_sentences``: our splitter alone, one linear pass (the floor);
* ``analyse()``: the Document every engine reads (blocks, sentences, tokens
  with tags, morphology and dependencies, names), cold: its cache is emptied
  before every call;
* ``analyse() + write_quick_looks + extract_facts``: what a new story costs
  the platform, the analysis made once and reused by both engines;
* sumy's LexRank at 3 sentences, fed our sentences (the usual extractive
  baseline; its similarity matrix grows with the square of the sentence
  count, so it runs up to 10,000 words only);
* the same shipped spaCy pipeline run the plain way, untuned: ``nlp(text)``
  on each paragraph, one call at a time, with spaCy's own tokenizer and
  sentence boundaries, every component on, and every token's attributes read
  out once (the work any consumer does). It tells what analyse()'s batching
  and our own sentence boundaries cost or save.

The texts are the stories in ``tests/files`` (stories, topics, facts) and the
sample story, their Deep Looks concatenated and repeated to 1,000, 10,000 and
100,000 words. Each method runs ``--rounds`` times per size (fastest kept);
times are CPU seconds of this process (BLAS held to one thread), so another
job on the machine slows them less than wall time would. Linear work shows as
a steady cost per 1,000 words as the text grows tenfold.

Usage (from the repository root):

    PYTHONPATH=src .venv/bin/python bench/analysis.py [--rounds N] [--sizes 1000,10000,100000] [--breakdown WORDS] [--write]

``--breakdown`` (10,000 words unless told) adds where one platform pass's time
goes: our sentence splitting, spaCy's tokenizer, each pipeline component, our
own Python that builds the Document, what a cold analyse() costs beyond those
steps, and each engine on the cached Document. All rows of that table come
from one round, so they add up.
"""

from __future__ import annotations

import os

# One core: numpy's BLAS would otherwise spread the parser's matrix work.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
# bench/ holds http.py, which would hide the standard library's http package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO / "src"))

from sumy.models.dom import ObjectDocumentModel, Paragraph  # noqa: E402
from sumy.models.dom import Sentence as SumySentence  # noqa: E402
from sumy.nlp.stemmers import Stemmer  # noqa: E402
from sumy.summarizers.lex_rank import LexRankSummarizer  # noqa: E402
from sumy.utils import get_stop_words  # noqa: E402

from quicklooks.text import document as document_module  # noqa: E402
from quicklooks.text.document import analyse  # noqa: E402
from quicklooks.text.facts import extract_facts  # noqa: E402
from quicklooks.text.pipeline import load as load_pipeline  # noqa: E402
from quicklooks.text.quick_looks import write_quick_looks  # noqa: E402
from quicklooks.text.sentences import split_sentences  # noqa: E402
from quicklooks.text.storyformat import StoryFormatError, read_story_file  # noqa: E402
from quicklooks.text.words import count_words  # noqa: E402

FILES = REPO / "tests" / "files"
SAMPLE = FILES / "stories" / "putin-foreign-troops.txt"
SIZES = (1_000, 10_000, 100_000)
LEXRANK_MAX_WORDS = 10_000


def source_paragraphs() -> list[str]:
    """The Deep Look paragraphs of the sample and every story in tests/files, in a fixed order."""
    paths = [SAMPLE] + sorted(
        p for folder in ("stories", "topics", "facts") for p in (FILES / folder).glob("*.txt") if p != SAMPLE
    )
    paragraphs: list[str] = []
    for path in paths:
        try:
            story = read_story_file(path)
        except StoryFormatError:
            continue  # the bad-input fixtures
        paragraphs += [p for p in story.deep_look_text().split("\n\n") if p.strip()]
    return paragraphs


def text_of(words: int, paragraphs: list[str]) -> str:
    """The paragraphs repeated, in order, to about ``words`` words."""
    out, total = [], 0
    while total < words:
        for paragraph in paragraphs:
            out.append(paragraph)
            total += count_words(paragraph)
            if total >= words:
                break
    return "\n\n".join(out)


class _Words:
    def to_words(self, text: str) -> list[str]:
        return [w for w in text.split() if any(ch.isalnum() for ch in w)]


_TOKENIZER = _Words()
_LEXRANK = LexRankSummarizer(Stemmer("english"))
_LEXRANK.stop_words = get_stop_words("english")


def lexrank(text: str) -> None:
    sentences = [SumySentence(s.text, _TOKENIZER) for s in split_sentences(text)]
    _LEXRANK(ObjectDocumentModel([Paragraph(sentences)]), 3)


def cold_analyse(text: str) -> None:
    document_module._analyse_text.cache_clear()
    analyse(text)


def platform_path(text: str) -> None:
    """What a new story costs: one analysis, then both engines (which reuse it)."""
    document_module._analyse_text.cache_clear()
    analyse(text)
    write_quick_looks(text)
    extract_facts(text)


def untuned_spacy(text: str) -> None:
    nlp = load_pipeline()
    for paragraph in text.split("\n\n"):
        doc = nlp(paragraph)
        for token in doc:
            (token.text, token.lemma_, token.pos_, token.tag_, str(token.morph), token.head.i, token.dep_)
        for sentence in doc.sents:
            sentence.start_char
        for ent in doc.ents:
            (ent.label_, ent.start_char, ent.end_char)


METHODS = {
    "split_sentences": split_sentences,
    "analyse()": cold_analyse,
    "analyse() + Quick Looks + facts": platform_path,
    "sumy LexRank (3 sentences)": lexrank,
    "spaCy pipeline, untuned (nlp() per paragraph)": untuned_spacy,
}


def measure(rounds: int, sizes: tuple[int, ...]) -> tuple[list[tuple[str, int, float, float]], dict]:
    paragraphs = source_paragraphs()
    load_at_start = os.getloadavg()[0]
    load_pipeline()
    analyse(text_of(300, paragraphs))  # warm the pipeline, the lexicon and the gazetteer
    write_quick_looks(text_of(300, paragraphs))
    extract_facts(text_of(300, paragraphs))
    rows = []
    for size in sizes:
        text = text_of(size, paragraphs)
        words = count_words(text)
        best: dict[str, list[float]] = {}
        for _ in range(rounds):
            for name, method in METHODS.items():
                if name.startswith("sumy") and words > LEXRANK_MAX_WORDS:
                    continue
                cpu, wall = time.process_time(), time.perf_counter()
                method(text)
                cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
                current = best.get(name)
                if current is None or cpu < current[0]:
                    best[name] = [cpu, wall]
        for name in METHODS:
            if name in best:
                rows.append((name, words, best[name][0], best[name][1]))
        print(f"  {words:,} words done", file=sys.stderr)
    info = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "load (1-minute average) at start": load_at_start,
        "at end": os.getloadavg()[0],
        "pipeline": str(document_module.load_pipeline().pipe_names),
        "paragraphs": len(paragraphs),
    }
    return rows, info


def breakdown(words: int, rounds: int) -> list[tuple[str, float]]:
    """CPU seconds of each step of one platform pass over a ``words``-word text, fastest of ``rounds``.

    The steps are analyse()'s own, called one after another on the same
    pieces, so together they are one analysis: our blocks and sentences;
    spaCy's tokenizer with our sentence starts preset; each pipeline
    component over all pieces (as nlp.pipe batches them); and our Python
    that builds the Document from the parsed pieces. A cold analyse() is
    timed beside them, and what the steps leave of it is printed as it is
    (the cost of chaining the components lazily, and noise), so the table
    accounts for the whole. The engines are timed on the cached Document.
    """
    nlp = load_pipeline()
    text = text_of(words, source_paragraphs())
    rounds_spent: list[dict[str, float]] = []
    for _ in range(rounds):
        spent: dict[str, float] = {}
        started = time.process_time()
        blocks = document_module.read_blocks(text)
        sentences = document_module._sentences_in_blocks(text, blocks)
        spent["our blocks and sentences (split_sentences per block)"] = time.process_time() - started
        started = time.process_time()
        pieces = document_module._unparsed(nlp, text, blocks, sentences, None)
        spent["spaCy tokenizer, our sentence starts preset"] = time.process_time() - started
        docs = [doc for _, doc in pieces]
        for name, component in nlp.pipeline:
            started = time.process_time()
            docs = list(component.pipe(docs, batch_size=document_module._BATCH))
            spent[f"component {name}"] = time.process_time() - started
        started = time.process_time()
        document_module._document(text, blocks, "", sentences, [spans for spans, _ in pieces], docs,
                                  nlp.vocab.strings)
        spent["our Python: Document from the parsed pieces"] = time.process_time() - started
        steps = sum(spent.values())
        spent["steps above, together"] = steps
        document_module._analyse_text.cache_clear()
        started = time.process_time()
        analyse(text)
        whole = time.process_time() - started
        spent["analyse() in all (timed on its own)"] = whole
        spent["analyse() less the steps (lazy chaining, noise)"] = whole - steps
        started = time.process_time()
        write_quick_looks(text)
        spent["write_quick_looks (on the cached Document)"] = time.process_time() - started
        started = time.process_time()
        extract_facts(text)
        spent["extract_facts (on the cached Document)"] = time.process_time() - started
        rounds_spent.append(spent)
    # One round's figures, the round whose analyse() was fastest, so the
    # rows add up (a fastest-of-rounds per row would mix rounds).
    fastest = min(rounds_spent, key=lambda spent: spent["analyse() in all (timed on its own)"])
    return list(fastest.items())


def breakdown_table(words: int, parts: list[tuple[str, float]]) -> str:
    lines = [f"| step ({words:,} words) | CPU s | ms per 1,000 words |", "|---|---:|---:|"]
    for name, seconds in parts:
        lines.append(f"| {name} | {seconds:.3f} | {seconds / words * 1e6:.1f} |")
    return "\n".join(lines)


def table(rows: list[tuple[str, int, float, float]]) -> str:
    lines = [
        "| method | words | CPU s | wall s | words/s (CPU) | ms per 1,000 words (CPU) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, words, cpu, wall in rows:
        lines.append(
            f"| {name} | {words:,} | {cpu:.3f} | {wall:.3f} | {words / cpu:,.0f} | {cpu / words * 1000 * 1000:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time analyse() and the engines beside the baselines, 1,000 to 100,000 words.")
    parser.add_argument("--rounds", type=int, default=2, help="runs per method and size; the fastest is kept (default 2)")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated word counts")
    parser.add_argument("--write", action="store_true", help="also write bench/RESULTS-analysis.md")
    parser.add_argument("--breakdown", type=int, default=10_000, metavar="WORDS",
                        help="also time each step (tokenizer, each component, our code, each engine) "
                             "at this many words (default 10,000; 0 to skip)")
    args = parser.parse_args(argv)
    sizes = tuple(int(s) for s in args.sizes.split(","))
    rows, info = measure(args.rounds, sizes)
    out = table(rows)
    if args.breakdown:
        words = count_words(text_of(args.breakdown, source_paragraphs()))
        out += "\n\nWhere the time goes:\n\n" + breakdown_table(words, breakdown(args.breakdown, max(2, args.rounds)))
    summary = ", ".join(f"{k} {v}" for k, v in info.items())
    print(out)
    print(f"\n{summary}")
    if args.write:
        (REPO / "bench" / "RESULTS-analysis.md").write_text(
            "# analyse() and the engines, 1,000 to 100,000 words\n\n"
            f"`PYTHONPATH=src .venv/bin/python bench/analysis.py --rounds {args.rounds} --write`\n\n"
            f"{out}\n\n{summary}\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
