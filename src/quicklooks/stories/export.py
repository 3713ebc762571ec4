"""Any story out of the site: in the outlet's text format, as Markdown, or as JSON.

The text format round-trips: ``parse_story(export_text(story))`` gives back
the story that was imported, so an export can be edited and imported again.
"""

from __future__ import annotations

import json
import re

from typing import Callable

from quicklooks.stories.metadata import absolute
from quicklooks.stories.models import Story
from quicklooks.text.characters import clean_controls
from quicklooks.text.storyformat import write_story

FORMATS = {
    "txt": ("text/plain; charset=utf-8", "the outlet's text format"),
    "md": ("text/markdown; charset=utf-8", "Markdown"),
    "json": ("application/json; charset=utf-8", "JSON"),
}


def export_text(story: Story) -> str:
    return write_story(story.to_text_story())


_LINE_START = re.compile(r"^(\d*)([-+=|~!.)])")


def _md_escape(text: str) -> str:
    """Story text as Markdown that shows it literally, whatever the renderer.

    ``<``, ``>`` and ``&`` become character references rather than backslash
    escapes: CommonMark honours ``\\<`` but other renderers (Python-Markdown
    among them) do not, and would pass a story's ``<script>`` through as HTML.
    Every field is one line, so stored text cannot start a block of its own,
    and a line-start marker (list, heading underline, table, fence) is escaped.
    """
    text = " ".join(clean_controls(text or "").split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in ("\\", "*", "_", "`", "[", "]", "#"):
        text = text.replace(char, "\\" + char)
    # "- ", "1. ", "= " ... at the start would make a list, a heading or a table.
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def export_markdown(story: Story) -> str:
    lines = [f"# {_md_escape(story.headline)}", ""]
    meta = [story.outlet, story.dateline, ", ".join(b.author.name for b in story.bylines.all())]
    if story.show:
        meta.append(story.show.name)
    if story.published_at:
        meta.append(story.published_at.date().isoformat())
    lines += ["*" + " · ".join(_md_escape(part) for part in meta if part) + "*", ""]
    if story.standfirst:
        lines += [_md_escape(story.standfirst), ""]
    bullets = list(story.quick_looks.all())
    if bullets:
        label = f"{story.quick_looks_label}: Quick Looks" if story.quick_looks_label else "Quick Looks"
        lines += [f"## {_md_escape(label)}", ""] + [f"- {_md_escape(b.text)}" for b in bullets] + [""]
    lines += [f"## Deep Look: {_md_escape(story.deep_look_headline or story.headline)}", ""]
    for block in story.blocks.all():
        if block.kind == "subhead":
            lines += [f"### {_md_escape(block.text)}", ""]
        elif block.kind == "list":
            lines += [f"- {_md_escape(str(item))}" for item in block.items] + [""]
        else:
            lines += [_md_escape(block.text), ""]
    lines += [f"Source: <{absolute(story.get_absolute_url())}>", ""]
    return "\n".join(lines)


def story_record(story: Story) -> dict:
    """The story as JSON-ready data: what the export and the API's story detail share."""
    record = {
        "slug": story.slug,
        "url": absolute(story.get_absolute_url()),
        "headline": story.headline,
        "outlet": story.outlet,
        "dateline": story.dateline,
        "deep_look_dateline": story.deep_look_dateline,
        "standfirst": story.standfirst,
        "section": story.section.slug if story.section else None,
        "show": story.show.slug if story.show else None,
        "authors": [byline.author.name for byline in story.bylines.all()],
        "tags": [tag.name for tag in story.tags.all()],
        "published_at": story.published_at.isoformat() if story.published_at else None,
        "updated_at": story.updated_at.isoformat() if story.updated_at else None,
        "quick_looks_label": story.quick_looks_label,
        "quick_looks": [
            {"text": bullet.text, "origin": bullet.origin, "sources": bullet.sources} for bullet in story.quick_looks.all()
        ],
        "deep_look_headline": story.deep_look_headline or story.headline,
        "deep_look": [
            {"kind": block.kind, "text": block.text, "items": list(block.items)} for block in story.blocks.all()
        ],
    }
    for part in _record_parts:
        record.update(part(story))
    return record


_record_parts: list[Callable[[Story], dict]] = []


def register_record_part(part: Callable[[Story], dict]) -> None:
    """Add fields to every story record (the JSON export and the API's story detail).

    ``part(story)`` returns the fields to add. Call it from ``AppConfig.ready()``:
    downstream apps (facts adds quotes and figures) plug in this way, so
    ``stories`` never imports them.
    """
    if part not in _record_parts:
        _record_parts.append(part)


def export_json(story: Story) -> str:
    return json.dumps(story_record(story), ensure_ascii=False, indent=2) + "\n"


def export(story: Story, fmt: str) -> str:
    if fmt == "txt":
        return export_text(story)
    if fmt == "md":
        return export_markdown(story)
    if fmt == "json":
        return export_json(story)
    raise ValueError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
