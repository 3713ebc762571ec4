"""Each story's headline, the engine's label and its lead bullet, one block a story, for a person to read.

The label is judged against the headline and the lead bullet: a 3–6 word
headline of the story's main event, grammatical, agreeing with the bullet.
The sets are those of ``bench/quicklooks_read.py`` (tests/files stories and
the CNN/DailyMail dev documents, which have no headlines) and the saved web
pages of tests/files/ingest/articles, which we read as unseen text.

Usage (from the repository root):

    PYTHONPATH=src .venv/bin/python bench/labels_read.py stories|cnndm|ingest
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

_spec = importlib.util.spec_from_file_location("quicklooks_read", Path(__file__).resolve().parent / "quicklooks_read.py")
reading = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reading)  # the same story sets, listed in one place

ARTICLES = REPO / "tests" / "files" / "ingest" / "articles"


def show(name: str, document, bullets: int | None = None) -> None:
    print(f"=== {name}")
    try:
        quick_looks = write_quick_looks(document, bullets)
    except QuickLooksError as error:
        print(f"  (no Quick Looks: {error})")
        return
    print(f"  headline: {document.headline}")
    print(f"  label:    {quick_looks.label}")
    print(f"  lead:     {quick_looks.bullets[0].text if quick_looks.bullets else ''}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print headline, label and lead bullet for a person to read.")
    parser.add_argument("set", choices=("stories", "cnndm", "ingest"))
    args = parser.parse_args(argv)
    if args.set == "stories":
        for path in reading.story_files():
            try:
                story = parse_story(decode_story_bytes(path.read_bytes(), name=path.name), name=path.name)
            except StoryFormatError:
                continue  # the bad-input fixtures are not stories to read
            show(path.name, analyse(story))
    elif args.set == "cnndm":
        for line in reading.DOCS.read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                show(doc["id"], reading.cnndm.document_from_cnndm(doc["article"]), 3)
    else:
        from quicklooks.ingest.extraction import story_from_html

        for path in sorted(ARTICLES.glob("*.html")):
            show(path.name, analyse(story_from_html(path.read_bytes(), url="")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
