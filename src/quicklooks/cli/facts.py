"""`quicklooks facts`: who said what, the figures and the names in one story.

Reads a story file (or plain text) and prints its facts, or, with
``--rebuild``, extracts the facts of every stored story again. The text core
is imported inside the command so `quicklooks --help` stays fast.
"""

from __future__ import annotations

import json

import click

from quicklooks.cli.textinput import read_deep_look

_UNIT_KINDS = frozenset(["distance", "weight", "area", "speed", "temperature", "power", "volume"])


@click.command("facts")
@click.argument("path", metavar="[PATH|-]", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the facts as JSON (quotes, figures, people, places, organizations).")
@click.option(
    "--rebuild",
    is_flag=True,
    help="Instead of reading PATH, extract the facts of every stored story again, one transaction per story.",
)
@click.option("--force", is_flag=True, help="With --rebuild: extract even stories whose Deep Look has not changed.")
@click.option("--quiet", "-q", is_flag=True, help="With --rebuild: no progress bar, only the summary.")
def facts(path: str | None, as_json: bool, rebuild: bool, force: bool, quiet: bool) -> None:
    """Print the quotes, figures, people, places and organisations in a story.

    PATH is a story in the outlet's text format, whose Deep Look is read, a
    saved web page, whose article is read, or a plain text file, read whole.
    Use - to read from standard input. Quote
    offsets point into the text that was read.

    With --rebuild (and no PATH), the facts the site shows are extracted again
    for every stored story; stories whose Deep Look is unchanged are skipped
    unless --force is given.
    """
    if rebuild:
        if path is not None or as_json:
            raise click.UsageError("--rebuild works on the stored stories; give it no PATH and no --json.")
        _rebuild(force=force, quiet=quiet)
        return
    if path is None:
        raise click.UsageError("Give a PATH (a story file, a text file or - for standard input), or --rebuild.")
    if force or quiet:
        raise click.UsageError("--force and --quiet only go with --rebuild.")
    from quicklooks.text.facts import extract_facts, facts_to_dict

    found = extract_facts(read_deep_look(path))
    if as_json:
        click.echo(json.dumps(facts_to_dict(found), ensure_ascii=False, indent=2))
    else:
        click.echo(render_facts(found))


def _rebuild(*, force: bool, quiet: bool) -> None:
    from quicklooks.bootstrap import setup_django

    setup_django()
    from tqdm import tqdm

    from quicklooks.facts.storing import rebuild_all

    counts = rebuild_all(force=force, progress=lambda ids: tqdm(ids, unit="story", desc="Extracting facts", disable=quiet))
    click.echo(f"{counts['extracted']} stories extracted, {counts['unchanged']} unchanged, {counts['failed']} failed.")
    if counts["failed"]:
        raise click.ClickException("Some stories' facts could not be extracted; the log above names them.")


def render_facts(found) -> str:
    """The human-readable report: one section per kind of fact."""
    lines = ["Who said what"]
    if not found.attributions:
        lines.append("  (no quotes)")
    media = {(q.start, q.end): q.medium for q in found.quotes}
    for a in found.attributions:
        speaker = a.speaker or "unknown"
        if a.kind == "direct":
            medium = media.get((a.start, a.end))
            medium = f" (to {medium})" if medium else ""
            lines.append(f"  {speaker}{medium}, {a.form}: “{a.text}”")
        else:
            # Indirect speech is the writer's wording, never shown in quotation marks.
            lines.append(f"  {speaker}, paraphrase: {' '.join(a.text.split())}")
    lines += ["", "By the numbers"]
    # A bare number ("151,000 —") tells a reader nothing: a row needs what it counts or its unit.
    shown = [f for f in found.figures if f.counts or f.unit]
    if not shown:
        lines.append("  (no figures)")
    for f in shown:
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
