"""How the text core scales with a story's length, up to 100,000 words.

Quick Looks and fact extraction must finish in linear time on any text a
feed can hand them. This times, at 1,000 to 100,000 words of the sample
story's Deep Look repeated:

* the sentence splitter alone, the baseline: one linear pass every other
  method also makes, so its time is what "linear" looks like on this machine;
* ``write_quick_looks`` (the default lexical path);
* ``extract_facts`` (quotes, figures, people, places, organisations).

Each size runs every method interleaved, fastest of ``--rounds`` rounds, so
noise hits them alike. Linear work shows as a steady ratio to the baseline
and a steady cost per 1,000 words as the text grows tenfold.

Usage (from the repository root):

    PYTHONPATH=src .venv/bin/python bench/long_text.py [--rounds N] [--write]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# bench/ holds http.py, which would hide the standard library's http package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO / "src"))

from quicklooks.text.words import count_words  # noqa: E402
from quicklooks.text.facts import extract_facts  # noqa: E402
from quicklooks.text.quick_looks import write_quick_looks  # noqa: E402
from quicklooks.text.sentences import split_sentences  # noqa: E402
from quicklooks.text.storyformat import parse_story  # noqa: E402

SAMPLE = REPO / "tests" / "files" / "stories" / "putin-foreign-troops.txt"
RESULTS = REPO / "bench" / "RESULTS-long-text.md"
SIZES = (1_000, 10_000, 100_000)
METHODS = {
    "split_sentences (baseline)": split_sentences,
    "write_quick_looks": write_quick_looks,
    "extract_facts": extract_facts,
}


def text_of(words: int, deep_look: str) -> str:
    """The Deep Look repeated, paragraph by paragraph, to about ``words`` words."""
    paragraphs = [p for p in deep_look.split("\n") if p.strip()]
    out, total = [], 0
    while total < words:
        for paragraph in paragraphs:
            out.append(paragraph)
            total += count_words(paragraph)
            if total >= words:
                break
    return "\n\n".join(out)


def measure(rounds: int) -> list[tuple[int, dict[str, float]]]:
    deep_look = parse_story(SAMPLE.read_text(encoding="utf-8"), name=str(SAMPLE)).deep_look_text()
    for method in METHODS.values():
        method(deep_look)  # load word lists and the gazetteer before timing
    rows = []
    for words in SIZES:
        text = text_of(words, deep_look)
        best = {name: float("inf") for name in METHODS}
        for _ in range(rounds):
            for name, method in METHODS.items():
                started = time.perf_counter()
                method(text)
                best[name] = min(best[name], time.perf_counter() - started)
        rows.append((count_words(text), best))
    return rows


def render(rows, rounds: int) -> str:
    load = os.getloadavg()
    out = [
        "# The text core on long texts",
        "",
        f"The sample story's Deep Look repeated to each size; fastest of {rounds} rounds, "
        f"methods interleaved; load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
        "on 2 cores when the run ended.",
        "",
        "| words | method | ms | ms per 1,000 words | × baseline |",
        "|---|---|---|---|---|",
    ]
    for words, best in rows:
        base = best["split_sentences (baseline)"]
        for name, seconds in best.items():
            out.append(
                f"| {words:,} | {name} | {seconds * 1000:.1f} | {seconds * 1e6 / words:.2f} "
                f"| {seconds / base:.1f} |"
            )
    out += [
        "",
        "Reproduce:",
        "",
        "```",
        "PYTHONPATH=src .venv/bin/python bench/long_text.py --write",
        "```",
        "",
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds per size; the fastest counts (default 3)")
    parser.add_argument("--write", action="store_true", help=f"also write {RESULTS.relative_to(REPO)}")
    args = parser.parse_args(argv)
    report = render(measure(args.rounds), args.rounds)
    print(report)
    if args.write:
        RESULTS.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
