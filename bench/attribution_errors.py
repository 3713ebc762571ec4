"""Who said what, error analysis: PolNeAR's scoring in one process, misses sorted into categories.

    .venv/bin/python bench/attribution_errors.py [--split train] [--limit N] [--cache DIR] [--show CATEGORY] [--examples K]

Scores ``extract_facts`` with ``../shared/bench/polnear/score.py``'s own
``score_article`` (its rules, its code), but in one process and with the
analyses kept in ``--cache`` between runs, so a change to the attribution
code is measured in seconds rather than the minutes a process per article
takes. The figures equal those of ``bench/attribution.py`` (which runs the
real command) as long as the CLI reads a plain text file whole.

Every scored miss is put in one category:

- wrong speaker, split by the source as written: a bare title ("Mr."),
  a pronoun resolved to the wrong name, a nominal source ("the campaign"),
  a name that is not the gold's, or no speaker at all (with or without a cue);
- direct quotes missed, and false ones (inside quoted text the annotators
  left unattributed or not);
- attributions missed (indirect, by cue lemma) and false attribution units;
- boundary errors: a predicted unit overlapping a gold content without
  reaching the 50% the scorer asks for.

PolNeAR's authors ask that dev and test not be read while developing: read
examples (``--show``) on train; on dev print the counts only.
"""

from __future__ import annotations

import argparse
import collections
import importlib
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from polnear import POLNEAR, articles, load_score

from quicklooks.text.facts import extract_facts, facts_to_dict

PRONOUNS = {"he", "she", "they", "it", "we", "i", "him", "her", "them"}
BARE_TITLES = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "senator", "miss"}


def source_kind(source: str | None, speaker: str | None) -> str:
    """What the source as written was: pronoun, bare title, description or name."""
    if not source:
        return "no source"
    words = [w.lower().rstrip(".") for w in source.split()]
    if len(words) == 1 and words[0] in PRONOUNS:
        return "pronoun"
    if speaker and speaker.lower().rstrip(".") in BARE_TITLES:
        return "bare title"
    if not any(w[:1].isupper() for w in source.split() if w.lower().rstrip(".") not in {"the", "a", "an"}):
        return "nominal"
    return "name"


