"""Who said what on real news: PolNeAR's scoring of quicklooks beside its regex baseline, in one run.

    .venv/bin/python bench/attribution.py [--split dev] [--limit N] [--write bench/RESULTS-attribution.md]
    .venv/bin/python bench/attribution.py --scaling      # only the linearity check

Calls ``../shared/bench/polnear/score.py`` (its rules, its code): it runs
``quicklooks facts --json`` once per article as a separate process, as a user
would, and scores the baseline built into it on the same articles. Also
reported:

- time per 1,000 words: the wall time of those processes (start-up and
  pipeline load included), and the in-process cost of ``analyse`` plus
  ``extract_facts`` on the same texts;
- linearity: ``extract_facts`` on stories of 625 to 5,000 quotes and of
  1,000 to 8,000 list items, each size twice the one before; the time per
  item must stay flat.

Tune on train, report dev; the test split is kept back by the corpus's authors.
"""

from __future__ import annotations

import argparse
import glob
import importlib.util
import os
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
POLNEAR = REPO / ".." / "shared" / "bench" / "polnear"

ROWS = [
    ("direct quotes found, F1", lambda R: R["direct"]["F1"]),
    ("direct quotes, P / R", lambda R: (R["direct"]["P"], R["direct"]["R"])),
    ("right speaker for a found direct quote (gold names someone)", lambda R: R["speaker_acc"]),
    ("found direct quotes given no speaker", lambda R: R["speaker_none_rate"]),
    ("direct quote and speaker both right, F1", lambda R: R["direct_e2e"]["F1"]),
    ("every attribution, content matched, F1", lambda R: R["attr"]["F1"]),
    ("every attribution, content and speaker right, F1", lambda R: R["attr_e2e"]["F1"]),
    ("every attribution end to end, P / R", lambda R: (R["attr_e2e"]["P"], R["attr_e2e"]["R"])),
    ("recall of purely indirect attributions (content)", lambda R: R["attr_recall_indirect"]),
    ("recall of purely indirect attributions (end to end)", lambda R: R["attr_e2e_recall_indirect"]),
]


def load_score(polnear: Path):
    spec = importlib.util.spec_from_file_location("polnear_score", polnear / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cell(value) -> str:
    if isinstance(value, tuple):
        return " / ".join(f"{v:.3f}" for v in value)
    return f"{value:.3f}"


def in_process_ms_per_thousand(folder: Path, limit: int | None) -> float:
    from quicklooks.text.document import analyse
    from quicklooks.text.facts import extract_facts

    texts = []
    for path in sorted(glob.glob(str(folder / "*.txt")))[:limit]:
        with open(path, encoding="utf-8", newline="") as fh:
            texts.append(fh.read())
    analyse("Warm up the pipeline.")
    words = sum(len(t.split()) for t in texts)
    started = time.perf_counter()
    for text in texts:
        extract_facts(analyse(text))
    return (time.perf_counter() - started) * 1000 / words * 1000


def scaling() -> list[str]:
    """extract_facts on growing stories; the cost per item must stay flat (linear)."""
    from quicklooks.text.facts import extract_facts

    quote = "“We will keep the line open,” said Mayor Ana Ruiz. She added that crews were ready.\n\n"
    item = "- 240,000 homes without power in Sector {n}\n"
    lines = ["| story | items | seconds | ms per item |", "|---|---|---|---|"]
    for label, sizes, build in (
        ("quotes", (625, 1250, 2500, 5000), lambda n: quote * n),
        ("list items", (1000, 2000, 4000, 8000), lambda n: "Crews reported:\n" + "".join(item.format(n=k) for k in range(n))),
    ):
        for n in sizes:
            text = build(n)
            started = time.perf_counter()
            found = extract_facts(text)
            spent = time.perf_counter() - started
            assert label != "quotes" or len(found.quotes) == n, "every quote must be kept"
            lines.append(f"| {label} | {n:,} | {spent:.2f} | {spent * 1000 / n:.2f} |")
            print(lines[-1], flush=True)
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", type=Path, default=POLNEAR, help="the PolNeAR kit (score.py and the split folders)")
    ap.add_argument("--split", default="dev", help="folder of the kit to score (dev; train for error analysis)")
    ap.add_argument("--limit", type=int, default=None, help="score the first N articles only")
    ap.add_argument("--command", default=shutil.which("quicklooks") or str(REPO / ".venv" / "bin" / "quicklooks"),
                    help="the quicklooks command to run (default: the one on PATH, else .venv/bin/quicklooks)")
    ap.add_argument("--json", metavar="OUT", help="write quicklooks' figures, counts and errors to OUT")
    ap.add_argument("--write", metavar="PATH", help="also write the results as Markdown to PATH")
    ap.add_argument("--scaling", action="store_true", help="only run the linearity check")
    a = ap.parse_args(argv)
    if a.scaling:
        scaling()
        return 0
    score = load_score(a.polnear)
    folder = a.polnear / a.split
    if not glob.glob(str(folder / "*.gold.json")):
        ap.error(f"no *.gold.json in {folder}; give --polnear the PolNeAR kit")
    words = sum(len(open(p, encoding="utf-8").read().split()) for p in sorted(glob.glob(str(folder / "*.txt")))[: a.limit])
    print(f"Scoring quicklooks ({a.command}) on {folder} ...", file=sys.stderr)
    started = time.perf_counter()
    ours, counts, errors, failures, per_article = score.evaluate(a.command, str(folder), a.limit)
    wall = time.perf_counter() - started
    base, _, _, _, _ = score.evaluate(None, str(folder), a.limit, log=None)
    if a.json:
        import json

        with open(a.json, "w", encoding="utf-8") as fh:
            json.dump({"figures": ours, "counts": dict(counts), "failures": failures, "errors": errors}, fh,
                      ensure_ascii=False, indent=1)
    in_process = in_process_ms_per_thousand(folder, a.limit)
    label = f"polnear-{a.split}{counts['articles']}"
    lines = [f"| {label}, one run | quicklooks | regex baseline (`score.py --baseline`) |", "|---|---|---|"]
    for name, get in ROWS:
        lines.append(f"| {name} | {cell(get(ours))} | {cell(get(base))} |")
    lines.append(f"| runs failed | {len(failures)} of {counts['articles']} | 0 |")
    timing = (f"Time: {per_article:.2f} s per article as a separate `quicklooks facts --json` process "
              f"({wall * 1000 / words * 1000:.0f} ms per 1,000 words, start-up and pipeline load included; "
              f"{words:,} words); in one process, analyse() plus extract_facts(): {in_process:.0f} ms per 1,000 words. "
              f"Load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.")
    summary = score.summary(label, ours) + " | baseline: " + score.summary(label, base)
    print("\n".join(lines))
    print()
    print(timing)
    print(summary)
    if a.write:
        Path(a.write).write_text(
            "# Who said what on PolNeAR\n\n"
            f"Reproduce: `.venv/bin/python bench/attribution.py --split {a.split} --write {a.write}`\n\n"
            + "\n".join(lines) + f"\n\n{timing}\n\n`{summary}`\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
