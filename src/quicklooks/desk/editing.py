"""The story editor's form: read what the editor sent into a snapshot, and show bullets with their sources.

The form works without JavaScript: bullets and blocks are numbered rows with
a position box (to reorder), a text box (to rewrite) and a delete tick; one
empty row adds a bullet or a block.

Each bullet row carries its own signed state (who wrote it and the sentences
it was traced to), so a form the server refused and showed again (warnings to
tick, a conflict, a mistake) is read back row by row as the editor left it:
bullets added, removed or reordered in the refused save are still there on the
next one, and nothing is paired with the wrong stored bullet. A bullet whose
text was changed is traced again on save: it keeps the sentence that states
it, or, when none does, no source at all ("written by an editor").
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field

from django.core import signing

from quicklooks.desk import revisions, tracing
from quicklooks.stories.models import Section, Show, Story
from quicklooks.text import story as text_story
from quicklooks.text.storyformat import split_authors
from quicklooks.text.sentences import split_sentences
from quicklooks.text.verification import check_bullet

MAX_BULLET = 400
LOW_CONFIDENCE = 0.5
"""A machine-written bullet the engine is less than half sure of is marked "low confidence" (the midpoint of its 0-1 scale, not tuned)."""
MAX_BULLET_ROWS = 200
"""More bullet rows than a form could sensibly hold: a tampered count is not believed."""
_STATE_SALT = "quicklooks.desk.bullet-state"


@dataclass
class BulletRow:
    index: int
    text: str
    origin: str
    sources: list[dict]
    excerpts: list[tuple[str, str, str]] = field(default_factory=list)  # (before, source sentence, after)
    problems: list[tracing.BulletWarning] = field(default_factory=list)
    likely: bool = False  # the excerpts are the likely source found in the Deep Look, not stored spans
    state: str = ""  # signed origin and sources, sent back with the form
    unsupported: bool = False  # no sentence in the Deep Look states it: written by an editor
    confidence: float | None = None  # the engine's, for its own bullets

    @property
    def low_confidence(self) -> bool:
        return self.machine_written and self.confidence is not None and self.confidence < LOW_CONFIDENCE

    @property
    def machine_written(self) -> bool:
        return self.origin == "generated"


def deep_look_text_of(blocks: list[dict]) -> str:
    return text_story.Story(
        headline="-",
        blocks=tuple(text_story.Block(kind=b["kind"], text=b.get("text", ""), items=tuple(b.get("items", []))) for b in blocks),
    ).deep_look_text()


def _block_spans(blocks: list[dict]) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for block in blocks:
        length = len(deep_look_text_of([block]))
        spans.append((offset, offset + length))
        offset += length + 2
    return spans


def bullet_rows(snap: dict) -> list[BulletRow]:
    """Each bullet with its source sentences highlighted in their paragraph, and what the editor must check.

    A bullet with stored source spans is shown with those sentences; one written
    or rewritten by hand is checked against them. A bullet with no spans that
    fit (added by hand, or its sentences edited away) is checked against the
    whole Deep Look and shown with the sentence(s) that likely support it.
    """
    text = deep_look_text_of(snap["blocks"])
    block_spans = _block_spans(snap["blocks"])
    sentences = None
    rows = []
    for index, bullet in enumerate(snap["quick_looks"]):
        sources = [s for s in bullet.get("sources", []) if 0 <= s.get("start", -1) < s.get("end", -1) <= len(text)]
        row = BulletRow(index, bullet["text"], bullet.get("origin", "human"), sources, confidence=bullet.get("confidence"))
        row.state = bullet_state(row.text, row.origin, sources, text, row.confidence)
        if sources:
            spans = [(s["start"], s["end"]) for s in sources]
            if row.origin != "generated":
                # Rewritten by hand: names, numbers and quotes must be in its own sentences, its wording in the story.
                backing = [text[start:end] for start, end in spans]
                row.problems = [tracing.from_problem(p, "the source sentence") for p in check_bullet(row.text, backing)]
                row.problems += tracing.unsupported_words(row.text, text)
        else:
            if sentences is None:
                sentences = split_sentences(text)
            row.problems, likely = tracing.check_against_deep_look(row.text, text, sentences)
            spans = [(s.start, s.end) for s in likely]
            row.likely = bool(spans)
            row.unsupported = not spans
        for span_start, span_end in spans:
            for start, end in block_spans:
                if start <= span_start < end:
                    row.excerpts.append((text[start:span_start], text[span_start:span_end], text[span_end:end]))
                    break
        rows.append(row)
    return rows


def warnings_of(rows: list[BulletRow]) -> list[tuple[BulletRow, tracing.BulletWarning]]:
    """Every warning on the Quick Looks, with its bullet, in bullet order."""
    return [(row, problem) for row in rows for problem in row.problems]


def warnings_digest(rows: list[BulletRow]) -> str:
    """A short fingerprint of the bullets and their warnings, so a tick covers only the warnings the editor saw."""
    seen = [[row.text, [p.message for p in row.problems]] for row in rows if row.problems]
    return hashlib.sha256(repr(seen).encode()).hexdigest()[:16] if seen else ""


CHECKED = "checked"
"""How the revision an editor's tick leaves begins; its snapshot is what the tick covered."""


