"""A reader's whole journey against a real SMTP server: sign up, confirm, get the edition once, unsubscribe."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from quicklooks.cli import main
from quicklooks.newsletters.models import Delivery, Edition, Subscriber
from quicklooks.stories.importing import import_story
from quicklooks.stories.models import QuickLook, Show, Story
from quicklooks.text.storyformat import read_story_file
from tests.newsletters.conftest import SAMPLE, html_part, text_part

pytestmark = pytest.mark.django_db
READER = "reader@example.org"


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _publish_hand_written(show, headline, bullets, when):
    story = Story.objects.create(slug=headline.lower().replace(" ", "-"), headline=headline, outlet="Newslooks",
                                 dateline="LONDON", status=Story.Status.PUBLISHED, published_at=when, show=show)
    for position, text in enumerate(bullets):
        QuickLook.objects.create(story=story, position=position, text=text)
    return story


def _send(slug: str, day: dt.date) -> str:
    result = CliRunner().invoke(main, ["newsletter", "send", slug, "--date", day.isoformat(), "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_subscribe_confirm_receive_once_and_unsubscribe_in_one_click(mailbox):
    sample = import_story(read_story_file(SAMPLE), source=str(SAMPLE)).story  # the users' sample: its show is Morning Edition
    show = Show.objects.get(name="Morning Edition")
    published = timezone.now() - dt.timedelta(minutes=5)
    Story.objects.filter(pk=sample.pk).update(published_at=published)
    day = timezone.localdate(published)
    second = _publish_hand_written(show, "Harbour bridge reopens", ["The bridge reopens after two years.", "Tolls stay at $2."], published)
    # Not in the edition: a draft, a story in review, another show's story.
    Story.objects.create(slug="draft", headline="A draft", status=Story.Status.DRAFT, show=show)
    Story.objects.create(slug="in-review", headline="Waiting for review", status=Story.Status.REVIEW, show=show, published_at=published)
    other = Show.objects.create(name="Evening Report", slug="evening-report")
    _publish_hand_written(other, "Elsewhere tonight", ["Not for Morning Edition readers."], published)

    browser = Client(enforce_csrf_checks=True)
    # The show page and the story page invite the reader to the form.
    assert "Subscribe to Morning Edition by email" in browser.get(show.get_absolute_url()).content.decode()
    story_page = browser.get(sample.get_absolute_url()).content.decode()
    assert 'name="show" value="morning-edition"' in story_page
    form = browser.get("/newsletters/subscribe/?show=morning-edition").content.decode()
    assert 'value="morning-edition"' in form and "checked" in form
    assert browser.post("/newsletters/subscribe/", {"email": READER, "shows": ["morning-edition"]}).status_code == 403  # no CSRF token
    response = browser.post("/newsletters/subscribe/", {"email": READER, "shows": ["morning-edition"], "csrfmiddlewaretoken": _csrf(form)})
    assert response.status_code == 200 and "Check your inbox" in response.content.decode()

    # Double opt-in: only the confirmation has arrived, and sending now reaches nobody.
    [confirmation] = mailbox.messages(READER)
    assert Subscriber.objects.get(email=READER).status == Subscriber.Status.PENDING
    link = re.search(r"http\S+/newsletters/confirm/\S+/", text_part(confirmation)).group(0)
    page = browser.get(_path(link))
    assert page.status_code == 200 and Subscriber.objects.get(email=READER).status == Subscriber.Status.PENDING  # GET changes nothing
    confirmed = browser.post(_path(link), {"csrfmiddlewaretoken": _csrf(page.content.decode())})
    assert "You are subscribed" in confirmed.content.decode()
    assert Subscriber.objects.get(email=READER).status == Subscriber.Status.CONFIRMED
    # A second address that never confirms gets nothing but its confirmation.
    Subscriber.objects.create(email="unconfirmed@example.org").shows.add(show)

    output = _send("morning-edition", day)
    assert "1 sent" in output
    [edition_mail] = [m for m in mailbox.messages(READER) if m["Subject"].startswith("Morning Edition")]
    assert mailbox.messages("unconfirmed@example.org") == []
    assert edition_mail["To"] == READER
    assert edition_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = edition_mail["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe_url.startswith("http://127.0.0.1:8000/newsletters/unsubscribe/")
    assert edition_mail["List-Id"].endswith("<morning-edition.newsletters.127.0.0.1>")
    assert edition_mail["Message-ID"]
    assert edition_mail.get_content_type() == "multipart/alternative"
    text, html = text_part(edition_mail), html_part(edition_mail)
    for story in (sample, second):
        story_url = "http://127.0.0.1:8000" + story.get_absolute_url()
        assert story.headline in text and story_url in text
        assert f'href="{story_url}"' in html
        for bullet in story.quick_looks.all():
            assert bullet.text in text
            assert escape(bullet.text) in html
    for left_out in ("A draft", "Waiting for review", "Elsewhere tonight"):
        assert left_out not in text
    assert "Putin Threatens Foreign Troop Presence: Quick Looks" in html
    assert "/newsletters/manage/" in text and "/newsletters/manage/" in html
    # No tracking: no pixels, and every link is the page's own address on our site.
    assert "<img" not in html  # neither story has a picture
    assert all(href.startswith("http://127.0.0.1:8000/") for href in re.findall(r'href="([^"]+)"', html))
    assert 'lang="en"' in html and "prefers-color-scheme: dark" in html and 'name="color-scheme"' in html

    # Sending again sends nothing new.
    before = mailbox.count()
    assert "sent already" in _send("morning-edition", day)
    assert mailbox.count() == before
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 1

    # The sent edition has a public archive page at its show.
    edition = Edition.objects.get(show=show, date=day)
    archive = Client().get(edition.get_absolute_url())
    assert archive.status_code == 200 and sample.headline in archive.content.decode()
    assert edition.get_absolute_url() in Client().get(f"/show/{show.slug}/newsletters/").content.decode()

    # One-click unsubscribe (RFC 8058): a POST with no session and no CSRF token, no page in between.
    mail_client = Client(enforce_csrf_checks=True)
    answer = mail_client.post(_path(unsubscribe_url), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 200
    reader = Subscriber.objects.get(email=READER)
    assert not reader.shows.exists() and reader.status == Subscriber.Status.UNSUBSCRIBED

    # The next day's edition reaches nobody.
    tomorrow = published + dt.timedelta(days=1)
    _publish_hand_written(show, "Next morning", ["A new day."], tomorrow)
    Story.objects.filter(headline="Next morning").update(published_at=min(tomorrow, timezone.now()))
    next_day = timezone.localdate(Story.objects.get(headline="Next morning").published_at)
    if next_day != day:
        _send("morning-edition", next_day)
    else:  # the clock is too close to midnight for a real tomorrow: the day after the sent one must still reach nobody
        Story.objects.filter(headline="Next morning").update(published_at=published - dt.timedelta(days=1))
        _send("morning-edition", day - dt.timedelta(days=1))
    assert mailbox.count() == before


def test_manage_page_changes_lists_from_the_signed_link(mailbox):
    show = Show.objects.create(name="Morning Edition", slug="morning-edition")
    other = Show.objects.create(name="Evening Report", slug="evening-report")
    reader = Subscriber.objects.create(email=READER, status=Subscriber.Status.CONFIRMED)
    reader.shows.add(show)
    from quicklooks.newsletters import tokens

    browser = Client(enforce_csrf_checks=True)
    url = f"/newsletters/manage/{tokens.manage_token(reader)}/"
    page = browser.get(url).content.decode()
    assert READER in page
    browser.post(url, {"shows": ["evening-report"], "digest": "on", "csrfmiddlewaretoken": _csrf(page)})
    reader.refresh_from_db()
    assert list(reader.shows.all()) == [other] and reader.digest
    assert browser.get(url[:-5] + "xx/").status_code == 400  # an altered link is refused
