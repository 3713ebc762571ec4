"""The story library as the command line sees it: import many files, list what is stored."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Callable

from django.conf import settings
from django.db import DatabaseError

from quicklooks.stories.importing import Override, get_or_create_named, import_story
from quicklooks.stories.models import Section, Story
from quicklooks.stories.quick_looks import generate_for_import
from quicklooks.text.quick_looks import QuickLooksError
from quicklooks.text.storyformat import StoryFormatError, decode_story_bytes, parse_story, read_story_file

logger = logging.getLogger(__name__)

PROGRESS_THRESHOLD = 3
"""Show a progress bar when importing more files than this."""


@dataclass
class ImportReport:
    counts: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return self.counts["failed"]

    def summary(self) -> str:
        parts = [f"{self.counts[key]} {key}" for key in ("created", "updated", "unchanged", "failed")]
        held = self.counts["held"]
        waiting = (
            f"; {held} waiting for review on the desk (the engine wrote their Quick Looks; "
            "an editor approves them, or import again with --publish)"
            if held
            else ""
        )
        return "Imported: " + ", ".join(parts) + waiting


def quick_looks_writer():
    """The writer an importer hands to ``import_story`` for stories that arrive without Quick Looks.

    Public: the command line, the API, ingest and the desk all use it. A text
    the engine cannot work with gives no bullets, and the story waits on the
    desk for a person to write them.
    """
    return generate_for_import


def crash_safe_quick_looks_writer():
    """``quick_looks_writer()`` for batches and the desk: a crash in the engine never loses the story.

    A bug in the engine is logged and the story reaches the desk without
    Quick Looks, for a person to write; the rest of a batch goes on.
    """
    writer = quick_looks_writer()
    # Logged where ingest has always logged it: batches are where this happens.
    log = logging.getLogger("quicklooks.ingest")

    def write(text):
        try:
            return writer(text)
        except QuickLooksError as error:
            log.info("no Quick Looks for an ingested story: %s", error)
            return "", []
        except Exception:
            log.exception("the Quick Looks engine failed on an ingested story; it waits on the desk without Quick Looks")
            return "", []

    return write


def import_paths(
    paths: list[str],
    *,
    publish: bool = True,
    section: str = "",
    stdin: BinaryIO | None = None,
    echo: Callable[[str], None] = print,
    override: Override | None = None,
) -> ImportReport:
    """Import each path (or ``-`` for stdin), one transaction per story.

    A failure is reported with its file and line and never stops the others.
    A story whose Quick Looks the engine wrote waits for review unless
    ``override`` (``--publish``) says who wants it published anyway.
    """
    from tqdm import tqdm

    report = ImportReport()
    section_obj = get_or_create_named(Section, section) if section else None
    writer = quick_looks_writer()
    progress = tqdm(paths, unit="story", disable=len(paths) <= PROGRESS_THRESHOLD, desc="Importing")
    for path in progress:
        try:
            if path == "-":
                if stdin is None:
                    raise StoryFormatError("no standard input to read.", name="<stdin>")
                parsed = parse_story(decode_story_bytes(stdin.read(), name="<stdin>"), name="<stdin>")
                source = ""
            else:
                parsed = read_story_file(path)
                source = str(Path(path).resolve())
            result = import_story(parsed, source=source, publish=publish, quick_looks_writer=writer, override=override)
            if section_obj and result.story.section_id != section_obj.pk:
                result.story.section = section_obj
                result.story.save(update_fields=["section"])
        except StoryFormatError as error:
            report.counts["failed"] += 1
            report.failures.append(str(error))
            progress.write(f"failed: {error}") if not progress.disable else echo(f"failed: {error}")
            continue
        except DatabaseError as error:
            report.counts["failed"] += 1
            message = f"{path}: the database refused the story ({error}). Nothing of it was stored; try again."
            report.failures.append(message)
            echo(f"failed: {message}")
            continue
        except Exception as error:  # one story's crash (a bug) must never stop the batch
            logger.exception("importing %s failed", path)
            report.counts["failed"] += 1
            message = (
                f"{path}: quicklooks could not store this story ({error.__class__.__name__}: {error}). "
                "Nothing of it was stored; the other files were imported. Please report this file to the developers."
            )
            report.failures.append(message)
            progress.write(f"failed: {message}") if not progress.disable else echo(f"failed: {message}")
            continue
        report.counts[result.outcome] += 1
        report.counts["held"] += result.held
        line = f"{result.outcome}: {result.story.slug}" + (" (no changes)" if result.outcome == "unchanged" else "")
        if result.held:
            line += " (needs review: the engine wrote its Quick Looks)"
        progress.write(line) if not progress.disable else echo(line)
    return report


def story_records(*, status: str | None = None):
    """Each stored story as a plain dict, for ``quicklooks stories --json`` and scripts."""
    stories = Story.objects.prefetch_related("quick_looks", "publish_overrides").order_by("-published_at", "-created_at")
    if status:
        stories = stories.filter(status=status)
    base = settings.QUICKLOOKS_BASE_URL.rstrip("/")
    for story in stories:
        yield {
            "slug": story.slug,
            "headline": story.headline,
            "status": story.status,
            "published_at": story.published_at.isoformat() if story.published_at else None,
            "quick_looks_label": story.quick_looks_label,
            "quick_looks": [bullet.text for bullet in story.quick_looks.all()],
            "quick_looks_origin": sorted({bullet.origin for bullet in story.quick_looks.all()}),
            "source": story.source,
            "url": base + story.get_absolute_url(),
            "publish_overrides": [
                {"channel": o.channel, "set_by": o.set_by, "generated_bullets": o.generated_bullets, "at": o.at.isoformat()}
                for o in story.publish_overrides.all()
            ],
        }
