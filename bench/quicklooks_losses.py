"""Where the Quick Looks engine loses to Lead-3, document by document.

The ROUGE benchmark (``bench/quicklooks_rouge.py``) gives means; this prints
ROUGE-1 precision and recall for the engine and Lead-3 side by side, then the
documents where the engine trails most, with the references, our bullets and
Lead-3's sentences, so the next fix can be read off real cases.

Usage (from the repository root):

    PYTHONPATH=src .venv/bin/python bench/quicklooks_losses.py [DOCS.jsonl] [--worst N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# bench/ holds http.py, which would hide the standard library's http package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]
sys.path.insert(0, str(REPO / "src"))

from rouge_score import rouge_scorer  # noqa: E402

import importlib.util  # noqa: E402

from quicklooks.text.quick_looks import QuickLooksError, write_quick_looks  # noqa: E402

_spec = importlib.util.spec_from_file_location("cnndm", REPO / "bench" / "cnndm.py")
cnndm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cnndm)  # the corpus format, read in one place

DEFAULT_DOCS = REPO / ".." / "shared" / "bench" / "cnndm-dev" / "docs.jsonl"
SCORER = rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", nargs="?", default=str(DEFAULT_DOCS), help="the benchmark's docs.jsonl")
    parser.add_argument("--worst", type=int, default=5, help="how many of the worst documents to print")
    args = parser.parse_args()
    path = Path(args.docs)
    if not path.exists():
        sys.exit(f"{path}: no such file. Pass the path to the benchmark's docs.jsonl.")
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        reference = "\n".join(doc["highlights"])
        document = cnndm.document_from_cnndm(doc["article"])
        try:
            ours = [bullet.text for bullet in write_quick_looks(document, 3).bullets]
        except QuickLooksError:
            ours = []
        lead = [sentence.text for sentence in document.sentences[:3]]
        a, b = SCORER.score(reference, "\n".join(ours))["rouge1"], SCORER.score(reference, "\n".join(lead))["rouge1"]
        rows.append((a.fmeasure - b.fmeasure, a, b, doc, ours, lead))
    print(f"{len(rows)} documents, ROUGE-1      precision  recall")
    print(f"  quicklooks engine           {statistics.mean(r[1].precision for r in rows):.3f}     {statistics.mean(r[1].recall for r in rows):.3f}")
    print(f"  Lead-3                      {statistics.mean(r[2].precision for r in rows):.3f}     {statistics.mean(r[2].recall for r in rows):.3f}")
    for delta, _, _, doc, ours, lead in sorted(rows, key=lambda r: r[0])[: args.worst]:
        print(f"\n== {doc['id']}: ROUGE-1 F {delta:+.3f} against Lead-3")
        print("references:", *doc["highlights"], sep="\n  ")
        print("ours:", *ours, sep="\n  ")
        print("Lead-3:", *lead, sep="\n  ")


if __name__ == "__main__":
    main()