def checked_action(count: int) -> str:
    return f"{CHECKED} {count} Quick Looks warning{'s' if count != 1 else ''}"


def _warning_key(row: BulletRow, problem: tracing.BulletWarning) -> tuple:
    # The evidence shown beside the bullet is part of what the editor weighed: a Deep Look edit
    # that changes it makes the warning a new one, even when its wording is the same.
    return (row.text, problem.message, tuple(sentence for _before, sentence, _after in row.excerpts))


def unchecked_warnings(story: Story, rows: list[BulletRow]) -> list[tuple[BulletRow, tracing.BulletWarning]]:
    """The warnings on ``rows`` that no editor has ticked as checked for this story, in bullet order.

    Ticks are kept as revisions (see ``checked_action``); the warnings each one
    covered are found again from its snapshot, so stories ticked before this
    was written count too.
    """
    warnings = warnings_of(rows)
    if not warnings:
        return []
    checked: set[tuple] = set()
    for snap in story.revisions.filter(action__startswith=CHECKED + " ").values_list("snapshot", flat=True):
        checked |= {_warning_key(row, problem) for row, problem in warnings_of(bullet_rows(snap))}
    return [(row, problem) for row, problem in warnings if _warning_key(row, problem) not in checked]


def _moved_spans(sources: list[dict], old_text: str, new_text: str) -> list[dict]:
    """Keep a bullet's spans pointing at the same sentences after the body was edited; drop any that are gone."""
    if old_text == new_text:
        return sources
    moved = []
    for span in sources:
        sentence = old_text[span["start"] : span["end"]]
        at = new_text.find(sentence) if sentence else -1
        if at >= 0:
            moved.append({**span, "start": at, "end": at + len(sentence)})
    return moved


def _ordered(rows: list[tuple[float, int, dict]]) -> list[dict]:
    return [item for _pos, _i, item in sorted(rows, key=lambda r: (r[0], r[1]))]


def _position(value: str, default: int) -> float:
    try:
        position = float(value)
    except (TypeError, ValueError):
        return float(default)
    # "nan" sorts inconsistently against every other row, so it would shuffle the story at random.
    return position if math.isfinite(position) else float(default)


def form_pk(value) -> int | None:
    """A primary key sent back in a form, or None when it is not one.

    ``str.isdigit`` alone is not enough: it accepts "²" and other Unicode digits
    that ``int`` and the database refuse, which turned a tampered field into a 500.
    """
    value = value if isinstance(value, str) else ""
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


