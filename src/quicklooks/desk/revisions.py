"""Snapshots of a story: taken on every save, compared as diffs, restored on request."""

from __future__ import annotations

import difflib

from django.db import transaction
from django.db.models import Max

from quicklooks.desk.models import Revision
from quicklooks.stories.importing import get_or_create_named
from quicklooks.stories.models import Author, BodyBlock, Byline, QuickLook, Section, Show, Story, Tag

FIELDS = ("headline", "outlet", "dateline", "standfirst", "quick_looks_label", "deep_look_headline", "deep_look_dateline")


def snapshot(story: Story) -> dict:
    """Everything an editor can change, as plain JSON."""
    return {
        **{name: getattr(story, name) for name in FIELDS},
        "status": story.status,
        "section": story.section.name if story.section_id else "",
        "show": story.show.name if story.show_id else "",
        "tags": sorted(tag.name for tag in story.tags.all()),
        "bylines": [b.author.name for b in story.bylines.select_related("author")],
        "quick_looks": [_bullet(q) for q in story.quick_looks.order_by("position")],
        "blocks": [{"kind": b.kind, "text": b.text, "items": list(b.items)} for b in story.blocks.order_by("position")],
    }


def _bullet(q: QuickLook) -> dict:
    bullet = {"text": q.text, "origin": q.origin, "sources": q.sources}
    if q.confidence is not None:
        # Only the engine's bullets have one; leaving the key out otherwise keeps older snapshots comparable.
        bullet["confidence"] = q.confidence
    return bullet


def readable(snap: dict) -> list[str]:
    """The snapshot as lines a person can read in a diff."""
    lines = [f"{name.replace('_', ' ').capitalize()}: {snap.get(name, '')}" for name in FIELDS]
    lines += [
        f"Status: {snap.get('status', '')}",
        f"Section: {snap.get('section', '')}",
        f"Show: {snap.get('show', '')}",
        f"Tags: {', '.join(snap.get('tags', []))}",
        f"Bylines: {', '.join(snap.get('bylines', []))}",
        "",
        "Quick Looks:",
    ]
    lines += [f"  - {q['text']}" + (" [generated]" if q["origin"] == "generated" else "") for q in snap.get("quick_looks", [])]
    lines += ["", "Deep Look:"]
    for block in snap.get("blocks", []):
        if block["kind"] == "list":
            lines += [f"  * {item}" for item in block["items"]]
        elif block["kind"] == "subhead":
            lines.append(f"  ## {block['text']}")
        else:
            lines.append(f"  {block['text']}")
    return lines


def changed_parts(before: dict | None, after: dict) -> list[str]:
    if before is None:
        return ["everything"]
    return [key for key in after if before.get(key) != after.get(key)]


def diff(before: dict | None, after: dict) -> list[str]:
    return list(
        difflib.unified_diff(readable(before) if before else [], readable(after), "before", "after", lineterm="", n=2)
    )[2:]


def latest(story: Story) -> Revision | None:
    return story.revisions.order_by("-number").first()


def record(story: Story, *, user=None, action: str = "saved") -> Revision:
    """Keep a revision of ``story`` as it is now (call inside the save's transaction)."""
    previous = latest(story)
    snap = snapshot(story)
    number = (story.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    return Revision.objects.create(
        story=story,
        number=number,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        changed=changed_parts(previous.snapshot if previous else None, snap),
        snapshot=snap,
    )


def ensure_base(story: Story) -> Revision:
    """A story that arrived by import or ingest gets revision 1, "as it arrived", when first opened."""
    with transaction.atomic():
        return latest(story) or record(story, action="arrived")


def apply(story: Story, snap: dict) -> None:
    """Make ``story`` match ``snap`` (status aside); saves the story so cache signals fire."""
    for name in FIELDS:
        setattr(story, name, snap.get(name, ""))
    story.section = get_or_create_named(Section, snap["section"]) if snap.get("section") else None
    story.show = get_or_create_named(Show, snap["show"]) if snap.get("show") else None
    story.save()
    story.tags.set([get_or_create_named(Tag, name) for name in snap.get("tags", [])])
    story.bylines.all().delete()
    Byline.objects.bulk_create(
        Byline(story=story, author=get_or_create_named(Author, name), position=i) for i, name in enumerate(dict.fromkeys(snap.get("bylines", [])))
    )
    story.quick_looks.all().delete()
    QuickLook.objects.bulk_create(
        QuickLook(
            story=story,
            position=i,
            text=q["text"][:400],
            origin=q.get("origin", "human"),
            sources=q.get("sources", []),
            confidence=q.get("confidence") if q.get("origin") == "generated" else None,
        )
        for i, q in enumerate(snap.get("quick_looks", []))
    )
    story.blocks.all().delete()
    BodyBlock.objects.bulk_create(
        BodyBlock(story=story, position=i, kind=b["kind"], text=b.get("text", ""), items=b.get("items", []))
        for i, b in enumerate(snap.get("blocks", []))
    )


def restore(story: Story, revision: Revision, *, user=None) -> Revision:
    with transaction.atomic():
        apply(story, revision.snapshot)
        return record(story, user=user, action=f"restored revision {revision.number}")
