"""The engine's Quick Looks beside Lead-3, printed for a person to read.

For every story file under ``tests/files`` (stories, topics, facts, the facts
site) and every document of ``../shared/bench/cnndm-dev`` it prints the
engine's label and bullets, each with its confidence, and the first three
sentences (Lead-3) beside them, and for the dev documents the editors' own
highlights. Reading them is how we say how many bullets we would publish
unedited; a score does not say that.

Usage (from the repository root):

    PYTHONPATH=src .venv/bin/python bench/quicklooks_read.py [--stories-only | --cnndm-only] [--limit N]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from quicklooks.text.document import analyse  # noqa: E402
from quicklooks.text.quick_looks import QuickLooksError, write_quick_looks  # noqa: E402
from quicklooks.text.storyformat import StoryFormatError, decode_story_bytes, parse_story  # noqa: E402

_spec = importlib.util.spec_from_file_location("cnndm", Path(__file__).resolve().parent / "cnndm.py")
cnndm = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cnndm)  # the corpus format, read in one place

FILES = REPO / "tests" / "files"
FOLDERS = ("stories", "topics", "facts", "facts-site")
DOCS = REPO / ".." / "shared" / "bench" / "cnndm-dev" / "docs.jsonl"


def story_files() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (FILES / folder).glob("*.txt"))


def show(name: str, document_or_story, lead3: list[str], reference: list[str] | None = None) -> None:
    print(f"=== {name}")
    try:
        quick_looks = write_quick_looks(document_or_story, 3 if reference is not None else None)
    except QuickLooksError as error:
        print(f"  (no Quick Looks: {error})")
    else:
        print(f"  label: {quick_looks.label}")
        for bullet in quick_looks.bullets:
            print(f"  - [{bullet.confidence:.2f}] {bullet.text}")
    print("  Lead-3:")
    for sentence in lead3:
        print(f"    | {sentence}")
    if reference is not None:
        print("  highlights:")
        for line in reference:
            print(f"    * {line}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the engine's Quick Looks beside Lead-3 for a person to read.")
    parser.add_argument("--stories-only", action="store_true", help="only the story files under tests/files")
    parser.add_argument("--cnndm-only", action="store_true", help="only the 50 CNN/DailyMail dev documents")
    parser.add_argument("--limit", type=int, default=0, metavar="N", help="at most N documents of each set")
    parser.add_argument("docs", nargs="?", type=Path, default=DOCS, help="the dev set's docs.jsonl")
    args = parser.parse_args(argv)
    if not args.cnndm_only:
        paths = story_files()[: args.limit or None]
        for path in paths:
            try:
                story = parse_story(decode_story_bytes(path.read_bytes(), name=path.name), name=path.name)
            except StoryFormatError:
                continue  # the bad-input fixtures are not stories to read
            show(str(path.relative_to(REPO)), story, [s.text for s in analyse(story).sentences[:3]])
    if not args.stories_only:
        if not args.docs.exists():
            parser.error(f"{args.docs} does not exist; pass the path to cnndm-dev/docs.jsonl.")
        lines = [json.loads(line) for line in args.docs.read_text(encoding="utf-8").splitlines() if line.strip()]
        for doc in lines[: args.limit or None]:
            document = cnndm.document_from_cnndm(doc["article"])
            show(doc["id"], document, [s.text for s in document.sentences[:3]], doc["highlights"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
