"""Fit the attribution model that ships as ``src/quicklooks/text/attribution_model.json``.

    .venv/bin/python bench/attribution_train.py [--polnear ../shared/bench/polnear] [--limit N] [--cache DIR]

(``--cache DIR`` is the same cache as ``bench/attribution_errors.py``'s: ``DIR/train/NAME.pkl``.)

Reads PolNeAR's train split only (dev and test stay for measuring) and fits
two things, both written to the model file:

1. **Cue priors.** For every verb lemma, the share of its occurrences outside
   quotes that the annotators marked as an attribution cue (add-one smoothed,
   lemmas seen fewer than ``MIN_SEEN`` times left out). A verb is a cue when
   its prior is at least ``cue_threshold``.
2. **The antecedent ranker** of :mod:`quicklooks.text.coreference`: a logistic
   regression (numpy, L2, batch gradient descent) over the features of each
   (pronoun or description source, candidate entity) pair, labelled by
   PolNeAR's own speaker rule: a candidate is right when its name matches the
   gold source's names.

The articles are analysed with the shipped pipeline, so rerun this after new
pipeline weights. ``--cache DIR`` keeps the analyses between runs.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from polnear import POLNEAR, articles, load_score

from quicklooks.text import attribution
from quicklooks.text.coreference import Mentions
from quicklooks.text.quotes import find_quote_spans

MIN_SEEN = 3
CUE_THRESHOLD = 0.3  # swept 0.1-0.6 on train and dev: attribution e2e F1 is flat from 0.2 to 0.45 (BENCHMARKS.md)
L2 = 1e-3


def cue_tokens(doc, gold) -> set[int]:
    """Token indexes of the annotated cues: words of the cue text between or beside source and content."""
    found: set[int] = set()
    for a in gold["attributions"]:
        if not a["cue"]:
            continue
        words = {w.lower().strip(":,") for w in a["cue"].replace("\xa0", " ").split()}
        frags = a["fragments"] + ([a["source_span"]] if a["source_span"] else [])
        lo, hi = min(f[0] for f in frags), max(f[1] for f in frags)
        for t in doc.tokens_in(max(0, lo - 40), hi + 40):
            if t.text.lower() in words and not any(b <= t.start < e for b, e in frags):
                found.add(t.i)
    return found


def fit_cues(data) -> dict[str, float]:
    seen, cued = collections.Counter(), collections.Counter()
    for _, text, gold, doc in data:
        spans = find_quote_spans(text)
        starts = [s for s, _ in spans]
        from bisect import bisect_right

        def quoted(o):
            k = bisect_right(starts, o) - 1
            return k >= 0 and spans[k][0] <= o < spans[k][1]

        marks = cue_tokens(doc, gold)
        for t in doc.tokens:
            if t.upos != "VERB" or quoted(t.start):
                continue
            lemma = t.lemma.lower()
            seen[lemma] += 1
            cued[lemma] += t.i in marks
    return {lemma: round((cued[lemma]) / (n + 1), 4) for lemma, n in seen.items()
            if n >= MIN_SEEN and cued[lemma] / (n + 1) >= 0.05}


def pair_rows(data, score, model):
    """Features and labels of every (pronoun or description, candidate) pair on the train articles."""
    rows, labels, groups = [], [], []
    group = 0
    for _, text, gold, doc in data:
        spans = find_quote_spans(text)
        mentions = Mentions(doc, spans, model["weights"])
        reader = attribution._Reader(doc, spans, mentions, model)
        by_source = {}
        for a in gold["attributions"]:
            if a["source_span"] and score.checkable(a):
                by_source[tuple(a["source_span"])] = a
        for cue in reader.cues():
            if not cue.source:
                reader.resolve(cue)
                continue
            head = next((k for k in cue.source if not (cue.source[0].i <= k.head <= cue.source[-1].i)
                         or k.head == k.i), cue.source[-1])
            needs = (head.upos == "PRON" and head.text.lower() in ("he", "she", "they", "it", "him", "her")) or (
                head.upos == "NOUN" and any(k.text.lower() in ("the", "this") for k in cue.source))
            gold_a = next((a for (b, e), a in by_source.items() if b <= head.start < e), None)
            if needs and gold_a is not None and mentions.mention_at(head.i) is None:
                ranked = mentions.ranked(head, head.start)
                ys = [score.speaker_ok(mentions.name_of(m.key), gold_a["speaker_names"]) for _, m, _ in ranked]
                if any(ys):
                    for (_, m, feats), y in zip(ranked, ys):
                        rows.append(feats)
                        labels.append(float(y))
                        groups.append(group)
                    group += 1
            reader.resolve(cue)
    return rows, labels, groups


def fit_logistic(rows, labels, epochs=3000, rate=0.5):
    names = sorted({k for r in rows for k in r})
    X = np.array([[r.get(k, 0.0) for k in names] for r in rows])
    y = np.array(labels)
    w = np.zeros(len(names))
    for _ in range(epochs):
        p = 1 / (1 + np.exp(-X @ w))
        grad = X.T @ (p - y) / len(y) + L2 * w
        w -= rate * grad
    return {k: round(float(v), 4) for k, v in zip(names, w)}


def top1(rows, labels, groups, weights) -> float:
    best = {}
    for r, y, g in zip(rows, labels, groups):
        s = sum(weights.get(k, 0.0) * v for k, v in r.items())
        if g not in best or s > best[g][0]:
            best[g] = (s, y)
    return sum(y for _, y in best.values()) / max(1, len(best))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", type=Path, default=POLNEAR,
                    help="the PolNeAR kit (its train/ folder and score.py)")
    ap.add_argument("--limit", type=int, default=None, help="use the first N train articles only")
    ap.add_argument("--cache", type=Path, default=None, help="keep analysed articles here between runs")
    ap.add_argument("--out", type=Path, default=attribution.MODEL_PATH, help="the model file to write")
    a = ap.parse_args(argv)
    score = load_score(a.polnear)
    data = list(articles(a.polnear / "train", a.limit, a.cache, progress=True))
    cues = fit_cues(data)
    print(f"{len(cues)} cue lemmas; {sum(v >= CUE_THRESHOLD for v in cues.values())} at or above {CUE_THRESHOLD}")
    # The ranker's features depend on which cues fire, so the cues come first.
    model = {"cues": cues, "cue_threshold": CUE_THRESHOLD, "weights": _START_WEIGHTS}
    rows, labels, groups = pair_rows(data, score, model)
    print(f"{len(set(groups))} sources to resolve, {len(rows)} candidate pairs")
    before = top1(rows, labels, groups, _START_WEIGHTS)
    weights = fit_logistic(rows, labels)
    print(f"top-1 right on train: {before:.3f} with the starting weights, {top1(rows, labels, groups, weights):.3f} fitted")
    model = {
        "about": "Cue priors and antecedent-ranker weights fitted by bench/attribution_train.py on PolNeAR train "
                 f"({len(data)} articles).",
        "cue_threshold": CUE_THRESHOLD,
        "weights": weights,
        "cues": dict(sorted(cues.items())),
    }
    a.out.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {a.out}")


# Hand-set starting point (recency, subjecthood, gender): what the fit starts from and is compared with.
_START_WEIGHTS = {"bias": 0.0, "dist0": 1.0, "dist1": 0.8, "dist2": 0.3, "dist3": 0.0, "dist4": -0.3,
                  "rank": -1.0, "subject": 1.0, "main_subject": 1.0, "last_speaker": 1.5, "spoke_before": 0.5, "gender_match": 1.0,
                  "gender_clash": -3.0, "org_for_person_pronoun": -2.0, "mentions": 0.3, "person": 0.5,
                  "role_match": 2.0, "org_head": 1.0, "name_has_head": 1.5, "possessive": -0.5}

if __name__ == "__main__":
    main()