def categorise(score, name, text, gold, out, errors_by_cat, C):
    """Score one article and sort its misses into categories."""
    errors = collections.defaultdict(list)
    score.score_article(name, gold, text, out, C, errors)
    # Index our items by their pieces, for the source as written.
    items = {}
    for item in out["quotes"]:
        for b, e in score.pieces(text, item["start"], item["end"]):
            items[(b, e)] = item
    for kind in ("direct_wrong_speaker", "direct_no_speaker"):
        for err in errors.get(kind, []):
            q = err["quote"]
            hit = next((it for (b, e), it in items.items() if text[b:e] == q), None)
            src = hit.get("source") if hit else None
            spk = hit.get("speaker") if hit else None
            if kind == "direct_no_speaker":
                cat = "speaker missing, no cue" if not (hit and hit.get("cue")) else "speaker missing, cue found"
            else:
                cat = f"wrong speaker: {source_kind(src, spk)} source"
            errors_by_cat[cat].append(dict(err, article=name, source=src, cue=hit and hit.get("cue")))
    for err in errors.get("direct_missed", []):
        errors_by_cat["direct quote missed"].append(err)
    for err in errors.get("direct_false", []):
        inside = "inside unattributed quoted text" if err["in_unattributed_quoted_text"] else "elsewhere"
        errors_by_cat[f"false direct quote ({inside})"].append(err)
    # Attributions: a gold content our units touch without reaching the threshold is a boundary error.
    predicted = [(b, e) for it in out["quotes"] for b, e in score.pieces(text, it["start"], it["end"])]
    for err in errors.get("attribution_missed", []):
        a = next(a for a in gold["attributions"] if a["text"] == err["text"])
        touched = any(score.overlap(b, e, a["fragments"]) > 0 for b, e in predicted)
        kind = "with a quote" if a["has_direct_quote"] else "indirect"
        cue = (a["cue"] or "(no cue)").lower().split()[0] if a["cue"] else "(no cue)"
        cat = f"attribution missed, {kind}: " + ("boundary (overlap below half)" if touched else "nothing there")
        errors_by_cat[cat].append(dict(err, article=name, cue_word=cue))
    for err in errors.get("attribution_false", []):
        errors_by_cat[f"false attribution unit ({err['from']})"].append(err)
    # Attributions matched with the wrong speaker (end to end misses on checkable gold).
    return errors


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", type=Path, default=POLNEAR)
    ap.add_argument("--split", default="train")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/quicklooks-polnear-cache"),
                    help="keep the analyses here between runs (delete it after new pipeline weights)")
    ap.add_argument("--show", default=None, help="print examples of the categories whose name contains this")
    ap.add_argument("--examples", type=int, default=15)
    ap.add_argument("--bootstrap", type=int, default=0, metavar="N",
                    help="also give 95%% intervals of the headline figures from N resamples of the articles")
    ap.add_argument("--cues", action="store_true", help="with --show: count the cue words of missed attributions")
    ap.add_argument("--set", action="append", default=[], metavar="MODULE.NAME=VALUE",
                    help="for a sweep: set a constant of a quicklooks.text module first (attribution.SCARE_QUOTE_WORDS=2)")
    a = ap.parse_args(argv)
    for assignment in a.set:
        target, _, value = assignment.partition("=")
        module_name, _, constant = target.rpartition(".")
        module = importlib.import_module(f"quicklooks.text.{module_name}")
        if not hasattr(module, constant):
            ap.error(f"quicklooks.text.{module_name} has no constant {constant}")
        setattr(module, constant, type(getattr(module, constant))(value))
    score = load_score(a.polnear)
    folder = a.polnear / a.split
    C = collections.Counter()
    by_cat: dict[str, list] = collections.defaultdict(list)
    per_article: list[collections.Counter] = []
    spent = 0.0
    n = 0
    for name, text, gold, doc in articles(folder, a.limit, a.cache):
        started = time.perf_counter()
        out = facts_to_dict(extract_facts(doc))
        spent += time.perf_counter() - started
        one = collections.Counter()
        categorise(score, name, text, gold, out, by_cat, one)
        C.update(one)
        per_article.append(one)
        n += 1
    C["articles"] = n
    R = score.figures(C)
    print("\n".join(score.table(R, C)))
    print(score.summary(f"polnear-{a.split}{n} (in process)", R))
    print(f"extract_facts: {spent / max(1, n) * 1000:.0f} ms per article")
    if a.bootstrap:
        import random

        rng = random.Random(15)
        keys = {"speaker acc": lambda R: R["speaker_acc"], "direct F1": lambda R: R["direct"]["F1"],
                "direct e2e F1": lambda R: R["direct_e2e"]["F1"], "attribution e2e F1": lambda R: R["attr_e2e"]["F1"]}
        samples = {k: [] for k in keys}
        for _ in range(a.bootstrap):
            B = collections.Counter()
            for _ in range(n):
                B.update(per_article[rng.randrange(n)])
            RB = score.figures(B)
            for k, get in keys.items():
                samples[k].append(get(RB))
        for k, values in samples.items():
            values.sort()
            lo, hi = values[int(0.025 * len(values))], values[int(0.975 * len(values)) - 1]
            print(f"  {k}: {keys[k](R):.3f}, 95% interval over articles [{lo:.3f}, {hi:.3f}] ({a.bootstrap} resamples)")
    print("\nMisses by category:")
    for cat, errs in sorted(by_cat.items(), key=lambda x: -len(x[1])):
        print(f"  {len(errs):5d}  {cat}")
    if a.show:
        if a.split != "train":
            print("\n(examples are shown on train only: PolNeAR's authors ask that dev and test stay unread)")
            return 0
        for cat, errs in by_cat.items():
            if a.show not in cat:
                continue
            print(f"\n== {cat} ({len(errs)})")
            if a.cues:
                print(collections.Counter(e.get("cue_word") for e in errs).most_common(40))
            for e in errs[: a.examples]:
                shown = {k: v for k, v in e.items() if k not in ("gold_speaker_names",) and v not in (None, "")}
                if "context" in shown:
                    shown["context"] = re.sub(r"\s+", " ", shown["context"])
                print("  -", shown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
