"""Train the English pipeline that quicklooks ships: one command, from our own data.

    .venv/bin/python pipeline/train.py all

runs every step below in order; each step can also be run on its own
(``convert``, ``train-parser``, ``train-names``, ``assemble``, ``evaluate``).
Nothing is downloaded: the training data is the UD English EWT treebank
(CC BY-SA 4.0) and CoreNLP's name annotations of the PolNeAR news articles,
both in ``../shared/corpora`` beside the checkout (or ``QUICKLOOKS_CORPORA``).

- The tagger, morphologizer and dependency parser learn from EWT's gold
  annotations, with spaCy's lower-case augmenter on 15% of the training
  sentences so that lower-cased text (the CNN/DailyMail benchmark) still parses.
- The name recogniser (person, organisation, place, other) learns from the
  silver names of the PolNeAR train split, news text of the kind we publish,
  with a tok2vec of its own. Reading the parser's tok2vec instead (frozen),
  or a narrower tok2vec of its own, was tried (``pipeline/experiments/``);
  BENCHMARKS.md has the runs and why none is shipped.
- ``assemble`` joins the two into one pipeline, strips the training vocabulary
  from it, and writes it into ``src/quicklooks/text/pipeline/en_quicklooks``.
  ``--parser`` joins the name recogniser to another trained parser instead,
  such as the shipped pipeline itself, to retrain the names alone;
  ``--names`` takes the recogniser from another pipeline, such as the shipped
  one, to retrain the parser alone.
- ``evaluate`` scores it on the EWT test split (as written and lower-cased)
  and the PolNeAR dev split's names, and writes ``pipeline/metrics.json``.

Training is not part of CI. Each config fixes its seed and its number of
steps (``max_steps``: 4,000 for each, where the dev scores had levelled off),
so a second run gives the same weights. Each training step took about 40
minutes here, on a machine busy with other work. ``--max-minutes`` stops a training step earlier; the best
model seen so far (by the dev score) is what is kept.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / "work"
TARGET = ROOT / "src" / "quicklooks" / "text" / "pipeline" / "en_quicklooks"
CORPORA = Path(os.environ.get("QUICKLOOKS_CORPORA", ROOT.parent / "shared" / "corpora"))
EWT = CORPORA / "ud-english-ewt"
SILVER = CORPORA / "polnear-silver"

# CoreNLP's four name classes, folded into the three kinds the text core uses
# (and MISC, kept so that nationalities and events are not learnt as "not a name").
NAME_LABELS = {"PERSON": "PERSON", "ORGANIZATION": "ORG", "LOCATION": "PLACE", "MISC": "MISC"}


def run(*argv: str) -> None:
    print("+", " ".join(argv), flush=True)
    subprocess.run(argv, check=True)


def convert() -> None:
    """EWT to spaCy's binary format (10 sentences a doc), PolNeAR names likewise."""
    out = WORK / "corpus"
    out.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev", "test"):
        run(sys.executable, "-m", "spacy", "convert", str(EWT / f"en_ewt-ud-{split}.conllu"), str(out),
            "--converter", "conllu", "--n-sents", "10", "--merge-subtokens")
    for split in ("train", "dev"):
        _convert_names(SILVER / f"{split}.conllu.gz", out / f"names-{split}.spacy")


def _convert_names(source: Path, target: Path) -> None:
    import spacy
    from spacy.tokens import Doc, DocBin, Span

    nlp = spacy.blank("en")
    docs = DocBin(store_user_data=False)
    words: list[str] = []
    spaces: list[bool] = []
    tags: list[str] = []
    sent_starts: list[bool] = []

    def flush():
        if not words:
            return
        doc = Doc(nlp.vocab, words=list(words), spaces=list(spaces), sent_starts=list(sent_starts))
        ents, start, label = [], None, None
        for i, tag in enumerate(tags + ["O"]):
            if label is not None and tag != label:
                ents.append(Span(doc, start, i, label=NAME_LABELS[label]))
                start, label = None, None
            if tag in NAME_LABELS and label is None:
                start, label = i, tag
        doc.set_ents(ents, default="outside")
        docs.add(doc)
        words.clear(), spaces.clear(), tags.clear(), sent_starts.clear()

    with gzip.open(source, "rt", encoding="utf-8") as lines:
        first_in_sentence = True
        for line in lines:
            line = line.rstrip("\n")
            if line.startswith("# newdoc"):
                flush()
                continue
            if line.startswith("#"):
                continue
            if not line:
                first_in_sentence = True
                continue
            cols = line.split("\t")
            misc = dict(part.split("=", 1) for part in cols[9].split("|") if "=" in part)
            form = cols[1].replace("\u00a0", " ").strip() or "_"
            words.append(form)
            spaces.append(misc.get("SpaceAfter") != "No")
            tags.append(misc.get("NER", "O"))
            sent_starts.append(first_in_sentence)
            first_in_sentence = False
    flush()
    docs.to_disk(target)
    print(f"wrote {len(docs)} documents to {target}", flush=True)


