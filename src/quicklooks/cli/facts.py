"""`quicklooks facts`: who said what, the figures and the names in one story."""

from __future__ import annotations

import json
import re
import sys

import click

from quicklooks.text.facts import Facts, extract_facts, facts_to_dict
from quicklooks.text.storyformat import StoryFormatError, decode_story_bytes, parse_story

_UNIT_KINDS = frozenset(["distance", "weight", "area", "speed", "temperature", "power", "volume"])
_DEEP_LOOK = re.compile(r"^Deep Look\s*:", re.IGNORECASE | re.MULTILINE)


@click.command("facts")
@click.argument("path", metavar="PATH|-")
@click.option("--json", "as_json", is_flag=True, help="Print the facts as JSON (quotes, figures, people, places, organizations).")
def facts(path: str, as_json: bool) -> None:
    """Print the quotes, figures, people, places and organisations in a story.

    PATH is a story in the outlet's text format, whose Deep Look is read, or
    a plain text file, read whole. Use - to read from standard input. Quote
    offsets point into the text that was read.
    """
    text = _read_text(path)
    found = extract_facts(text)
    if as_json:
        click.echo(json.dumps(facts_to_dict(found), ensure_ascii=False, indent=2))
    else:
        click.echo(render_facts(found))


def _read_text(path: str) -> str:
    name = "<stdin>" if path == "-" else path
    try:
        data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    except OSError as exc:
        raise click.ClickException(f"{name}: cannot read the file ({exc.strerror}). Check the path and try again.")
    try:
        text = decode_story_bytes(data, name=name).replace("\r\n", "\n").replace("\r", "\n")
        if _DEEP_LOOK.search(text):
            return parse_story(text, name=name).deep_look_text()
        return text
    except StoryFormatError as exc:
        raise click.ClickException(str(exc))


def render_facts(found: Facts) -> str:
    """The human-readable report: one section per kind of fact."""
    lines = ["Who said what"]
    if not found.quotes:
        lines.append("  (no quotes)")
    for q in found.quotes:
        speaker = q.speaker or "unknown"
        medium = f" (to {q.medium})" if q.medium else ""
        lines.append(f"  {speaker}{medium}, {q.kind}: “{q.text}”")
    lines += ["", "By the numbers"]
    if not found.figures:
        lines.append("  (no figures)")
    for f in found.figures:
        value = f"{f.value:,}" + (f"–{f.upper:,}" if f.upper is not None else "")
        # "200 km", "7 votes in favour", "157 strike and decoy drones": no word twice.
        counts = f.counts if f.counts and f.counts not in _UNIT_KINDS else None
        unit = None if (f.unit and counts and f.unit in counts) else f.unit
        what = " ".join(part for part in (unit, counts) if part)
        claim = f" — according to {f.claimed_by}" if f.claimed_by else ""
        lines.append(f"  {value} {what}{claim}".rstrip())
    lines += ["", "People"]
    lines += [f"  {p.name}" + (f", {p.role}" if p.role else "") for p in found.people] or ["  (none)"]
    lines += ["", "Places"]
    lines += [
        f"  {p.name}" + (f", {p.country}" if p.country and p.country != p.name else "")
        + (f" ({p.lat:.2f}, {p.lon:.2f})" if p.lat is not None else "")
        for p in found.places
    ] or ["  (none)"]
    lines += ["", "Organisations"]
    lines += [f"  {o.name}" for o in found.organizations] or ["  (none)"]
    return "\n".join(lines)
