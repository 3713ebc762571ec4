"""Error pages keep the site around the reader: masthead, skip link, a way on, and the reason."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _in_the_site(html: str) -> None:
    assert 'class="skip-link"' in html and 'class="masthead"' in html
    assert f'href="{reverse("stories:home")}"' in html


def test_a_missing_page_says_so_inside_the_site(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    _in_the_site(html)
    assert "We could not find that page" in html and "/no-such-page/" in html
    assert f'href="{reverse("stories:search")}"' in html


def test_a_refused_page_gives_its_reason(client):
    reader = User.objects.create_user("reader", "reader@example.org", "correct horse battery staple")
    client.force_login(reader)
    response = client.get(reverse("desk:inbox"))
    html = response.content.decode()
    assert response.status_code == 403
    _in_the_site(html)
    assert "You cannot open this page" in html
    assert "reporter" in html.lower(), "the reason the desk gives is shown, not only logged"


def test_a_form_without_its_token_is_explained(client):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("account_login"), {"login": "x@example.org", "password": "y"})
    html = response.content.decode()
    assert response.status_code == 403
    _in_the_site(html)
    assert "That form could not be sent" in html and "Nothing was saved" in html


def test_the_server_error_page_stands_alone():
    # Rendered with no context at all, as Django does after an unhandled error.
    html = render_to_string("500.html")
    assert 'class="skip-link"' in html and "Something went wrong on our side" in html
    assert 'lang="en"' in html


def test_pages_name_their_icon(client):
    from django.contrib.staticfiles import finders

    html = client.get("/no-such-page/").content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html
    assert finders.find("quicklooks/favicon.svg")