def _block_count(post) -> tuple[int, str | None]:
    """How many Deep Look rows the form holds, and an error if its hidden count was not believable.

    The count comes back from a hidden field, so it can be anything. When it is
    not a number, or claims more rows than the request could carry, the rows
    actually sent are counted instead, so the editor's changes are shown back
    rather than lost, and the save is refused so nothing half-read is stored.
    """
    raw = post.get("block-count", "")
    if raw == "":
        return 0, None
    count = form_pk(raw.strip())
    if count is not None and count <= len(post):
        return count, None
    sent = 0
    while sent < len(post) and f"block-{sent}-text" in post:
        sent += 1
    shown = raw if len(raw) <= 20 else raw[:20] + "…"
    return sent, (
        f"Deep Look: the form's hidden block count was “{shown}”, which is not a number of blocks, so nothing was saved. "
        f"The {sent} block{'s' if sent != 1 else ''} the form sent are shown below; check them and save again."
    )


def snapshot_from_post(story: Story, post) -> tuple[dict, list[str]]:
    """The story as the editor's form describes it, and the problems that stop it being saved."""
    current = revisions.snapshot(story)
    errors: list[str] = []
    snap = dict(current)
    for name in revisions.FIELDS:
        if name in post:
            snap[name] = " ".join(post.get(name, "").split()) if name != "standfirst" else post.get(name, "").strip()
    if not snap["headline"]:
        errors.append("Headline: write a headline; a story cannot be saved without one.")
    limits = {"headline": 300, "outlet": 120, "dateline": 120, "quick_looks_label": 120, "deep_look_headline": 300, "deep_look_dateline": 120}
    for name, limit in limits.items():
        if len(snap[name]) > limit:
            errors.append(f"{name.replace('_', ' ').capitalize()}: at most {limit} characters (this has {len(snap[name])}).")

    for name, model in (("section", Section), ("show", Show)):
        chosen = post.get(name, "")
        pk = form_pk(chosen)
        snap[name] = (model.objects.filter(pk=pk).values_list("name", flat=True).first() or "") if pk is not None else ""
        if chosen and not snap[name]:
            # Saving would quietly take the story out of its section; say so instead.
            errors.append(f"{name.capitalize()}: the one chosen no longer exists. Pick another, or choose “No {name}”.")
    snap["tags"] = sorted({" ".join(t.split())[:80] for t in post.get("tags", "").split(",") if t.strip()})
    snap["bylines"] = list(split_authors(" ".join(post.get("bylines", "").split()))) if post.get("bylines", "").strip() else []

    # Deep Look blocks.
    block_rows = []
    block_count, count_error = _block_count(post)
    if count_error:
        errors.append(count_error)
    for i in range(block_count):
        if post.get(f"block-{i}-delete"):
            continue
        kind = post.get(f"block-{i}-kind", "paragraph")
        body = post.get(f"block-{i}-text", "")
        block_rows.append((_position(post.get(f"block-{i}-position"), i), i, _block(kind, body)))
    if post.get("block-new-text", "").strip():
        block_rows.append((_position(post.get("block-new-position"), 10**6), 10**6, _block(post.get("block-new-kind", "paragraph"), post["block-new-text"])))
    snap["blocks"] = [b for b in _ordered(block_rows) if b["text"] or b["items"]]
    if not snap["blocks"]:
        errors.append("Deep Look: the story needs at least one paragraph.")

    old_text = deep_look_text_of(current["blocks"])
    new_text = deep_look_text_of(snap["blocks"])

    # Quick Looks bullets: each row as the form describes it (see the module's docstring).
    bullet_rows_in = []
    sentences = None
    stored_bullets = current["quick_looks"]
    for i in range(_bullet_count(post, len(stored_bullets))):
        if post.get(f"ql-{i}-delete") or f"ql-{i}-text" not in post:
            continue
        text = " ".join(post.get(f"ql-{i}-text", "").split())
        if not text:
            continue
        if len(text) > MAX_BULLET:
            errors.append(f"Quick Looks bullet {i + 1}: at most {MAX_BULLET} characters (this has {len(text)}).")
        text = text[:MAX_BULLET]
        state = read_bullet_state(post.get(f"ql-{i}-state"))
        confidence = None
        if state is not None:
            was, origin, sources = state["t"], state["o"], _found_spans(state["s"], new_text)
            confidence = state.get("c") if isinstance(state.get("c"), (int, float)) else None
        elif f"ql-{i}-state" not in post and i < len(stored_bullets):
            # A form from before rows carried their state: row i is stored bullet i.
            stored = stored_bullets[i]
            was, origin, sources = stored["text"], stored["origin"], _moved_spans(stored.get("sources", []), old_text, new_text)
            confidence = stored.get("confidence")
        else:
            was, origin, sources = None, "human", []
        if text != was:
            # Rewritten by hand: a person's bullet now, traced again to the sentence that states it, if one does.
            if sentences is None:
                sentences = split_sentences(new_text)
            origin, sources, confidence = "human", retrace(text, new_text, sentences), None
        bullet = {"text": text, "origin": origin, "sources": sources}
        if origin == "generated" and confidence is not None:
            bullet["confidence"] = confidence
        bullet_rows_in.append((_position(post.get(f"ql-{i}-position"), i), i, bullet))
    new_bullet = " ".join(post.get("ql-new-text", "").split())
    if new_bullet:
        if sentences is None:
            sentences = split_sentences(new_text)
        sources = retrace(new_bullet[:MAX_BULLET], new_text, sentences)
        bullet_rows_in.append((_position(post.get("ql-new-position"), 10**6), 10**6, {"text": new_bullet[:MAX_BULLET], "origin": "human", "sources": sources}))
    snap["quick_looks"] = _ordered(bullet_rows_in)
    return snap, errors


