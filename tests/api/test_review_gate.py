"""The API obeys the review gate: generated Quick Looks wait for review unless the post says "publish": true."""

from __future__ import annotations

import pytest

from quicklooks.api.models import ApiToken
from quicklooks.stories.models import Story
from tests.api.test_api import post
from tests.conftest import FILES

pytestmark = pytest.mark.django_db

NO_BOX = (FILES / "stories" / "no-quick-looks.txt").read_text(encoding="utf-8")


def test_a_post_without_quick_looks_waits_for_review(client):
    _, secret = ApiToken.objects.create_token("wire importer")
    response = post(client, {"text": NO_BOX}, token=secret)
    assert response.status_code == 201
    story = Story.objects.get()
    assert story.status == Story.Status.REVIEW and not story.is_published
    assert story.quick_looks.filter(origin="generated").exists()
    assert not story.publish_overrides.exists()
    assert client.get(story.get_absolute_url()).status_code == 404


def test_publish_true_publishes_and_records_the_token(client):
    token, secret = ApiToken.objects.create_token("wire importer")
    response = post(client, {"text": NO_BOX, "publish": True}, token=secret)
    assert response.status_code == 201
    story = Story.objects.get()
    assert story.is_published
    override = story.publish_overrides.get()
    assert override.channel == "api" and override.set_by == f"API token “wire importer” ({token.prefix}…)"
    assert override.generated_bullets == story.quick_looks.filter(origin="generated").count() > 0
