"""Stories posted through the API show on the desk where they came from: the token and when."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from quicklooks.api.models import ApiToken
from quicklooks.stories.models import Story
from tests.api.test_api import SAMPLE, post
from tests.desk.test_desk import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted(client):
    token, secret = ApiToken.objects.create_token("wire importer")
    response = post(client, {"text": SAMPLE}, token=secret)
    assert response.status_code == 201
    return Story.objects.get(slug=json.loads(response.content)["slug"]), token, secret


def test_the_editor_says_which_token_posted_the_story_and_when(reporter, posted):
    story, token, _ = posted
    page = client_for(reporter).get(reverse("desk:story", args=[story.pk])).content.decode()
    when = story.api_postings.get().posted_at
    assert f"Came from the API: token “wire importer” (<code>{token.prefix}…</code>) on <time datetime=\"{when.isoformat()}\"" in page
    assert "<code></code>" not in page, "no empty address as if it were a web page"


def test_the_editor_shows_a_later_update_through_the_api(reporter, posted, client):
    story, _, _ = posted
    _, other = ApiToken.objects.create_token("night desk")
    post(client, {"text": SAMPLE.replace("stark warning", "sharp warning")}, token=other)
    page = client_for(reporter).get(reverse("desk:story", args=[story.pk])).content.decode()
    assert "Came from the API: token “wire importer”" in page
    assert "Updated through the API: token “night desk”" in page


def test_a_revoked_token_is_said_to_be_revoked(reporter, posted):
    story, token, _ = posted
    token.revoked_at = token.created_at
    token.save()
    page = client_for(reporter).get(reverse("desk:story", args=[story.pk])).content.decode()
    assert "that token has since been revoked" in page


def test_the_inbox_shows_and_filters_api_stories(reporter, posted, draft):
    story, _, _ = posted
    client = client_for(reporter)
    page = client.get(reverse("desk:inbox"), {"status": "open"}).content.decode()
    assert "API: token wire importer" in page
    only_api = client.get(reverse("desk:inbox"), {"source": "api", "status": "all"})
    assert [s.pk for s in only_api.context["page"].object_list] == [story.pk]
    written_here = client.get(reverse("desk:inbox"), {"source": "none", "status": "all"})
    assert story.pk not in [s.pk for s in written_here.context["page"].object_list]
