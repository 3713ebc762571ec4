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


def test_a_post_never_overwrites_a_story_from_elsewhere_with_the_same_headline(client):
    # The sample, imported from its file, is published; an API client that
    # sends a story under the same headline gets a story of its own.
    from quicklooks.stories.importing import import_story
    from quicklooks.text.storyformat import parse_story

    imported = import_story(parse_story(SAMPLE, name="sample.txt"), source="/newsroom/sample.txt").story
    _, secret = ApiToken.objects.create_token("wire importer")
    changed = SAMPLE.replace("stark warning", "sharp warning")
    response = post(client, {"text": changed}, token=secret)
    assert response.status_code == 201
    posted = Story.objects.get(slug=json.loads(response.content)["slug"])
    assert posted.pk != imported.pk and posted.slug != imported.slug
    imported.refresh_from_db()
    assert imported.source == "/newsroom/sample.txt"
    assert "stark warning" in " ".join(imported.blocks.values_list("text", flat=True))
    # Posting again updates the client's own story, not the imported one.
    again = post(client, {"text": changed.replace("sharp warning", "grave warning")}, token=secret)
    assert again.status_code == 200 and json.loads(again.content)["slug"] == posted.slug
    assert Story.objects.count() == 2


def test_source_id_names_the_story_across_headline_changes(client):
    _, secret = ApiToken.objects.create_token("wire importer")
    first = json.loads(post(client, {"text": SAMPLE, "source_id": "wire-4711"}, token=secret).content)
    renamed = SAMPLE.replace("Legitimate Targets", "Lawful Targets", 1)
    assert renamed != SAMPLE
    response = post(client, {"text": renamed, "source_id": "wire-4711"}, token=secret)
    assert response.status_code == 200
    assert json.loads(response.content)["slug"] == first["slug"]
    assert Story.objects.count() == 1


def test_a_story_posted_before_sources_is_still_updated_by_its_headline(client):
    # Stories the API created before posts had a source have none; the next
    # post under the same headline takes the story over instead of making a copy.
    _, secret = ApiToken.objects.create_token("wire importer")
    slug = json.loads(post(client, {"text": SAMPLE}, token=secret).content)["slug"]
    Story.objects.filter(slug=slug).update(source="")
    response = post(client, {"text": SAMPLE.replace("stark warning", "sharp warning")}, token=secret)
    assert response.status_code == 200 and json.loads(response.content)["slug"] == slug
    assert Story.objects.get().source.startswith("api:")
