"""Editions: which stories a show's day carries, who gets it, and the email it becomes.

An edition is rendered from templates once and then personalised per
reader by putting that reader's manage and unsubscribe links where the
placeholders stand, so a 10,000-reader send renders its templates once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from quicklooks.newsletters.links import absolute, absolute_reverse
from quicklooks.newsletters.models import Delivery, Edition, EditionStory, Subscriber
from quicklooks.stories.models import Byline, QuickLook, Show, Story

# Placeholders survive HTML escaping unchanged (letters and digits only).
MANAGE_PLACEHOLDER = "QLNEWSLETTERMANAGEURL"
UNSUBSCRIBE_PLACEHOLDER = "QLNEWSLETTERUNSUBSCRIBEURL"


class NothingToSend(Exception):
    """The edition has no published stories, or was sent already."""


def eligible_stories():
    """Stories that may go out: published and due.

    A story that needs review (machine-written bullets no person has
    approved) has the status "review", never "published", so it is left out.
    """
    return Story.objects.published()


def _with_parts(stories):
    return stories.select_related("show", "section").prefetch_related(
        Prefetch("quick_looks", queryset=QuickLook.objects.order_by("position")),
        Prefetch("bylines", queryset=Byline.objects.select_related("author")),
    )


def stories_for(show: Show | None, date: dt.date):
    """The show's stories published on ``date`` (local time), oldest first; every show's for the digest."""
    stories = eligible_stories().filter(published_at__date=date)
    if show is not None:
        stories = stories.filter(show=show)
    return _with_parts(stories).order_by("published_at", "pk")


def recipients(show: Show | None):
    """Confirmed subscribers of the show (of the digest when ``show`` is None); never pending or bouncing ones."""
    subscribers = Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
    subscribers = subscribers.filter(digest=True) if show is None else subscribers.filter(shows=show)
    return subscribers.order_by("pk")


def list_key(edition: Edition) -> str:
    return "digest" if edition.show_id is None else f"show:{edition.show_id}"


def edition_for(show: Show | None, date: dt.date) -> Edition:
    """The edition of ``show`` for ``date``, made (unsent) if there is none yet."""
    edition = Edition.objects.filter(show=show, date=date).first()
    if edition is not None:
        return edition
    try:
        with transaction.atomic():
            return Edition.objects.create(show=show, date=date)
    except IntegrityError:  # made meanwhile by another sender
        return Edition.objects.get(show=show, date=date)


def subject_for(show: Show | None, date: dt.date) -> str:
    name = show.name if show is not None else f"{settings.QUICKLOOKS_SITE_NAME} daily digest"
    return f"{name}: {date:%A, %B} {date.day}, {date:%Y}"


def edition_stories(edition: Edition) -> list[Story]:
    """The stories to show: the fixed list once sending started, else what would go out now."""
    if edition.status == Edition.Status.DRAFT:
        return list(stories_for(edition.show, edition.date))
    ids = list(edition.entries.values_list("story_id", flat=True))
    # A story unpublished since the send drops out of the archive page.
    found = {story.pk: story for story in _with_parts(eligible_stories().filter(pk__in=ids))}
    return [found[pk] for pk in ids if pk in found]


def start(edition: Edition) -> int:
    """Fix the edition's stories and recipients and mark it sending; return how many deliveries it has.

    Idempotent: an edition already sending keeps its stories and readers.
    """
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        if edition.status != Edition.Status.DRAFT:
            return edition.deliveries.count()
        stories = list(stories_for(edition.show, edition.date))
        if not stories:
            raise NothingToSend(f"{edition.list_name} has no published stories on {edition.date:%Y-%m-%d}; nothing to send.")
        EditionStory.objects.bulk_create(
            [EditionStory(edition=edition, story=story, position=number) for number, story in enumerate(stories)]
        )
        ids = list(recipients(edition.show).values_list("pk", flat=True))
        Delivery.objects.bulk_create([Delivery(edition=edition, subscriber_id=pk) for pk in ids], batch_size=1000)
        edition.subject = subject_for(edition.show, edition.date)
        edition.status = Edition.Status.SENDING
        edition.started_at = timezone.now()
        edition.save(update_fields=["subject", "status", "started_at"])
        return len(ids)


def meta_parts(story: Story) -> list[str]:
    """The meta line's parts: outlet, dateline, byline, time."""
    parts = [story.outlet, story.dateline]
    names = [byline.author.name for byline in story.bylines.all()]
    if names:
        parts.append("By " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]))
    if story.published_at:
        local = timezone.localtime(story.published_at)
        parts.append(f"{local:%b} {local.day}, {local:%Y}")
    return [part for part in parts if part]


def _image(story: Story) -> dict | None:
    # The lead image when the story has one (many have none): a JPEG twice the
    # email's 600-pixel column, for sharp pictures on high-density screens.
    picture = story.picture
    if picture is None:
        return None
    return {**picture.at_least(1200), "alt": picture.alt}


@dataclass
class Rendered:
    subject: str
    html: str
    text: str

    def personalise(self, manage_url: str, unsubscribe_url: str) -> tuple[str, str]:
        """(html, text) for one reader."""
        def fill(body: str) -> str:
            return body.replace(MANAGE_PLACEHOLDER, manage_url).replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url)

        return fill(self.html), fill(self.text)


def render(edition: Edition, stories: list[Story] | None = None) -> Rendered:
    stories = edition_stories(edition) if stories is None else stories
    items = [
        {
            "story": story,
            "url": absolute(story.get_absolute_url()),
            "meta": meta_parts(story),
            "quick_looks": [bullet.text for bullet in story.quick_looks.all()],
            "label": f"{story.quick_looks_label}: Quick Looks" if story.quick_looks_label else "Quick Looks",
            "image": _image(story),
        }
        for story in stories
    ]
    if edition.show is not None:
        show_url = absolute(edition.show.get_absolute_url())
    else:
        show_url = absolute_reverse("stories:home")
    context = {
        "edition": edition,
        "subject": edition.subject or subject_for(edition.show, edition.date),
        "list_name": edition.list_name,
        "items": items,
        "site_name": settings.QUICKLOOKS_SITE_NAME,
        "site_url": absolute_reverse("stories:home"),
        "show_url": show_url,
        "archive_url": absolute(edition.get_absolute_url()),
        "manage_url": MANAGE_PLACEHOLDER,
        "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
    }
    return Rendered(
        subject=context["subject"],
        html=render_to_string("newsletters/email/edition.html", context),
        text=render_to_string("newsletters/email/edition.txt", context),
    )
