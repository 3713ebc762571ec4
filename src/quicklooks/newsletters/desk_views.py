"""The desk's newsletter screens: every list with its schedule, an edition's preview with its readers, and Send."""

from __future__ import annotations

import datetime as dt

from csp.decorators import csp_replace
from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from quicklooks.accounts.roles import EDITOR, REPORTER, has_role, role_required
from quicklooks.newsletters import editions
from quicklooks.newsletters.forms import ScheduleForm
from quicklooks.newsletters.models import Delivery, Edition, Schedule
from quicklooks.newsletters.tasks import queue_send
from quicklooks.stories.models import Show

desk_only = role_required(REPORTER)
editors_only = role_required(EDITOR)
DIGEST = "digest"
SHOWN_RECIPIENTS = 200


def _list(slug: str) -> Show | None:
    """The show named by ``slug``, or None for the digest."""
    if slug == DIGEST and not Show.objects.filter(slug=DIGEST).exists():
        return None
    return get_object_or_404(Show, slug=slug)


def _day(request) -> dt.date:
    text = request.GET.get("date") or request.POST.get("date") or ""
    if not text:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise Http404("Give the date as YYYY-MM-DD.") from None


@desk_only
def index(request):
    today = timezone.localdate()
    shows = list(Show.objects.order_by("name").annotate(readers=Count("subscribers", distinct=True)))
    schedules = {schedule.show_id: schedule for schedule in Schedule.objects.all()}
    recent = Edition.objects.select_related("show").annotate(delivered=Count("deliveries")).order_by("-date", "show__name")[:20]
    rows = [{"show": show, "schedule": schedules.get(show.pk), "readers": editions.recipients(show).count()} for show in shows]
    context = {"rows": rows, "digest_readers": editions.recipients(None).count(), "recent": recent, "today": today}
    return render(request, "newsletters/desk/index.html", context)


@desk_only
@csp_replace({"frame-src": ["'self'"]})  # the email's own frame below
def preview(request, slug):
    show = _list(slug)
    day = _day(request)
    edition = Edition.objects.filter(show=show, date=day).first() or Edition(show=show, date=day)
    stories = editions.edition_stories(edition) if edition.pk else list(editions.stories_for(show, day))
    if edition.pk and edition.status != Edition.Status.DRAFT:
        readers = [delivery.subscriber for delivery in edition.deliveries.select_related("subscriber").order_by("subscriber__email")[:SHOWN_RECIPIENTS]]
        reader_count = edition.deliveries.count()
        counts = dict(edition.deliveries.values_list("status").annotate(n=Count("pk")))
    else:
        recipients = editions.recipients(show)
        readers, reader_count, counts = list(recipients.order_by("email")[:SHOWN_RECIPIENTS]), recipients.count(), {}
    rendered = editions.render(edition, stories) if stories else None
    context = {
        "show": show, "slug": slug, "day": day, "edition": edition, "stories": stories, "rendered": rendered,
        "readers": readers, "reader_count": reader_count, "more": max(0, reader_count - len(readers)),
        "counts": [(Delivery.Status(status).label, number) for status, number in counts.items()],
        "can_send": has_role(request.user, EDITOR), "schedule": Schedule.objects.filter(show=show).first() if show else None,
        "schedule_form": ScheduleForm(initial={"send_at": getattr(Schedule.objects.filter(show=show).first(), "send_at", None)}) if show else None,
    }
    return render(request, "newsletters/desk/preview.html", context)


@desk_only
@xframe_options_sameorigin
def preview_html(request, slug):
    """The edition's HTML part on its own, for the preview's frame (its inline styles are the email's)."""
    show = _list(slug)
    day = _day(request)
    edition = Edition.objects.filter(show=show, date=day).first() or Edition(show=show, date=day)
    stories = editions.edition_stories(edition) if edition.pk else list(editions.stories_for(show, day))
    response = HttpResponse(editions.render(edition, stories).html if stories else "<p>No stories.</p>")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; frame-ancestors 'self'"
    return response


@require_POST
@editors_only
def send_now(request, slug):
    show = _list(slug)
    day = _day(request)
    edition = editions.edition_for(show, day)
    if edition.status == Edition.Status.SENT:
        messages.info(request, f"{edition} was sent already; nothing more to send.")
    else:
        try:
            count = editions.start(edition)
        except editions.NothingToSend as error:
            messages.error(request, str(error))
        else:
            queue_send(edition.pk)
            messages.success(request, f"{edition} is being sent to {count} reader{'s' if count != 1 else ''}.")
    return redirect(f"{reverse('newsletters:desk-preview', args=[slug])}?date={day.isoformat()}")


@require_POST
@editors_only
def set_schedule(request, slug):
    show = get_object_or_404(Show, slug=slug)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        Schedule.objects.update_or_create(show=show, defaults={"send_at": form.cleaned_data["send_at"]})
        when = form.cleaned_data["send_at"]
        messages.success(request, f"{show.name} now goes out each day at {when:%H:%M}." if when else f"{show.name} now goes out only by hand.")
    else:
        messages.error(request, "Give the time as HH:MM, or leave it empty.")
    return redirect("newsletters:desk-preview", slug=show.slug)