def _bullet_count(post, stored: int) -> int:
    """How many bullet rows the form holds: its own count, else (an older form) the stored bullets."""
    count = form_pk(post.get("ql-count", "").strip()) if "ql-count" in post else None
    if count is None:
        return stored
    return min(count, MAX_BULLET_ROWS)


def bullet_state(text: str, origin: str, sources: list[dict], deep_look: str, confidence: float | None = None) -> str:
    """The signed state a bullet row sends back: its text as it stands, who wrote it, the engine's confidence, and its sentences (quoted, so they are found again after edits)."""
    spans = [{**span, "q": deep_look[span["start"] : span["end"]]} for span in sources]
    return signing.dumps({"t": text, "o": origin, "s": spans, "c": confidence}, salt=_STATE_SALT, compress=True)


def read_bullet_state(value) -> dict | None:
    """A row's state, or None when it is missing or was not made by us (then the bullet counts as typed by hand)."""
    if not value or not isinstance(value, str) or len(value) > 20_000:
        return None
    try:
        state = signing.loads(value, salt=_STATE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(state, dict) or state.get("o") not in ("human", "generated") or not isinstance(state.get("s"), list):
        return None
    return state


def _found_spans(spans: list[dict], deep_look: str) -> list[dict]:
    """The bullet's sentences found again in the Deep Look as it now stands; those edited away are dropped."""
    found = []
    for span in spans:
        quote = span.get("q", "")
        at = deep_look.find(quote) if quote else -1
        if at >= 0:
            found.append({key: value for key, value in span.items() if key != "q"} | {"start": at, "end": at + len(quote)})
    return found


def retrace(text: str, deep_look: str, sentences) -> list[dict]:
    """Spans of the sentence(s) that state a bullet written or rewritten by hand, or none.

    Only a bullet the checks pass (its numbers, names, quotes and words all in
    the Deep Look, and sentences that state it) is linked; anything else is
    stored with no source, so the page never points at a sentence that does not
    support it, and the desk shows the bullet as written by an editor.
    """
    problems, likely = tracing.check_against_deep_look(text, deep_look, sentences)
    if problems or not likely:
        return []
    return [{"sentence": s.index, "start": s.start, "end": s.end} for s in likely]


def _block(kind: str, body: str) -> dict:
    if kind not in ("paragraph", "subhead", "list"):
        kind = "paragraph"
    if kind == "list":
        items = [" ".join(line.lstrip("-*• ").split()) for line in body.splitlines()]
        return {"kind": "list", "text": "", "items": [item for item in items if item]}
    return {"kind": kind, "text": " ".join(body.split()), "items": []}
