"""What storing and showing facts costs: imports, no-change saves and story pages, with and without the facts app.

Runs both sides in the same process on the same fresh SQLite database,
alternating them so drift hits both alike:

- import: ``import_story`` of the sample under a new source each time; the
  baseline has the facts receivers disconnected, ours extracts and stores the
  facts once the import commits;
- save: ``story.save()`` with the Deep Look unchanged; ours adds the hash check;
- page: rendering the sample's story page through Django's test client; the
  baseline has the facts panels unregistered.

Reproduce: ``PYTHONPATH=src .venv/bin/python bench/facts_storage.py --write bench/RESULTS-facts-storage.md``
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

# bench/http.py would shadow the standard library's http package that Django imports.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
os.environ["QUICKLOOKS_DATA_DIR"] = tempfile.mkdtemp(prefix="quicklooks-bench-facts-")
os.environ["DJANGO_SETTINGS_MODULE"] = "quicklooks.settings.test"
os.environ.pop("DATABASE_URL", None)


def _setup():
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def _facts_receivers(connected: bool) -> None:
    from django.db.models.signals import post_delete, post_save

    from quicklooks.facts import signals
    from quicklooks.stories.models import BodyBlock, Story

    pairs = [
        (post_save, signals._story_saved, Story, "facts-story-saved"),
        (post_save, signals._block_changed, BodyBlock, "facts-block-saved"),
        (post_delete, signals._block_changed, BodyBlock, "facts-block-deleted"),
    ]
    for signal, receiver, sender, uid in pairs:
        if connected:
            signal.connect(receiver, sender=sender, dispatch_uid=uid)
        else:
            signal.disconnect(receiver, sender=sender, dispatch_uid=uid)


def _facts_panels(registered: bool) -> None:
    from quicklooks.stories import panels

    ours = {"facts/_head.html", "facts/_who_said_what.html", "facts/_by_the_numbers.html", "facts/_named.html"}
    if registered:
        panels.register("head", "facts/_head.html", order=40)
        panels.register("after_deep_look", "facts/_who_said_what.html", order=20)
        panels.register("after_deep_look", "facts/_by_the_numbers.html", order=30)
        panels.register("after_deep_look", "facts/_named.html", order=40)
    else:
        for slot in panels._panels:
            panels._panels[slot] = [p for p in panels._panels[slot] if p.template not in ours]


def _ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="Measurements per side (default 30).")
    parser.add_argument("--write", metavar="PATH", help="Also write the results as Markdown to PATH.")
    args = parser.parse_args()
    _setup()

    from django.test import Client

    from quicklooks.facts.models import Quote
    from quicklooks.stories.demo import SAMPLE, load_demo, sample_text
    from quicklooks.stories.importing import import_story
    from quicklooks.text.storyformat import parse_story

    parsed = parse_story(sample_text(), name=SAMPLE)
    story = load_demo().story
    client = Client(HTTP_HOST="127.0.0.1")
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200

    times = {key: [] for key in ("import-base", "import-ours", "save-base", "save-ours", "page-base", "page-ours")}
    for i in range(args.runs):
        for ours in (False, True) if i % 2 else (True, False):
            side = "ours" if ours else "base"
            _facts_receivers(ours)
            started = time.perf_counter()
            fresh = replace(parsed, headline=f"{parsed.headline} ({side} {i})")
            imported = import_story(fresh, source=f"bench-{side}-{i}").story
            times[f"import-{side}"].append(time.perf_counter() - started)
            assert (Quote.objects.filter(story=imported).count() == 7) == ours

            started = time.perf_counter()
            story.save()
            times[f"save-{side}"].append(time.perf_counter() - started)

            _facts_panels(ours)
            started = time.perf_counter()
            html = client.get(url).content.decode()
            times[f"page-{side}"].append(time.perf_counter() - started)
            assert ("Who said what" in html) == ours
    _facts_receivers(True)
    _facts_panels(True)

    rows = [
        ("import the sample story (633 words)", "import"),
        ("save a story, Deep Look unchanged", "save"),
        ("render the sample's story page", "page"),
    ]
    lines = [
        "# Facts storage and panels benchmark",
        "",
        "Reproduce: `PYTHONPATH=src .venv/bin/python bench/facts_storage.py --write bench/RESULTS-facts-storage.md`",
        "",
        "Both sides run in one process on one fresh SQLite database (embedded mode), alternating; "
        "the baseline has the facts app's save receivers disconnected and its panels unregistered. "
        f"Median of {args.runs} runs each; one core; Python {platform.python_version()}.",
        "",
        "| operation | without facts (ms) | with facts (ms) | added (ms) |",
        "|---|---|---|---|",
    ]
    for label, key in rows:
        base, ours = times[f"{key}-base"], times[f"{key}-ours"]
        added = statistics.median(ours) - statistics.median(base)
        lines.append(f"| {label} | {_ms(base)} | {_ms(ours)} | {added * 1000:+.2f} |")
    report = "\n".join(lines) + "\n"
    sys.stdout.write(report)
    if args.write:
        Path(args.write).write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