def _train(config: Path, output: Path, train: Path, dev: Path, max_minutes: float | None) -> None:
    output.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(output),
            "--paths.train", str(train), "--paths.dev", str(dev)]
    print("+", " ".join(argv), flush=True)
    with open(output / "train.log", "w") as log:
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + max_minutes * 60 if max_minutes else None
        while process.poll() is None:
            if deadline and time.monotonic() > deadline and (output / "model-best").exists():
                # model-best is written at every dev improvement, so stopping
                # here keeps the best weights seen so far.
                process.send_signal(signal.SIGINT)
                process.wait(timeout=120)
                break
            time.sleep(5)
    if not (output / "model-best").exists():
        raise SystemExit(f"training wrote no model; see {output / 'train.log'}")


def train_parser(max_minutes: float | None) -> None:
    corpus = WORK / "corpus"
    _train(HERE / "parser.cfg", WORK / "parser", corpus / "en_ewt-ud-train.spacy",
           corpus / "en_ewt-ud-dev.spacy", max_minutes)


def train_names(max_minutes: float | None) -> None:
    corpus = WORK / "corpus"
    _train(HERE / "names.cfg", WORK / "names", corpus / "names-train.spacy",
           corpus / "names-dev.spacy", max_minutes)


def assemble(parser: Path, names_from: Path) -> None:
    import spacy

    nlp = spacy.load(parser)  # read into memory, so it may be TARGET itself
    if "ner" in nlp.pipe_names:  # a shipped pipeline given as --parser brings its old recogniser
        nlp.remove_pipe("ner")
    names = spacy.load(names_from)  # likewise: the shipped pipeline may lend its recogniser
    if "tok2vec" in names.pipe_names and "ner" in names.get_pipe("tok2vec").listening_components:
        # A freshly trained recogniser listens to its own tok2vec; it ships
        # with a copy inside it, so the pipeline's tok2vec stays the parser's.
        names.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
    nlp.add_pipe("ner", source=names, name="ner")
    nlp.meta.update({
        "name": "quicklooks",
        "version": "1.0.0",
        "description": "quicklooks' English tagger, parser and name recogniser, "
                       "trained by pipeline/train.py on UD English EWT and PolNeAR silver names.",
        "license": "CC BY-SA 4.0",
        "sources": [
            {"name": "UD English EWT", "url": "https://universaldependencies.org/treebanks/en_ewt/",
             "license": "CC BY-SA 4.0"},
            {"name": "PolNeAR (CoreNLP name annotations)", "url": "https://github.com/networkdynamics/PolNeAR",
             "license": "none stated; cited as Newell, Margolin and Ruths, LREC 2018"},
        ],
    })
    if TARGET.exists():
        shutil.rmtree(TARGET)
    nlp.to_disk(TARGET)
    # The string store holds every word seen in training. The features are
    # hashes and need none of them, and the shipped pipeline should carry no
    # corpus text, so only the strings the components name are kept; words
    # are added back at run time as texts are read.
    (TARGET / "vocab" / "strings.json").write_text(json.dumps(sorted(_needed_strings(nlp))))
    check = spacy.load(TARGET)
    sample = "The Senate's spokesman, John Doe, said on Tuesday that it wouldn't vote. Paris agreed."
    if [(t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i, t.ent_type_) for t in check(sample)] != \
            [(t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i, t.ent_type_) for t in nlp(sample)]:
        raise SystemExit("the pruned pipeline reads text differently from the trained one")
    for name in ("LICENSE.txt", "NOTICE.md"):
        shutil.copy(HERE / name, TARGET.parent / name)
    size = sum(p.stat().st_size for p in TARGET.rglob("*") if p.is_file())
    print(f"wrote {TARGET} ({size / 1e6:.1f} MB)", flush=True)


