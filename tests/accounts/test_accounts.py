"""Reader accounts end to end over HTTP: register, verify, log in, manage, delete."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from quicklooks.comments import posting
from quicklooks.comments.models import Comment
from quicklooks.stories.demo import load_demo

pytestmark = pytest.mark.django_db
PASSWORD = "plum orchard lantern 42"



@pytest.fixture
def story():
    return load_demo().story


def register(client, email="reader@example.org", name="Curious Reader", next_url=None):
    url = reverse("account_signup") + (f"?next={next_url}" if next_url else "")
    data = {"email": email, "display_name": name, "password1": PASSWORD, "password2": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(url, data)


def confirmation_link(message) -> str:
    return re.search(r"http://[^\s]+/accounts/confirm-email/[^\s]+/", message.body).group(0)


def test_register_sends_verification_and_holds_comments_until_verified(client, story):
    response = register(client, next_url=story.get_absolute_url())
    assert response.status_code == 302
    user = User.objects.get(email="reader@example.org")
    assert user.profile.display_name == "Curious Reader"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1 and "reader@example.org" in mail.outbox[0].to
    # Mandatory verification: no session until the link is followed.
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<textarea" not in html


def test_verification_link_logs_in_and_returns_to_the_story(client, story):
    register(client, next_url=story.get_absolute_url())
    link = confirmation_link(mail.outbox[0]).replace("http://testserver", "")
    assert client.get(link).status_code == 200  # a confirm button: GET changes nothing
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="reader@example.org").verified
    assert response["Location"] == story.get_absolute_url()
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<textarea" in html and "Curious Reader" in html


def test_login_brings_the_reader_back(client, story):
    from tests.comments.conftest import PASSWORD as READER_PASSWORD, make_reader

    make_reader("back@example.org")
    response = client.post(
        reverse("account_login") + f"?next={story.get_absolute_url()}",
        {"login": "back@example.org", "password": READER_PASSWORD, "next": story.get_absolute_url()},
    )
    assert response.status_code == 302 and response["Location"] == story.get_absolute_url()


def test_login_is_throttled_after_repeated_failures(client):
    from tests.comments.conftest import PASSWORD as READER_PASSWORD, make_reader

    make_reader("target@example.org")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "target@example.org", "password": "wrong guess 123"})
    blocked = client.post(reverse("account_login"), {"login": "target@example.org", "password": READER_PASSWORD})
    # Even the right password is refused while the limit holds.
    assert "_auth_user_id" not in client.session
    assert blocked.status_code in (200, 429)
    assert b"Too many failed login attempts" in blocked.content or blocked.status_code == 429


def test_signups_are_limited_per_ip(client, settings):
    for n in range(10):
        register(client, email=f"bulk{n}@example.org")
        client.logout()
    response = register(client, email="bulk-too-many@example.org")
    assert response.status_code == 429
    assert not User.objects.filter(email="bulk-too-many@example.org").exists()


def test_password_reset_sends_a_link(client):
    from tests.comments.conftest import make_reader

    make_reader("forgot@example.org")
    client.post(reverse("account_reset_password"), {"email": "forgot@example.org"})
    assert len(mail.outbox) == 1 and "/accounts/password/reset/key/" in mail.outbox[0].body


def test_account_pages_use_the_site_layout(client):
    html = client.get(reverse("account_login")).content.decode()
    assert 'class="masthead"' in html and '<main id="main"' in html and "csrfmiddlewaretoken" in html


def test_display_name_change(client):
    from tests.comments.conftest import make_reader

    user = make_reader("named@example.org")
    client.force_login(user)
    client.post(reverse("accounts:settings"), {"display_name": "  New   Name "})
    user.profile.refresh_from_db()
    assert user.profile.display_name == "New Name"


@pytest.mark.parametrize("choice", ["keep", "remove"])
def test_account_deletion_lets_the_reader_choose_about_comments(client, story, choice):
    from tests.comments.conftest import PASSWORD as READER_PASSWORD, make_reader

    leaving = make_reader("leaving@example.org", name="Leaver")
    stays = make_reader("stays@example.org")
    mine, _ = posting.post_comment(story=story, user=leaving, text="My two cents.")
    reply, _ = posting.post_comment(story=story, user=stays, text="A reply that stays.", parent=mine)
    client.force_login(leaving)
    wrong = client.post(reverse("accounts:delete"), {"comments": choice, "password": "not it at all"})
    assert wrong.status_code == 200 and User.objects.filter(pk=leaving.pk).exists()
    client.post(reverse("accounts:delete"), {"comments": choice, "password": READER_PASSWORD})
    assert not User.objects.filter(pk=leaving.pk).exists()
    mine.refresh_from_db()
    html = client.get(story.get_absolute_url()).content.decode()
    assert "A reply that stays." in html and "Leaver" not in html
    if choice == "keep":
        assert mine.author is None and "My two cents." in html and "deleted reader" in html
    else:
        assert mine.status == Comment.Status.DELETED and "My two cents." not in html
        assert "This comment was deleted." in html


def test_adduser_command_creates_verified_moderator(cli_env):
    import subprocess

    from tests.conftest import quicklooks_command

    result = subprocess.run(
        [*quicklooks_command(), "adduser", "mod@example.org", "--password", "moderate well 2026", "--name", "Mod", "--moderator"],
        capture_output=True, text=True, env=cli_env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "verified, moderator" in result.stdout
    again = subprocess.run(
        [*quicklooks_command(), "adduser", "mod@example.org", "--password", "moderate well 2026"],
        capture_output=True, text=True, env=cli_env, timeout=120,
    )
    assert again.returncode == 1 and "already exists" in again.stderr and "Traceback" not in again.stderr
