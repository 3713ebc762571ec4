"""The desk's screens: inbox, story editor, revisions, corrections, sources."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from quicklooks.accounts.roles import REPORTER, role_required
from quicklooks.api.models import PROVENANCE_METHOD, Posting
from quicklooks.desk import editing, revisions, workflow
from quicklooks.desk.models import Correction, EditSession, Revision, Schedule
from quicklooks.desk.permissions import can_edit, can_publish
from quicklooks.ingest.models import Source
from quicklooks.stories import images
from quicklooks.stories.models import Section, Show, Story

desk_only = role_required(REPORTER)
EDITING_WINDOW = timedelta(minutes=15)
"""Someone who opened or saved a story this recently is taken to be still editing it."""


@desk_only
def inbox(request):
    stories = (
        Story.objects.select_related("section", "provenance__source")
        .annotate(
            bullets=Count("quick_looks", distinct=True),
            machine_bullets=Count("quick_looks", filter=Q(quick_looks__origin="generated"), distinct=True),
            copies=Count("duplicate_links", distinct=True),
        )
        .order_by("-updated_at")
    )
    # The inbox opens on what waits for an editor: stories sent for review and
    # stories whose Quick Looks the engine wrote (the review gate).
    status = request.GET.get("status", Story.Status.REVIEW)
    if status in Story.Status.values:
        stories = stories.filter(status=status)
    elif status == "open":
        stories = stories.exclude(status=Story.Status.PUBLISHED)
    elif status == "needs_alt":
        # Pictures ingest kept without the page giving alt text (or uploaded without it): none can be published yet.
        stories = stories.exclude(image="").filter(image_alt="")
    elif status != "all":
        status = Story.Status.REVIEW
        stories = stories.filter(status=status)
    source = request.GET.get("source", "")
    if source == "none":
        stories = stories.filter(provenance__isnull=True)
    elif source == "api":
        stories = stories.filter(provenance__method=PROVENANCE_METHOD)
    elif editing.form_pk(source) is not None:
        stories = stories.filter(provenance__source_id=editing.form_pk(source))
    section = request.GET.get("section", "")
    if section == "none":
        stories = stories.filter(section__isnull=True)
    elif editing.form_pk(section) is not None:
        stories = stories.filter(section_id=editing.form_pk(section))
    query = request.GET.get("q", "").strip()
    if query:
        stories = stories.filter(Q(headline__icontains=query) | Q(standfirst__icontains=query))
    page = Paginator(stories, 30).get_page(request.GET.get("page"))
    # A scheduled story is still "In review" in the database; the inbox says when it goes out instead.
    page.object_list = list(page.object_list)
    pending = {entry.story_id: entry for entry in Schedule.objects.filter(story__in=page.object_list, done_at__isnull=True)}
    posted = _api_arrivals(page.object_list)
    for story in page.object_list:
        story.pending_schedule = pending.get(story.pk)
        story.api_posting = posted.get(story.pk)
    return render(
        request,
        "desk/inbox.html",
        {
            "page": page,
            "statuses": Story.Status.choices,
            "sources": Source.objects.all(),
            "sections": Section.objects.all(),
            "filters": {"status": status, "source": source, "section": section, "q": query},
            "querystring": _without_page(request),
        },
    )


def _api_arrivals(stories) -> dict[int, Posting]:
    """The API posting that created each story, if one did: the token stands where an ingested story shows its source."""
    postings = Posting.objects.filter(story__in=stories, outcome=Posting.Outcome.CREATED).order_by("-posted_at", "-pk")
    return {posting.story_id: posting for posting in postings}


def _without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@desk_only
def new_story(request):
    """A reporter writes a story: headline and body (the outlet's text format also works)."""
    from quicklooks.stories.library import crash_safe_quick_looks_writer as quick_looks_writer
    from quicklooks.stories.importing import import_story, unique_slug
    from quicklooks.text.storyformat import StoryFormatError, escape_meta_field, parse_story

    errors = []
    if request.method == "POST":
        headline = " ".join(request.POST.get("headline", "").split())
        body = request.POST.get("body", "").strip()
        if not headline:
            errors.append("Headline: write a headline.")
        if len(body.split()) < 5:
            errors.append("Story: write at least a paragraph (five words or more).")
        if not errors:
            try:
                # The headline is one field of a meta line here: a "/ " in it is written escaped, as the writer does.
                parsed = parse_story(f"{escape_meta_field(headline)}\n\nDeep Look: {headline}\n{body}\n", name="the story box")
            except StoryFormatError as error:
                errors.append(f"Story: {error}")
            else:
                with transaction.atomic():
                    # A reporter's own story stays a draft while they write it; it goes to review when they send it.
                    result = import_story(
                        parsed, source=f"desk:{unique_slug(headline)}", publish=False, quick_looks_writer=quick_looks_writer(), hold_generated=False
                    )
                    revisions.record(result.story, user=request.user, action="written")
                messages.success(request, "Story created as a draft. Check its Quick Looks, then send it for review.")
                return redirect("desk:story", pk=result.story.pk)
    return render(request, "desk/new_story.html", {"errors": errors, "form": request.POST})


def editor_page(request, story, *, errors=(), image_form=None, status=200):
    """The editor as stored, with ``errors`` from one of its side forms (the lead image) shown at the top."""
    context = _editor_context(request, story, revisions.snapshot(story), base=revisions.ensure_base(story), errors=errors)
    if image_form is not None:
        context["image_form"] = image_form
    return render(request, "desk/editor.html", context, status=status)


def _editor_context(request, story, snap, *, base, errors=(), conflict=None):
    others = (
        EditSession.objects.filter(story=story, last_seen__gte=timezone.now() - EDITING_WINDOW)
        .exclude(user=request.user)
        .select_related("user")
    )
    schedule = getattr(story, "schedule", None)
    bullets = editing.bullet_rows(snap)
    warnings = editing.warnings_of(bullets)
    return {
        "story": story,
        "snap": snap,
        "bullets": bullets,
        "machine_written": sum(1 for row in bullets if row.machine_written),
        "confidence_known": any(row.confidence is not None for row in bullets if row.machine_written),
        "low_confidence": editing.LOW_CONFIDENCE,
        "overrides": story.publish_overrides.all(),
        "bullet_warnings": warnings,
        # Only asked for on a story readers see (or are about to) without publishing it again.
        "unchecked_warnings": editing.unchecked_warnings(story, bullets) if warnings and _is_out(story) else [],
        "warnings_digest": editing.warnings_digest(bullets),
        "blocks": list(enumerate(snap["blocks"])),
        "base": base,
        "errors": errors,
        "conflict": conflict,
        "others": others,
        "sections": Section.objects.all(),
        "shows": Show.objects.all(),
        "can_publish": can_publish(request.user),
        "can_edit": can_edit(request.user, story),
        "schedule": schedule if schedule and schedule.pending else None,
        "corrections": story.corrections.all(),
        "provenance": getattr(story, "provenance", None),
        "api_postings": _api_postings(story),
        "api_method": PROVENANCE_METHOD,
        "duplicates": story.duplicate_links.select_related("source")[:20],
        "revision_count": story.revisions.count(),
        "default_publish_at": timezone.localtime(timezone.now() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "image_form": {"image_alt": story.image_alt, "image_caption": story.image_caption, "image_credit": story.image_credit},
        "max_image_bytes": images.MAX_BYTES,
    }


def _api_postings(story) -> list[Posting]:
    """The first and the latest time the story was posted through the API (one entry when they are the same)."""
    postings = story.api_postings.select_related("token")
    first, last = postings.first(), postings.last()
    if first is None:
        return []
    return [first] if last.pk == first.pk else [first, last]


def _touch(story, user):
    EditSession.objects.update_or_create(story=story, user=user, defaults={"last_seen": timezone.now()})


@desk_only
def story_editor(request, pk):
    story = get_object_or_404(Story.objects.select_related("section", "show"), pk=pk)
    base = revisions.ensure_base(story)
    if request.method != "POST":
        _touch(story, request.user)
        return render(request, "desk/editor.html", _editor_context(request, story, revisions.snapshot(story), base=base))

    action = request.POST.get("action", "save")
    if not can_edit(request.user, story):
        raise PermissionDenied("Published stories are edited by editors. Ask an editor, or suggest a correction.")
    if action in ("publish", "schedule", "unpublish", "cancel_schedule") and not can_publish(request.user):
        raise PermissionDenied("Only editors publish, schedule and unpublish. Send the story for review instead.")

    if action == "regenerate":
        from quicklooks.desk.tasks import regenerate_quick_looks

        # The same task the worker runs, executed here so the editor sees the result at once.
        was_live = story.status == Story.Status.PUBLISHED
        written = regenerate_quick_looks.apply(args=[story.pk, request.user.pk]).get()
        if written:
            messages.success(request, f"Quick Looks regenerated: {written} bullets from the current Deep Look.")
            if was_live:
                messages.warning(request, "The story is off the site until an editor reads the new bullets and approves it.")
        else:
            messages.warning(request, "The engine found nothing to state in this Deep Look; the bullets were kept.")
        return redirect("desk:story", pk=story.pk)

    snap, errors = editing.snapshot_from_post(story, request.POST)
    latest = revisions.latest(story)
    submitted_base = request.POST.get("base_revision", "")
    conflict = None
    if latest and submitted_base != str(latest.pk) and not request.POST.get("overwrite"):
        base_revision = Revision.objects.filter(pk=editing.form_pk(submitted_base) or 0, story=story).first()
        conflict = {
            "latest": latest,
            "diff": revisions.diff(base_revision.snapshot if base_revision else None, latest.snapshot),
        }
        errors = [*errors]
    if errors or conflict:
        context = _editor_context(request, story, snap, base=latest if conflict else base, errors=errors, conflict=conflict)
        return render(request, "desk/editor.html", context, status=409 if conflict else 400)

    when = None
    if action == "schedule":
        try:
            when = parse_datetime(request.POST.get("publish_at", ""))
        except ValueError:  # well formed but impossible, e.g. month 13
            when = None
        if when is None:
            errors = ["Publish at: give a date and time, e.g. 2026-12-01 09:30."]
            return render(request, "desk/editor.html", _editor_context(request, story, snap, base=base, errors=errors), status=400)
        if timezone.is_naive(when):
            when = timezone.make_aware(when)

    acknowledged, refusal = None, None
    if action in ("publish", "schedule"):
        refusal, acknowledged = _unacknowledged_warnings(request.POST, editing.bullet_rows(snap), "Not scheduled" if action == "schedule" else "Not published")
    elif _stays_out(story, action):
        refusal, acknowledged = _unchecked_going_out(request, story, editing.bullet_rows(snap), "Not saved")
    refusals = [refusal] if refusal else []
    if action in ("publish", "schedule") and story.image_needs_alt:
        # Said at once with any Quick Looks refusal, so the editor fixes both before pressing again.
        refusals.append(f"{'Not scheduled' if action == 'schedule' else 'Not published'}: {workflow.NEEDS_ALT}")
    if refusals:
        return render(request, "desk/editor.html", _editor_context(request, story, snap, base=base, errors=refusals), status=400)

    try:
        with transaction.atomic():
            if snap != revisions.snapshot(story):
                revisions.apply(story, snap)
                revisions.record(story, user=request.user, action="saved")
            if acknowledged:
                # Who vouched for the flagged bullets, kept in the story's history just before it goes out.
                revisions.record(story, user=request.user, action=editing.checked_action(acknowledged))
            if action in ("publish", "schedule") and (approval := _approval(story, snap)):
                revisions.record(story, user=request.user, action=approval)
            if action == "review":
                workflow.send_for_review(story, user=request.user)
            elif action == "publish":
                workflow.publish_now(story, user=request.user)
            elif action == "unpublish":
                workflow.unpublish(story, user=request.user)
            elif action == "schedule":
                workflow.schedule(story, when, user=request.user)
            elif action == "cancel_schedule":
                workflow.cancel_schedule(story, user=request.user)
    except workflow.WorkflowError as error:
        return render(request, "desk/editor.html", _editor_context(request, story, snap, base=base, errors=[str(error)]), status=400)
    _touch(story, request.user)
    story.refresh_from_db()
    done = {
        "save": "Saved.",
        "review": "Sent for review.",
        "publish": "Published.",
        "unpublish": "Unpublished: the story is a draft again and off the site.",
        "schedule": f"Scheduled: the worker publishes it at {timezone.localtime(when):%Y-%m-%d %H:%M %Z}." if when else "",
        "cancel_schedule": "Schedule cancelled.",
    }.get(action, "Saved.")
    messages.success(request, done)
    warnings = [p for row in editing.bullet_rows(revisions.snapshot(story)) for p in row.problems]
    if warnings:
        messages.warning(request, f"{len(warnings)} Quick Looks warning(s): see the bullets marked below.")
    return redirect("desk:story", pk=story.pk)


def _approval(story, snap) -> str:
    """The history entry for an editor letting a story out of review: who (the revision's user) and what they read."""
    machine = sum(1 for bullet in snap["quick_looks"] if bullet.get("origin") == "generated")
    if story.status != Story.Status.REVIEW and not machine:
        return ""
    if machine:
        return f"approved: {machine} machine-written Quick Looks bullet{'s' if machine != 1 else ''} reviewed"
    return "approved"


ACKNOWLEDGE = "I have checked these bullets against the Deep Look"


def _unacknowledged_warnings(post, rows: list[editing.BulletRow], refused: str, problem: str = "") -> tuple[str | None, int]:
    """Refuse to let Quick Looks with warnings reach readers until an editor ticks that they checked them.

    Returns the refusal (None when the story may go out) and how many warnings
    the tick covers. The tick covers only the warnings the editor was shown:
    if this same submission changed the bullets so the warnings changed, they
    are shown again and must be ticked again.
    """
    count = len(editing.warnings_of(rows))
    if not count:
        return None, 0
    what = f"{count} Quick Looks warning{'s' if count != 1 else ''}"
    if not post.get("acknowledge_warnings"):
        return (
            f"{refused}: {problem or f'the Quick Looks have {what}'}. Read each flagged bullet against the Deep Look, fix it or keep it, "
            f"then tick “{ACKNOWLEDGE}” and press the button again.",
            0,
        )
    if post.get("warnings_digest", "") != editing.warnings_digest(rows):
        return (
            f"{refused}: the Quick Looks changed since you ticked “{ACKNOWLEDGE}”, and they now have {what}. "
            "Check the bullets marked below, then tick the box again.",
            0,
        )
    return None, count


def _is_out(story) -> bool:
    """Live, or scheduled to go live with no one else looking at it again."""
    return story.status == Story.Status.PUBLISHED or Schedule.objects.filter(story=story, done_at__isnull=True).exists()


def _stays_out(story, action: str) -> bool:
    """Whether the story is still live or scheduled once this submission is done (publish and schedule are checked apart)."""
    if story.status == Story.Status.PUBLISHED:
        return action != "unpublish"
    return action != "cancel_schedule" and _is_out(story)


def _unchecked_going_out(request, story, rows: list[editing.BulletRow], refused: str) -> tuple[str | None, int]:
    """A save that leaves a live or scheduled story with warnings no editor has checked needs the same tick as publishing.

    Warnings an editor already ticked for this story (when publishing,
    scheduling or saving it) are not asked about again.
    """
    unchecked = editing.unchecked_warnings(story, rows)
    if not unchecked:
        return None, 0
    where = "live" if story.status == Story.Status.PUBLISHED else "scheduled to be published"
    what = f"{len(unchecked)} Quick Looks warning{'s' if len(unchecked) != 1 else ''} no editor has checked"
    if not can_publish(request.user):
        return (
            f"{refused}: this story is {where}, and the Quick Looks would have {what}. "
            "Fix the flagged bullets below so they say only what the Deep Look says, or ask an editor to check them and save the story.",
            0,
        )
    return _unacknowledged_warnings(request.POST, rows, refused, f"this story is {where}, and the Quick Looks would have {what}")


@desk_only
def preview(request, pk):
    """The story as readers will see it, in the public template, before it is published (staff only, never cached)."""
    from quicklooks.stories.views import story_page_context

    story = get_object_or_404(Story.objects.select_related("section", "show"), pk=pk)
    context = story_page_context(story)
    context["preview"] = True
    response = render(request, "stories/story_detail.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@desk_only
def story_revisions(request, pk):
    story = get_object_or_404(Story, pk=pk)
    items = list(story.revisions.select_related("user").order_by("-number"))
    return render(request, "desk/revisions.html", {"story": story, "revisions": items})


def _revision_page(request, story, revision, *, errors=(), status=200):
    previous = story.revisions.filter(number__lt=revision.number).order_by("-number").first()
    lines = revisions.diff(previous.snapshot if previous else None, revision.snapshot)
    bullets = editing.bullet_rows(revision.snapshot)
    # Restoring is a save: on a live or scheduled story it asks for the same tick the editor form does.
    unchecked = editing.unchecked_warnings(story, bullets) if _is_out(story) else []
    context = {
        "story": story,
        "revision": revision,
        "previous": previous,
        "lines": lines,
        "can_edit": can_edit(request.user, story),
        "can_publish": can_publish(request.user),
        "errors": errors,
        "bullet_warnings": editing.warnings_of(bullets) if unchecked else [],
        "unchecked_warnings": unchecked,
        "warnings_digest": editing.warnings_digest(bullets),
    }
    return render(request, "desk/revision.html", context, status=status)


@desk_only
def revision_detail(request, pk, number):
    story = get_object_or_404(Story, pk=pk)
    revision = get_object_or_404(Revision, story=story, number=number)
    return _revision_page(request, story, revision)


@desk_only
@require_POST
def restore_revision(request, pk, number):
    story = get_object_or_404(Story, pk=pk)
    if not can_edit(request.user, story):
        raise PermissionDenied("Published stories are restored by editors.")
    revision = get_object_or_404(Revision, story=story, number=number)
    acknowledged = 0
    if _is_out(story):
        refusal, acknowledged = _unchecked_going_out(request, story, editing.bullet_rows(revision.snapshot), "Not restored")
        if refusal:
            return _revision_page(request, story, revision, errors=[refusal], status=400)
    with transaction.atomic():
        revisions.restore(story, revision, user=request.user)
        if acknowledged:
            revisions.record(story, user=request.user, action=editing.checked_action(acknowledged))
    messages.success(request, f"Restored revision {number}; the story as it was is now the latest revision.")
    return redirect("desk:story", pk=story.pk)


@desk_only
@require_POST
def add_correction(request, pk):
    story = get_object_or_404(Story, pk=pk)
    if not can_publish(request.user):
        raise PermissionDenied("Corrections are added by editors.")
    note = " ".join(request.POST.get("note", "").split())
    if not note:
        messages.error(request, "Correction: write what was wrong and what is right now.")
    else:
        with transaction.atomic():
            Correction.objects.create(story=story, note=note[:2000], user=request.user)
            revisions.record(story, user=request.user, action="correction added")
        messages.success(request, "Correction added; it shows under the headline with today's date.")
    return HttpResponseRedirect(reverse("desk:story", args=[story.pk]) + "#corrections")


@desk_only
def sources(request):
    """Saved sources with their last result, error and back-off; editors add, pause and poll them here."""
    from quicklooks.desk.sources import SourceForm

    form = SourceForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_publish(request.user):
            raise PermissionDenied("Editors add sources.")
        if form.is_valid():
            source = form.save(commit=False)
            if source.auto_publish:
                source.auto_publish_set_by = request.user.get_username()
            source.save()
            messages.success(request, f"Added {source.name}: the worker polls it within a minute, then every {source.poll_interval} minutes.")
            return redirect("desk:sources")
        status = 400
    items = Source.objects.select_related("section").prefetch_related("failures")
    context = {"sources": items, "can_publish": can_publish(request.user), "form": form, "sections": Section.objects.all()}
    return render(request, "desk/sources.html", context, status=status)


@desk_only
@require_POST
def source_settings(request, pk):
    """Pause or resume a source, or switch its publishing automatically on or off (who did it is kept)."""
    source = get_object_or_404(Source, pk=pk)
    if not can_publish(request.user):
        raise PermissionDenied("Editors change sources.")
    change = request.POST.get("change", "")
    if change == "pause":
        source.active = False
        done = f"{source.name} is paused: the worker no longer polls it."
    elif change == "resume":
        source.active, source.next_poll_at, source.consecutive_failures = True, None, 0
        done = f"{source.name} is active again: the worker polls it within a minute."
    elif change == "publish_automatically":
        source.auto_publish, source.auto_publish_set_by = True, request.user.get_username()
        done = f"{source.name} now publishes its stories at once, even with Quick Looks the engine wrote; each says you set it."
    elif change == "review_first":
        source.auto_publish = False
        done = f"{source.name}'s stories now wait in the inbox for review."
    else:
        messages.error(request, "Choose pause, resume, publish automatically or review first.")
        return redirect("desk:sources")
    source.save(update_fields=["active", "next_poll_at", "consecutive_failures", "auto_publish", "auto_publish_set_by"])
    messages.success(request, done)
    return redirect("desk:sources")


@desk_only
@require_POST
def poll_now(request, pk):
    source = get_object_or_404(Source, pk=pk)
    if not can_publish(request.user):
        raise PermissionDenied("Editors poll sources.")
    from quicklooks.celery import enqueue
    from quicklooks.ingest.tasks import poll_source_task

    enqueue(poll_source_task, source.pk)
    messages.success(request, f"Polling {source.name}: the worker is on it; new stories appear in the inbox.")
    return redirect("desk:sources")
