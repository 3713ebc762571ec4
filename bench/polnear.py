"""The PolNeAR kit as the attribution benches read it: its scorer and its articles, analysed once.

``bench/attribution_errors.py`` (scoring in process) and ``bench/attribution_train.py``
(fitting the shipped model) both read the articles through :func:`articles`, so the two
see the same texts, the same gold and the same cached analyses.
"""

from __future__ import annotations

import glob
import importlib.util
import json
import os
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
POLNEAR = REPO / ".." / "shared" / "bench" / "polnear"

from quicklooks.text.document import Document, analyse


def load_score(polnear: Path):
    """The kit's own ``score.py``, imported from its folder, so its rules are the ones applied."""
    path = polnear / "score.py"
    if not path.exists():
        raise SystemExit(f"no PolNeAR scorer at {path}: pass --polnear with the kit's folder "
                         "(the one holding score.py, train/ and dev/)")
    spec = importlib.util.spec_from_file_location("polnear_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def articles(folder: Path, limit: int | None = None, cache: Path | None = None,
             progress: bool = False) -> Iterator[tuple[str, str, dict, Document]]:
    """(name, text, gold, Document) for every article of ``folder`` in name order.

    With ``cache``, each analysis is kept as ``cache/SPLIT/NAME.pkl`` and read back on the next
    run; delete the folder after new pipeline weights.
    """
    golds = sorted(glob.glob(str(folder / "*.gold.json")))[:limit]
    if not golds:
        raise SystemExit(f"no PolNeAR articles (*.gold.json) in {folder}: check --polnear and --split")
    if progress:
        from tqdm import tqdm

        golds = tqdm(golds, unit="article", desc=f"Reading {folder.name}")
    for gpath in golds:
        name = os.path.basename(gpath)[: -len(".gold.json")]
        with open(folder / f"{name}.txt", encoding="utf-8", newline="") as fh:
            text = fh.read()
        with open(gpath, encoding="utf-8") as fh:
            gold = json.load(fh)
        doc = None
        cached = cache / folder.name / f"{name}.pkl" if cache else None
        if cached is not None and cached.exists():
            with open(cached, "rb") as fh:
                doc = pickle.load(fh)
        if doc is None:
            doc = analyse(text)
            if cached is not None:
                cached.parent.mkdir(parents=True, exist_ok=True)
                partial = cached.with_suffix(".part")
                with open(partial, "wb") as fh:
                    pickle.dump(doc, fh)
                partial.replace(cached)  # a run stopped half way leaves no damaged analysis behind
        yield name, text, gold, doc