def _needed_strings(nlp) -> set[str]:
    keep: set[str] = set()
    for name, pipe in nlp.pipeline:
        keep.update(str(label) for label in getattr(pipe, "labels", ()) or ())
    morphologizer = nlp.get_pipe("morphologizer")
    for label in morphologizer.cfg.get("labels_morph", {}):
        keep.add(label)
        keep.update(label.split("|"))
        keep.update(part for pair in label.split("|") for part in pair.split("="))
    keep.update(morphologizer.cfg.get("labels_pos", {}))
    parser = nlp.get_pipe("parser")
    keep.update(str(move) for move in parser.move_names)
    keep.update(str(move) for move in nlp.get_pipe("ner").move_names)
    keep.discard("")
    return keep


def evaluate() -> None:
    import spacy
    from spacy.scorer import Scorer
    from spacy.tokens import DocBin
    from spacy.training import Example

    from thinc.api import use_ops

    # The ops the text core loads the pipeline with (quicklooks.text.pipeline),
    # so words_per_second is what analysis meets; the scores do not depend on it.
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(TARGET)
    corpus = WORK / "corpus"
    metrics = {}
    gold = list(DocBin().from_disk(corpus / "en_ewt-ud-test.spacy").get_docs(nlp.vocab))
    for name, lower in (("ewt_test", False), ("ewt_test_lowercased", True)):
        examples = []
        for doc in gold:
            words = [t.text.lower() if lower else t.text for t in doc]
            predicted = spacy.tokens.Doc(nlp.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc],
                                         sent_starts=[t.is_sent_start for t in doc])
            examples.append(Example(predicted, doc))
        started = time.perf_counter()
        for example, parsed in zip(examples, nlp.pipe((e.predicted for e in examples), disable=["ner"])):
            example.predicted = parsed
        seconds = time.perf_counter() - started
        scores = Scorer().score(examples)
        words = sum(len(e.predicted) for e in examples)
        metrics[name] = {
            "upos": round(100 * scores["pos_acc"], 2),
            "xpos": round(100 * scores["tag_acc"], 2),
            "morph": round(100 * scores["morph_acc"], 2),
            "uas": round(100 * scores["dep_uas"], 2),
            "las": round(100 * scores["dep_las"], 2),
            "words": words,
            "words_per_second": round(words / seconds),
        }
        print(name, metrics[name], flush=True)
    names_gold = list(DocBin().from_disk(corpus / "names-dev.spacy").get_docs(nlp.vocab))
    examples = []
    for doc in names_gold:
        predicted = spacy.tokens.Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc],
                                     sent_starts=[t.is_sent_start for t in doc])
        examples.append(Example(predicted, doc))
    for example, parsed in zip(examples, nlp.pipe(e.predicted for e in examples)):
        example.predicted = parsed
    scores = Scorer().score_spans(examples, "ents")
    metrics["polnear_dev_names"] = {
        "f": round(100 * scores["ents_f"], 2),
        "p": round(100 * scores["ents_p"], 2),
        "r": round(100 * scores["ents_r"], 2),
        "per_type": {k: {m: round(100 * v, 2) for m, v in s.items()} for k, s in scores["ents_per_type"].items()},
    }
    print("polnear_dev_names", metrics["polnear_dev_names"], flush=True)
    (HERE / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=["all", "convert", "train-parser", "train-names", "assemble", "evaluate"])
    parser.add_argument("--max-minutes", type=float, default=None,
                        help="stop each training step after this long, keeping its best model so far")
    parser.add_argument("--parser", type=Path, default=WORK / "parser" / "model-best",
                        help="the trained tagger, morphologizer and parser that assemble joins the names to "
                             "(default: what train-parser wrote)")
    parser.add_argument("--names", type=Path, default=WORK / "names" / "model-best",
                        help="the trained name recogniser that assemble adds, or a pipeline whose recogniser "
                             "it takes, such as the shipped one (default: what train-names wrote)")
    args = parser.parse_args()
    steps = {
        "convert": convert,
        "train-parser": lambda: train_parser(args.max_minutes),
        "train-names": lambda: train_names(args.max_minutes),
        "assemble": lambda: assemble(args.parser, args.names),
        "evaluate": evaluate,
    }
    for name in (list(steps) if args.step == "all" else [args.step]):
        steps[name]()


if __name__ == "__main__":
    main()
