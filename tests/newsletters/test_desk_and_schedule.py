"""The desk's preview and send, the daily schedule, signup limits, the CLI's listings and EMAIL_URL."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone

from quicklooks.celery import ready_app
from quicklooks.cli import main
from quicklooks.newsletters import scheduling, sending
from quicklooks.newsletters.models import Edition, Schedule, Subscriber
from quicklooks.newsletters.tasks import send_due_editions
from quicklooks.settings.mail import email_settings
from quicklooks.stories.models import QuickLook, Show, Story
from tests.desk.conftest import make_user
from tests.newsletters.conftest import html_part

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_tasks():
    app = ready_app()
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def _show_with_story(when=None):
    show = Show.objects.create(name="Morning Edition", slug="morning-edition")
    when = when or timezone.now() - dt.timedelta(minutes=1)
    story = Story.objects.create(slug="bridge", headline="Harbour bridge reopens", status=Story.Status.PUBLISHED, published_at=when, show=show)
    QuickLook.objects.create(story=story, position=0, text="The bridge reopens after two years.")
    return show, story


def _reader(show, email="a@example.org", status=Subscriber.Status.CONFIRMED):
    reader = Subscriber.objects.create(email=email, status=status)
    reader.shows.add(show)
    return reader


def test_the_desk_previews_an_edition_with_its_readers_and_an_editor_sends_it(mailbox, django_user_model, eager_tasks):
    show, story = _show_with_story()
    _reader(show)
    _reader(show, "pending@example.org", Subscriber.Status.PENDING)
    reporter, editor = make_user(django_user_model, "rita", "reporter"), make_user(django_user_model, "eddie", "editor")
    desk = Client()
    desk.force_login(reporter)
    assert "Newsletters" in desk.get("/desk/").content.decode()
    index = desk.get("/desk/newsletters/").content.decode()
    assert "Morning Edition" in index
    page = desk.get(f"/desk/newsletters/morning-edition/?date={timezone.localdate(story.published_at)}")
    text = page.content.decode()
    assert page.status_code == 200 and "Harbour bridge reopens" in text and "a@example.org" in text
    assert "pending@example.org" not in text and "Send to 1 reader" not in text  # a reporter cannot send
    assert "frame-src 'self'" in page["Content-Security-Policy"]
    frame = desk.get(f"/desk/newsletters/morning-edition/email.html?date={timezone.localdate(story.published_at)}")
    assert "The bridge reopens after two years." in frame.content.decode() and "frame-ancestors 'self'" in frame["Content-Security-Policy"]
    assert desk.post("/desk/newsletters/morning-edition/send/").status_code == 403

    desk.force_login(editor)
    assert "Send to 1 reader now" in desk.get("/desk/newsletters/morning-edition/").content.decode()
    sent = desk.post("/desk/newsletters/morning-edition/send/", {"date": timezone.localdate(story.published_at).isoformat()}, follow=True)
    assert "is being sent to 1 reader" in sent.content.decode()
    assert mailbox.recipients() == ["a@example.org"]
    assert Edition.objects.get().status == Edition.Status.SENT
    desk.post("/desk/newsletters/morning-edition/schedule/", {"send_at": "06:30"})
    assert Schedule.objects.get(show=show).send_at == dt.time(6, 30)


def test_a_scheduled_edition_starts_once_its_time_has_come_and_only_once(mailbox, eager_tasks):
    show, story = _show_with_story()
    _reader(show)
    today = timezone.localdate(story.published_at)
    Schedule.objects.create(show=show, send_at=dt.time(6, 0))
    early = timezone.make_aware(dt.datetime.combine(today, dt.time(5, 59)))
    assert scheduling.start_due(timezone.localtime(early)) == []
    send_due_editions()  # the real clock: starts it now if it is past 06:00 local time
    later = timezone.make_aware(dt.datetime.combine(today, dt.time(6, 1)))
    scheduling.start_due(timezone.localtime(later))
    send_due_editions()
    assert mailbox.recipients() == ["a@example.org"]
    assert scheduling.start_due(timezone.localtime(later)) == []  # sent already: never twice


def test_a_send_left_unfinished_is_picked_up_by_the_sweep(mailbox, eager_tasks):
    show, story = _show_with_story()
    _reader(show)
    _reader(show, "b@example.org")
    from quicklooks.newsletters import editions

    edition = editions.edition_for(show, timezone.localdate(story.published_at))
    editions.start(edition)  # started, then its sender stopped before sending anything
    assert scheduling.unfinished() == [edition.pk]
    send_due_editions()
    assert sorted(mailbox.recipients()) == ["a@example.org", "b@example.org"]
    assert scheduling.unfinished() == []


def test_a_second_live_sender_waits_for_the_first(mailbox):
    show, story = _show_with_story()
    _reader(show)
    from quicklooks.newsletters import editions

    edition = editions.edition_for(show, timezone.localdate(story.published_at))
    editions.start(edition)
    sending.take_lease(edition.pk, "otherhost:1:abc")  # a live sender elsewhere
    with pytest.raises(sending.LeaseHeld):
        sending.send_edition(edition.pk)
    assert mailbox.count() == 0


def test_signup_is_rate_limited_per_client_and_per_address(mailbox, settings):
    settings.QUICKLOOKS_NEWSLETTER_SIGNUP_RATE = "2/h"
    Show.objects.create(name="Morning Edition", slug="morning-edition")
    from django.core.cache import cache

    cache.clear()
    client = Client(REMOTE_ADDR="127.0.0.5")
    statuses = [client.post("/newsletters/subscribe/", {"email": f"r{i}@example.org", "shows": ["morning-edition"]}).status_code for i in range(3)]
    assert statuses == [200, 200, 429]
    other = Client(REMOTE_ADDR="127.0.0.6")  # another reader is not held back
    assert other.post("/newsletters/subscribe/", {"email": "s@example.org", "shows": ["morning-edition"]}).status_code == 200
    assert other.post("/newsletters/subscribe/", {"email": "s@example.org", "shows": ["morning-edition"]}).status_code == 200
    third = Client(REMOTE_ADDR="127.0.0.7")  # the same address from a third client: limited per address too
    assert third.post("/newsletters/subscribe/", {"email": "s@example.org", "shows": ["morning-edition"]}).status_code == 429
    assert mailbox.count() == 4


def test_signup_needs_a_list_and_a_valid_address(mailbox):
    Show.objects.create(name="Morning Edition", slug="morning-edition")
    page = Client().post("/newsletters/subscribe/", {"email": "not an address", "shows": ["morning-edition"]})
    assert page.status_code == 400 and "Enter a valid email address" in page.content.decode()
    page = Client().post("/newsletters/subscribe/", {"email": "fine@example.org"})
    assert page.status_code == 400 and "Choose at least one show, or the daily digest." in page.content.decode()
    assert mailbox.count() == 0


def test_the_confirmation_link_expires(mailbox, settings):
    from django.core import signing

    from quicklooks.newsletters import tokens

    token = tokens.confirm_token("late@example.org", [], True)
    data = signing.loads(token, salt=tokens.CONFIRM_SALT)
    assert data["e"] == "late@example.org"
    with pytest.raises(tokens.BadLink, match="expired"):
        signing_time = timezone.now() + dt.timedelta(seconds=tokens.CONFIRM_MAX_AGE + 60)
        import unittest.mock

        with unittest.mock.patch("time.time", return_value=signing_time.timestamp()):
            tokens.read_confirm_token(token)
    assert Client().get(f"/newsletters/confirm/{token}x/").status_code == 400


def test_cli_lists_subscribers_and_dry_runs(mailbox):
    show, story = _show_with_story()
    _reader(show)
    _reader(show, "pending@example.org", Subscriber.Status.PENDING)
    runner = CliRunner()
    listed = runner.invoke(main, ["newsletter", "subscribers", "morning-edition", "--json"])
    assert json.loads(listed.output) == [{"email": "a@example.org", "status": "confirmed", "confirmed_at": None, "bounced_at": None}]
    dry = runner.invoke(main, ["newsletter", "send", "morning-edition", "--dry-run", "--date", timezone.localdate(story.published_at).isoformat()])
    assert "1 story, 1 reader" in dry.output and "a@example.org" in dry.output
    assert mailbox.count() == 0 and not Edition.objects.exclude(status=Edition.Status.DRAFT).exists()
    unknown = runner.invoke(main, ["newsletter", "send", "no-such-show"])
    assert unknown.exit_code != 0 and "No show 'no-such-show'" in unknown.output
    bad_date = runner.invoke(main, ["newsletter", "send", "morning-edition", "--date", "03/12/2026"])
    assert bad_date.exit_code != 0 and "not a date like" in bad_date.output
    empty = runner.invoke(main, ["newsletter", "send", "morning-edition", "--date", "2001-01-01"])
    assert empty.exit_code != 0 and "no published stories" in empty.output


def test_the_digest_carries_every_show_and_goes_to_digest_readers(mailbox):
    show, story = _show_with_story()
    other = Show.objects.create(name="Evening Report", slug="evening-report")
    second = Story.objects.create(slug="late", headline="Late story", status=Story.Status.PUBLISHED, published_at=story.published_at, show=other)
    QuickLook.objects.create(story=second, position=0, text="Late bullet.")
    Subscriber.objects.create(email="digest@example.org", status=Subscriber.Status.CONFIRMED, digest=True)
    _reader(show)
    from quicklooks.newsletters import editions

    sending.send(editions.edition_for(None, timezone.localdate(story.published_at)))
    [message] = mailbox.messages()
    assert message["To"] == "digest@example.org"
    assert "Harbour bridge reopens" in html_part(message) and "Late story" in html_part(message)


def test_email_url_settings():
    folder = Path("/data/mail")
    assert email_settings("", default_file_path=folder) == {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": folder}
    smtp = email_settings("smtp://user:p%40ss@mail.example.org:587", default_file_path=folder)
    assert (smtp["EMAIL_HOST"], smtp["EMAIL_PORT"], smtp["EMAIL_HOST_USER"], smtp["EMAIL_HOST_PASSWORD"], smtp["EMAIL_USE_TLS"]) == ("mail.example.org", 587, "user", "p@ss", False)
    tls = email_settings("smtp+tls://user:secret@mail.example.org", default_file_path=folder)
    assert (tls["EMAIL_PORT"], tls["EMAIL_USE_TLS"], tls["EMAIL_USE_SSL"]) == (587, True, False)
    ssl = email_settings("smtp+ssl://mail.example.org", default_file_path=folder)
    assert (ssl["EMAIL_PORT"], ssl["EMAIL_USE_SSL"], ssl["EMAIL_USE_TLS"]) == (465, True, False)
    assert email_settings("file:///var/mail/out", default_file_path=folder)["EMAIL_FILE_PATH"] == "/var/mail/out"
    with pytest.raises(ImproperlyConfigured, match="smtp\\+tls://"):
        email_settings("http://mail.example.org", default_file_path=folder)


def test_embedded_mode_writes_mail_to_files_by_default(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    show, story = _show_with_story()
    _reader(show)
    from quicklooks.newsletters import editions

    outcome = sending.send(editions.edition_for(show, timezone.localdate(story.published_at)))
    assert outcome.sent == 1
    [written] = list((tmp_path / "mail").iterdir())
    assert re.search(r"List-Unsubscribe-Post: List-Unsubscribe=One-Click", written.read_text())


def test_the_sending_rate_spaces_messages(monkeypatch):
    clock = [100.0]
    slept = []
    monkeypatch.setattr(sending.time, "monotonic", lambda: clock[0])

    def sleep(seconds):
        slept.append(round(seconds, 6))
        clock[0] += seconds

    monkeypatch.setattr(sending.time, "sleep", sleep)
    pace = sending._Pace(4)  # four a second
    for _ in range(5):
        pace.wait()
        clock[0] += 0.05  # each message takes 50 ms to hand over
    assert slept == [0.2, 0.2, 0.2, 0.2]
    unpaced = sending._Pace(0)
    unpaced.wait()
    assert len(slept) == 4


def test_the_account_page_leads_to_the_readers_lists(django_user_model):
    from allauth.account.models import EmailAddress

    show = Show.objects.create(name="Morning Edition", slug="morning-edition")
    user = django_user_model.objects.create_user(username="reader", email="reader@example.org", password="reader-pass-123")
    browser = Client()
    browser.force_login(user)
    assert "/newsletters/account/" in browser.get("/account/").content.decode()
    assert browser.get("/newsletters/account/")["Location"] == "/newsletters/subscribe/"  # not subscribed (nor verified) yet
    form = browser.get("/newsletters/subscribe/").content.decode()
    assert 'value="reader@example.org"' in form  # the account's address, filled in
    EmailAddress.objects.create(user=user, email="reader@example.org", verified=True, primary=True)
    _reader(show, "reader@example.org")
    assert browser.get("/newsletters/account/")["Location"].startswith("/newsletters/manage/")


def test_signup_without_a_mail_server_says_so_and_keeps_nothing(settings):
    from tests.conftest import free_port

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS, settings.EMAIL_USE_SSL = "127.0.0.1", free_port(), False, False
    settings.EMAIL_TIMEOUT = 5
    Show.objects.create(name="Morning Edition", slug="morning-edition")
    page = Client().post("/newsletters/subscribe/", {"email": "r@example.org", "shows": ["morning-edition"]})
    assert page.status_code == 503 and "could not send the confirmation email" in page.content.decode()
    assert not Subscriber.objects.exists()
