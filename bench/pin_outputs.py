"""Pin the engines' outputs, so that every change to them shows in review.

Runs Quick Looks (``write_quick_looks``), facts (``extract_facts``) and
entities (``find_entities``) on a fixed set of documents and writes one JSON
snapshot per engine to ``tests/text/pins/ENGINE.json``:

* the sample story, ``tests/files/stories/putin-foreign-troops.txt``;
* the 50 CNN/DailyMail dev documents in ``../shared/bench/cnndm-dev/docs.jsonl``,
  lower-cased and tokenised, read into Documents by the one adapter for that
  format (``bench/cnndm.py``), as the benchmarks read them;
* every story file under ``tests/files`` (stories, topics, facts, the facts
  site and the ingest folder's local story). A file that does not parse as a
  story is fed as its raw text, so the engines' answer to bad input is
  pinned too.

An engine's answer is its JSON shape, or ``{"error": ...}`` with its message
when it refuses the text; anything else it raises is pinned as
``{"exception": ...}`` so a traceback cannot hide.

``tests/text/test_pinned_outputs.py`` recomputes every document and compares.
When a change of behaviour is intended, the engine's owner regenerates only
that engine's file and commits it beside the change:

    PYTHONPATH=src .venv/bin/python bench/pin_outputs.py --write quick_looks
    PYTHONPATH=src .venv/bin/python bench/pin_outputs.py --write facts
    PYTHONPATH=src .venv/bin/python bench/pin_outputs.py --write entities

Without ``--write`` it compares and lists the documents whose output changed.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from quicklooks.text.document import Document  # noqa: E402
from quicklooks.text.entities import find_entities  # noqa: E402
from quicklooks.text.facts import extract_facts, facts_to_dict  # noqa: E402
from quicklooks.text.quick_looks import QuickLooksError, to_dict, write_quick_looks  # noqa: E402
from quicklooks.text.sentences import split_sentences  # noqa: E402
from quicklooks.text.storyformat import StoryFormatError, decode_story_bytes, parse_story  # noqa: E402

def _adapter():
    """bench/cnndm.py, the one reader of the benchmark's format, loaded by path (bench/ is no package)."""
    spec = importlib.util.spec_from_file_location("cnndm", REPO / "bench" / "cnndm.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


document_from_cnndm = _adapter().document_from_cnndm

PINS = REPO / "tests" / "text" / "pins"
FILES = REPO / "tests" / "files"
SAMPLE = FILES / "stories" / "putin-foreign-troops.txt"
CNNDM_DEV = REPO / ".." / "shared" / "bench" / "cnndm-dev" / "docs.jsonl"
# Folders of story files; HTML pages and feeds are not stories.
STORY_FOLDERS = ("stories", "stories/bad", "topics", "facts", "facts-site", "ingest/local")
ENGINES = ("quick_looks", "facts", "entities")


def story_text(path: Path) -> str:
    """The text the engines read for a story file: its Deep Look, else its raw text."""
    data = path.read_bytes()
    try:
        text = decode_story_bytes(data, name=str(path))
    except StoryFormatError:
        return data.decode("utf-8", errors="replace")
    try:
        return parse_story(text, name=str(path)).deep_look_text()
    except StoryFormatError:
        return text


def documents() -> Iterator[tuple[str, str | Document]]:
    """(name, input) for every pinned document, in a fixed order: a story's text, or a Document."""
    yield "sample", story_text(SAMPLE)
    for folder in STORY_FOLDERS:
        for path in sorted((FILES / folder).glob("*.txt")):
            yield f"files/{folder}/{path.name}", story_text(path)
    if CNNDM_DEV.exists():
        with CNNDM_DEV.open(encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                yield f"cnndm-dev/{doc['id']}", document_from_cnndm(doc["article"])


def _quick_looks(text: str | Document) -> dict:
    return to_dict(write_quick_looks(text))


def _facts(text: str | Document) -> dict:
    return facts_to_dict(extract_facts(text))


def _entities(text: str | Document) -> dict:
    if isinstance(text, Document):
        return dataclasses.asdict(find_entities(text))
    return dataclasses.asdict(find_entities(text, split_sentences(text)))


RUNNERS: dict[str, Callable[[str | Document], dict]] = {"quick_looks": _quick_looks, "facts": _facts, "entities": _entities}


def output_of(engine: str, text: str | Document):
    """The engine's answer for ``text`` (a text or a Document) as JSON-ready data."""
    try:
        result = RUNNERS[engine](text)
    except QuickLooksError as err:
        return {"error": str(err)}
    except Exception as err:  # pinned, so that a traceback shows in the diff
        return {"exception": f"{type(err).__name__}: {err}"}
    # Through JSON and back, so tuples and lists compare alike.
    return json.loads(json.dumps(result, ensure_ascii=False))


def pin_path(engine: str) -> Path:
    return PINS / f"{engine}.json"


def load_pins(engine: str) -> dict:
    return json.loads(pin_path(engine).read_text(encoding="utf-8"))


def compute(engine: str, docs: list[tuple[str, str | Document]]) -> dict:
    return {name: output_of(engine, text) for name, text in docs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--write",
        metavar="ENGINE",
        choices=ENGINES,
        action="append",
        help="regenerate this engine's pin file (quick_looks, facts or entities); repeatable",
    )
    args = parser.parse_args(argv)
    docs = list(documents())
    if not CNNDM_DEV.exists():
        print(f"note: {CNNDM_DEV} is missing; its 50 documents are left out", file=sys.stderr)
    changed = 0
    for engine in args.write or ENGINES:
        outputs = compute(engine, docs)
        if args.write:
            PINS.mkdir(parents=True, exist_ok=True)
            pin_path(engine).write_text(json.dumps(outputs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(f"wrote {pin_path(engine).relative_to(REPO)}: {len(outputs)} documents")
            continue
        pins = load_pins(engine)
        for name, out in outputs.items():
            if pins.get(name) != out:
                changed += 1
                print(f"{engine}: {name} changed")
    if not args.write:
        print(f"{changed} outputs differ from the pins")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
