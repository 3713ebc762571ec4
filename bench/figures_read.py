"""The "By the numbers" rows of a set of stories, printed for a person to read.

PolNeAR has no figure gold, so figures and their claimants are scored by
hand: this prints, for every 8th story of PolNeAR's dev split by name (10
stories) and for each saved web page under ``tests/files/ingest/articles``,
the rows the story page would show (a figure with a counted noun or a unit),
its claimant, the figures charted side by side, and the sentence each comes
from. Reading them is how bench/RESULTS-facts.md says how many rows a reader
would want.

Usage (from the repository root):

    PYTHONPATH=src .venv/bin/python bench/figures_read.py [--polnear-only | --articles-only]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from quicklooks.cli.textinput import read_deep_look  # noqa: E402
from quicklooks.text.facts import extract_facts  # noqa: E402
from quicklooks.text.figures import comparable_groups  # noqa: E402

DEV = REPO / ".." / "shared" / "bench" / "polnear" / "dev"
ARTICLES = REPO / "tests" / "files" / "ingest" / "articles"


def polnear_stories() -> list[Path]:
    """Every 8th dev story by name, from the first: the ten read by hand in BENCHMARKS.md since issue 15."""
    return sorted(DEV.glob("*.txt"))[::8][:10]


def article_pages() -> list[Path]:
    return sorted(ARTICLES.glob("*.html"))


def rows(path: Path) -> list[str]:
    # The rows the story page shows: a figure with neither a counted noun nor a unit is left out there.
    figures = [f for f in extract_facts(read_deep_look(str(path))).figures if f.counts or f.unit]
    out = []
    for n, f in enumerate(figures, 1):
        value = f"{f.value:,}" + (f"–{f.upper:,}" if f.upper is not None else "")
        out.append(f"  {n:>2}. {value} {f.unit or ''} | {f.counts or '—'} | {f.claimed_by or 'not stated'}")
        out.append(f"      {' '.join(f.sentence.split())[:160]}")
    for key, members in comparable_groups(figures):
        out.append(f"  chart {key}: " + "; ".join(f"{m.value:,} {m.counts or m.unit}" for m in members))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--polnear-only", action="store_true")
    which.add_argument("--articles-only", action="store_true")
    args = parser.parse_args(argv)
    paths = ([] if args.articles_only else polnear_stories()) + ([] if args.polnear_only else article_pages())
    for path in paths:
        print(f"== {path.name}")
        print("\n".join(rows(path)) or "  (no rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
