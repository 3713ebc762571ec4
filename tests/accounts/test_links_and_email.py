"""Log-in and registration links keep the reader's original ``next``; emails speak as the site to the reader."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db
PASSWORD = "plum orchard lantern 42"
STORY = "/story/some-story/"



def nav_links(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="account".*?</nav>', html, re.S).group(0)
    return {text: href.replace("&amp;", "&") for href, text in re.findall(r'<a href="([^"]*)">(Register|Log in)</a>', nav)}


@pytest.mark.parametrize("page", ["account_login", "account_signup"])
def test_links_on_login_and_signup_carry_the_original_next(client, page):
    html = client.get(reverse(page) + f"?next={STORY}").content.decode()
    links = nav_links(html)
    assert links["Register"] == reverse("account_signup") + "?next=" + quote(STORY, safe="/")
    assert links["Log in"] == reverse("account_login") + "?next=" + quote(STORY, safe="/")


def test_clicking_back_and_forth_does_not_grow_next(client):
    url = reverse("account_login") + f"?next={STORY}"
    for _ in range(4):
        url = nav_links(client.get(url).content.decode())["Register"]
        url = nav_links(client.get(url).content.decode())["Log in"]
    assert url == reverse("account_login") + "?next=" + quote(STORY, safe="/")


def test_already_nested_links_are_unwrapped(client):
    nested = reverse("account_login") + "?next=" + quote(reverse("account_signup") + "?next=" + STORY, safe="/")
    links = nav_links(client.get(nested).content.decode())
    assert links["Register"].endswith("?next=" + quote(STORY, safe="/"))


@pytest.mark.parametrize("bad", ["https://evil.example/", reverse("account_login"), ""])
def test_no_next_when_there_is_no_safe_one(client, bad):
    links = nav_links(client.get(reverse("account_signup") + (f"?next={bad}" if bad else "")).content.decode())
    assert links == {"Register": reverse("account_signup"), "Log in": reverse("account_login")}


def test_elsewhere_the_links_return_to_the_page(client):
    links = nav_links(client.get("/?page=2").content.decode())
    assert links["Log in"] == reverse("account_login") + "?next=" + quote("/?page=2", safe="/")


@override_settings(QUICKLOOKS_SITE_NAME="Daily Looks")
def test_verification_email_names_the_site_and_the_reader(client):
    data = {"email": "reader1@example.org", "display_name": "Reader One", "password1": PASSWORD, "password2": PASSWORD}
    assert client.post(reverse("account_signup"), data, HTTP_HOST="127.0.0.1").status_code == 302
    body = mail.outbox[0].body
    assert "Daily Looks" in body and "Hello Reader One" in body and "Reader One gave this address" in body
    assert "127.0.0.1" not in body.split("http://")[0] and "testserver" not in body.replace("http://testserver", "")
    assert "user reader1" not in body and "reader1@example.org" not in body.split("/accounts/confirm-email/")[0]
    assert re.search(r"http://[^\s]+/accounts/confirm-email/[^\s]+/", body)
