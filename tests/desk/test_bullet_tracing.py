"""Every Quick Looks bullet can be traced to the Deep Look: hand-added bullets are checked, and warnings block publishing until an editor vouches for them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quicklooks.desk import tracing
from quicklooks.desk.models import Schedule
from quicklooks.stories.models import Story
from quicklooks.text.sentences import split_sentences
from tests.desk.test_desk import client_for, form_of

pytestmark = pytest.mark.django_db


def add_bullet(client, story, text):
    """Save the story with one bullet added by hand; the editor page that follows."""
    data = form_of(client, story) | {"ql-new-text": text, "action": "save"}
    response = client.post(reverse("desk:story", args=[story.pk]), data, follow=True)
    assert response.status_code == 200
    return response


def added_row(response):
    rows = response.context["bullets"]
    assert rows[-1].origin == "human"
    return rows[-1]


def publish_form(client, story, **extra):
    """The form as the editor sees it, with the warnings' fingerprint the page carries."""
    response = client.get(reverse("desk:story", args=[story.pk]))
    return form_of(client, story) | {"warnings_digest": response.context["warnings_digest"]} | extra


def test_hand_added_bullet_with_nothing_in_the_deep_look_is_warned_about(editor, draft):
    response = add_bullet(client_for(editor), draft, "The governor declared martial law.")
    row = added_row(response)
    assert [p.kind for p in row.problems] == ["words"]
    assert "“martial law” is not in the Deep Look" in row.problems[0].message
    assert not row.excerpts, "no likely source is shown for a claim the story does not make"
    page = response.content.decode()
    assert "martial law” is not in the Deep Look" in page
    assert "1 Quick Looks warning" in page


def test_hand_added_bullet_with_invented_name_number_and_quote(editor, draft):
    response = add_bullet(client_for(editor), draft, "Macron said “we will send 300 soldiers” to Harbor Bridge.")
    problems = {p.kind: p for p in added_row(response).problems}
    assert "number" in problems and problems["number"].token == "300"
    assert "The number 300 is not in the Deep Look" in problems["number"].message
    assert "name" in problems and problems["name"].token in ("Harbor", "Bridge")
    assert "quote" in problems and "we will send 300 soldiers" in problems["quote"].message


def test_supported_hand_added_bullet_gets_a_likely_source_and_no_warning(editor, draft):
    response = add_bullet(client_for(editor), draft, "Ukrainian air defenses intercepted 121 drones.")
    row = added_row(response)
    assert row.problems == []
    # Traced on save: the sentence that states it is now its stored source, not a guess.
    assert row.sources and not row.likely and row.excerpts
    _before, sentence, _after = row.excerpts[0]
    assert "121 drones" in sentence and sentence in draft.deep_look_text()
    stored = draft.quick_looks.order_by("-position").first()
    assert stored.text == "Ukrainian air defenses intercepted 121 drones." and stored.sources == row.sources
    page = response.content.decode()
    assert "Likely source" not in page
    assert "Quick Looks warning" not in page
    assert 'id="acknowledge_warnings"' not in page, "nothing to acknowledge"


def test_bullet_with_nothing_to_match_needs_an_editors_eye():
    text = "Officials met in the capital on a cold morning. The talks ended without agreement."
    warnings, likely = tracing.check_against_deep_look("The talks ended without agreement.", text, split_sentences(text))
    assert [w.kind for w in warnings] == ["unchecked"]
    assert "cannot be checked automatically" in warnings[0].message and "editor's eye" in warnings[0].message
    assert [s.text for s in likely] == ["The talks ended without agreement."]


def test_rewritten_bullet_with_new_claims_loses_its_sentence_and_is_warned_about(editor, draft):
    client = client_for(editor)
    data = form_of(client, draft) | {"ql-0-text": "The Harbor Bridge collapsed into the sea on Friday, killing 300 people.", "action": "save"}
    response = client.post(reverse("desk:story", args=[draft.pk]), data, follow=True)
    row = response.context["bullets"][0]
    assert row.sources == [] and row.unsupported, "no longer linked to a sentence that does not say it"
    kinds = [p.kind for p in row.problems]
    assert "number" in kinds and "words" in kinds
    words = next(p for p in row.problems if p.kind == "words")
    assert "collapsed into the sea" in words.message and "killing" in words.message


def test_publishing_with_warnings_needs_the_editors_tick(editor, draft):
    client = client_for(editor)
    add_bullet(client, draft, "The governor declared martial law.")
    page = client.get(reverse("desk:story", args=[draft.pk])).content.decode()
    assert '<label for="acknowledge_warnings">I have checked these bullets against the Deep Look</label>' in page
    revisions_before = draft.revisions.count()

    refused = client.post(reverse("desk:story", args=[draft.pk]), publish_form(client, draft, action="publish"))
    assert refused.status_code == 400
    assert "Not published: the Quick Looks have 1 Quick Looks warning" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.status == Story.Status.DRAFT and draft.published_at is None
    assert draft.revisions.count() == revisions_before, "nothing changes"

    done = client.post(reverse("desk:story", args=[draft.pk]), publish_form(client, draft, action="publish", acknowledge_warnings="1"))
    assert done.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Story.Status.PUBLISHED
    published, approved, checked = draft.revisions.order_by("-number")[:3]
    assert checked.action == "checked 1 Quick Looks warning" and checked.user == editor
    assert approved.action == "approved: 8 machine-written Quick Looks bullets reviewed" and approved.user == editor
    assert published.action == "published" and published.user == editor


def test_a_tick_covers_only_the_warnings_the_editor_saw(editor, draft):
    client = client_for(editor)
    add_bullet(client, draft, "The governor declared martial law.")
    data = publish_form(client, draft, action="publish", acknowledge_warnings="1")
    data["ql-new-text"] = "Russia sank 40 Zorblatt ships."  # a new problem sent with the tick
    response = client.post(reverse("desk:story", args=[draft.pk]), data)
    assert response.status_code == 400
    assert "changed since you ticked" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Story.Status.DRAFT
    assert "Zorblatt" not in [q.text for q in draft.quick_looks.all()]
    assert "Zorblatt" in response.content.decode(), "the editor's unsaved change is shown back"


def test_scheduling_with_warnings_needs_the_tick_too(editor, draft):
    client = client_for(editor)
    add_bullet(client, draft, "The governor declared martial law.")
    soon = (timezone.localtime(timezone.now() + timedelta(hours=2))).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(reverse("desk:story", args=[draft.pk]), publish_form(client, draft, action="schedule", publish_at=soon))
    assert refused.status_code == 400 and "Not scheduled" in refused.content.decode()
    assert not Schedule.objects.filter(story=draft).exists()
    client.post(reverse("desk:story", args=[draft.pk]), publish_form(client, draft, action="schedule", publish_at=soon, acknowledge_warnings="1"))
    assert Schedule.objects.filter(story=draft, done_at__isnull=True).exists()
    assert draft.revisions.filter(action="checked 1 Quick Looks warning", user=editor).exists()


def test_reporters_still_cannot_publish_even_with_the_tick(reporter, draft):
    client = client_for(reporter)
    add_bullet(client, draft, "The governor declared martial law.")
    response = client.post(reverse("desk:story", args=[draft.pk]), publish_form(client, draft, action="publish", acknowledge_warnings="1"))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Story.Status.DRAFT
    page = client.get(reverse("desk:story", args=[draft.pk])).content.decode()
    assert 'id="acknowledge_warnings"' not in page
