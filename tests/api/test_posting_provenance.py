"""A story posted through the API remembers which token sent it and when, like ingest remembers a feed or a page."""

from __future__ import annotations

import json

import pytest

from quicklooks.api.models import ApiToken, Posting
from quicklooks.ingest.models import Provenance
from quicklooks.stories.models import Story
from tests.api.test_api import SAMPLE, post

pytestmark = pytest.mark.django_db


def test_posting_records_the_token_and_provenance(client):
    token, secret = ApiToken.objects.create_token("wire importer")
    response = post(client, {"text": SAMPLE}, token=secret)
    assert response.status_code == 201
    story = Story.objects.get(slug=json.loads(response.content)["slug"])
    posting = story.api_postings.get()
    assert (posting.token, posting.token_name, posting.token_prefix, posting.outcome) == (token, "wire importer", token.prefix, "created")
    provenance = Provenance.objects.get(story=story)
    assert provenance.method == "api" and provenance.source is None and provenance.url == ""
    assert provenance.fetched_at == posting.posted_at and provenance.content_hash == story.content_hash


def test_reposting_records_an_update_and_nothing_for_the_same_text(client):
    _, secret = ApiToken.objects.create_token("wire importer")
    post(client, {"text": SAMPLE}, token=secret)
    assert post(client, {"text": SAMPLE}, token=secret).status_code == 200, "the same text again changes nothing"
    assert Posting.objects.count() == 1
    _, other = ApiToken.objects.create_token("night desk")
    assert post(client, {"text": SAMPLE.replace("stark warning", "sharp warning")}, token=other).status_code == 200
    assert [(p.token_name, p.outcome) for p in Posting.objects.all()] == [("wire importer", "created"), ("night desk", "updated")]
    assert Provenance.objects.count() == 1, "where it first came from stays"


def test_the_posting_outlives_its_token(client):
    token, secret = ApiToken.objects.create_token("wire importer")
    post(client, {"text": SAMPLE}, token=secret)
    token.delete()
    posting = Posting.objects.get()
    assert posting.token is None and posting.token_name == "wire importer"


def test_an_ingested_copy_of_a_posted_story_is_linked_not_stored_twice(client):
    from quicklooks.ingest.ingesting import store
    from quicklooks.text.storyformat import parse_story

    _, secret = ApiToken.objects.create_token("wire importer")
    story = Story.objects.get(slug=json.loads(post(client, {"text": SAMPLE}, token=secret).content)["slug"])
    outcome = store(parse_story(SAMPLE.replace("Newslooks", "Other Outlet"), name="copy"), where="https://other.example/putin", method="page")
    assert outcome.kind == "duplicate" and outcome.story == story
    assert Story.objects.count() == 1


def test_a_failed_post_records_nothing(client):
    _, secret = ApiToken.objects.create_token("wire importer")
    assert post(client, {"text": "x\x00y"}, token=secret).status_code == 400
    assert not Posting.objects.exists() and not Provenance.objects.exists()
