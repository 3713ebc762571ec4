"""Stored text against trafilatura's own text output, on the ingest fixture pages: ours now beside ours before.

    .venv/bin/python bench/extraction.py [--before COMMIT]

Token F1 (bag of words, as article-extraction benchmarks score it) of the
Deep Look text we store against ``trafilatura.extract`` of the same page, for
every page under tests/files/ingest (articles/ and pages/). The headline is
counted with our text, since trafilatura's output repeats it. ``--before``
loads extraction.py from a commit (default: the one before the tail-text
fix) and scores it in the same run. A page either version refuses scores 0.
These are our own small fixture pages, not a public benchmark: read them as
a regression check of the page shapes, not as an accuracy estimate.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# bench/http.py would shadow the standard library's http for trafilatura's imports.
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != REPO / "bench"]
PAGES = sorted((REPO / "tests" / "files" / "ingest").glob("*/*.html"))


def tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.lower()))


def f1(ours: Counter, gold: Counter) -> float:
    common = sum((ours & gold).values())
    if not common:
        return 0.0
    precision, recall = common / sum(ours.values()), common / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def load(commit: str):
    source = subprocess.run(["git", "show", f"{commit}:src/quicklooks/ingest/extraction.py"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout
    path = Path(tempfile.mkdtemp()) / "extraction_before.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("extraction_before", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["extraction_before"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def stored(module, html: bytes) -> str:
    try:
        story = module.story_from_html(html, url="")
    except module.ExtractionError:
        return ""
    return " ".join([story.headline] + [b.text + " " + " ".join(b.items) for b in story.blocks])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="7868338^", help="commit whose extraction.py is the baseline")
    args = parser.parse_args()
    import trafilatura

    from quicklooks.ingest import extraction as now

    before = load(args.before)
    rows, totals = [], {"before": [], "now": []}
    for page in PAGES:
        html = page.read_bytes()
        gold = tokens(trafilatura.extract(html) or "")
        if not gold:
            continue
        scores = {name: f1(tokens(stored(module, html)), gold) for name, module in (("before", before), ("now", now))}
        for name, score in scores.items():
            totals[name].append(score)
        rows.append(f"| {page.parent.name}/{page.name} | {sum(gold.values())} | {scores['before']:.3f} | {scores['now']:.3f} |")
    print("| page | trafilatura words | F1 before | F1 now |\n|---|---|---|---|")
    print("\n".join(rows))
    mean = {name: sum(values) / len(values) for name, values in totals.items()}
    print(f"| mean of {len(rows)} pages | | {mean['before']:.3f} | {mean['now']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
