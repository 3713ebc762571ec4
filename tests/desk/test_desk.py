"""The desk through Django's test client: roles, the editor, workflow, revisions, conflicts, corrections."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quicklooks.desk import revisions, workflow
from quicklooks.desk.models import Correction, Revision, Schedule
from quicklooks.stories.models import QuickLook, Section, Story

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_of(client, story) -> dict:
    """The editor form's fields as a browser would send them back."""
    response = client.get(reverse("desk:story", args=[story.pk]))
    assert response.status_code == 200
    context = response.context
    snap = context["snap"]
    data = {
        "base_revision": str(context["base"].pk),
        "headline": snap["headline"], "outlet": snap["outlet"], "dateline": snap["dateline"],
        "bylines": " and ".join(snap["bylines"]), "standfirst": snap["standfirst"],
        "section": next((str(x.pk) for x in context["sections"] if x.name == snap["section"]), ""),
        "show": next((str(x.pk) for x in context["shows"] if x.name == snap["show"]), ""),
        "tags": ", ".join(snap["tags"]),
        "quick_looks_label": snap["quick_looks_label"],
        "deep_look_headline": snap["deep_look_headline"], "deep_look_dateline": snap["deep_look_dateline"],
        "block-count": str(len(snap["blocks"])),
    }
    for i, bullet in enumerate(snap["quick_looks"]):
        data[f"ql-{i}-text"] = bullet["text"]
        data[f"ql-{i}-position"] = str(i + 1)
    for i, block in enumerate(snap["blocks"]):
        data[f"block-{i}-kind"] = block["kind"]
        data[f"block-{i}-text"] = "\n".join(block["items"]) if block["kind"] == "list" else block["text"]
        data[f"block-{i}-position"] = str(i + 1)
    return data


def test_desk_needs_a_staff_role(client, django_user_model, draft):
    assert client.get(reverse("desk:inbox")).status_code == 302  # to login
    reader = django_user_model.objects.create_user(username="reader", password="reader-pass-123")
    client.force_login(reader)
    assert client.get(reverse("desk:inbox")).status_code == 403


def test_inbox_lists_drafts_and_filters(reporter, draft):
    local = Section.objects.create(name="Local", slug="local")
    client = client_for(reporter)
    page = client.get(reverse("desk:inbox"), {"status": "open"}).content.decode()
    assert draft.headline in page
    assert client.get(reverse("desk:inbox"), {"section": local.pk, "status": "open"}).context["page"].paginator.count == 0
    assert client.get(reverse("desk:inbox"), {"status": "draft"}).context["page"].paginator.count == 1
    assert client.get(reverse("desk:inbox"), {"status": "published"}).context["page"].paginator.count == 0
    assert client.get(reverse("desk:inbox"), {"source": "none", "status": "all"}).context["page"].paginator.count == 1


def test_editor_shows_each_generated_bullet_with_its_source_sentence(reporter, draft):
    response = client_for(reporter).get(reverse("desk:story", args=[draft.pk]))
    bullets = response.context["bullets"]
    assert bullets and all(b.origin == "generated" for b in bullets)
    first = bullets[0]
    assert first.excerpts, "a generated bullet shows the sentence it came from"
    before, sentence, after = first.excerpts[0]
    assert sentence and sentence in draft.deep_look_text()
    assert f"<mark>{sentence[:30]}" in response.content.decode().replace("&#x27;", "'").replace("&quot;", '"') or "<mark>" in response.content.decode()


def test_rewrite_reorder_delete_add_and_verify(reporter, draft):
    client = client_for(reporter)
    data = form_of(client, draft)
    original = [q.text for q in draft.quick_looks.order_by("position")]
    data["headline"] = "Putin says foreign troops in Ukraine would be targets"
    data["ql-0-text"] = original[0] + " 9,999 Zorblatt"  # invents a number and a name
    data["ql-0-position"] = "2"
    data["ql-1-position"] = "1"
    data["ql-2-delete"] = "1"
    data["ql-new-text"] = "A bullet written by hand."
    data["block-new-kind"] = "subhead"
    data["block-new-text"] = "What comes next"
    data["action"] = "save"
    response = client.post(reverse("desk:story", args=[draft.pk]), data, follow=True)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.headline.startswith("Putin says foreign troops")
    bullets = list(draft.quick_looks.order_by("position"))
    assert [b.text for b in bullets[:2]] == [original[1], original[0] + " 9,999 Zorblatt"]
    # Rewritten with a number and a name the story never gives: traced again, no sentence states it, so no source.
    assert bullets[1].origin == QuickLook.Origin.HUMAN and bullets[1].sources == [], "no longer linked to a sentence that does not say it"
    assert bullets[0].origin == QuickLook.Origin.GENERATED
    assert original[2] not in [b.text for b in bullets]
    assert bullets[-1].text == "A bullet written by hand."
    assert draft.blocks.order_by("-position").first().text == "What comes next"
    page = response.content.decode()
    assert "The number 9,999 is not in the Deep Look" in page
    assert "Zorblatt" in page and "is not in the Deep Look" in page
    assert "Written by an editor: no sentence in the Deep Look states this bullet" in page
    assert "Quick Looks warning" in page
    revision = draft.revisions.order_by("-number").first()
    assert revision.action == "saved" and revision.user.username == "rita"
    assert {"headline", "quick_looks", "blocks"} <= set(revision.changed)


def test_bad_input_is_refused_with_the_field_named(reporter, draft):
    client = client_for(reporter)
    data = form_of(client, draft) | {"headline": "  ", "action": "save"}
    response = client.post(reverse("desk:story", args=[draft.pk]), data)
    assert response.status_code == 400
    assert "Headline: write a headline" in response.content.decode()
    draft.refresh_from_db()
    assert draft.headline


def test_reporter_submits_editor_publishes(reporter, editor, draft, client):
    rita = client_for(reporter)
    data = form_of(rita, draft)
    assert rita.post(reverse("desk:story", args=[draft.pk]), data | {"action": "publish"}).status_code == 403
    rita.post(reverse("desk:story", args=[draft.pk]), data | {"action": "review"})
    draft.refresh_from_db()
    assert draft.status == Story.Status.REVIEW
    assert client.get(reverse("stories:story", args=[draft.slug])).status_code == 404

    eddie = client_for(editor)
    eddie.post(reverse("desk:story", args=[draft.pk]), form_of(eddie, draft) | {"action": "publish"})
    draft.refresh_from_db()
    assert draft.status == Story.Status.PUBLISHED and draft.published_at
    assert draft.headline in client.get(reverse("stories:home")).content.decode()
    # A published story is the editors' now.
    assert rita.post(reverse("desk:story", args=[draft.pk]), form_of(eddie, draft) | {"action": "save"}).status_code == 403

    eddie.post(reverse("desk:story", args=[draft.pk]), form_of(eddie, draft) | {"action": "unpublish"})
    draft.refresh_from_db()
    assert draft.status == Story.Status.DRAFT
    assert client.get(reverse("stories:story", args=[draft.slug])).status_code == 404
    actions = list(draft.revisions.order_by("number").values_list("action", flat=True))
    assert actions == ["arrived", "sent for review", "approved: 8 machine-written Quick Looks bullets reviewed", "published", "unpublished"]
    approval = draft.revisions.get(number=3)
    assert approval.user == editor


def test_two_editors_get_a_warning_not_a_silent_overwrite(editor, second_editor, draft):
    eddie, erin = client_for(editor), client_for(second_editor)
    eddie_form = form_of(eddie, draft)
    erin_form = form_of(erin, draft)
    assert "Someone else has this story open" in eddie.get(reverse("desk:story", args=[draft.pk])).content.decode()

    eddie.post(reverse("desk:story", args=[draft.pk]), eddie_form | {"headline": "Eddie's headline", "action": "save"})
    response = erin.post(reverse("desk:story", args=[draft.pk]), erin_form | {"headline": "Erin's headline", "action": "save"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "saved this story while you were editing" in page and "eddie" in page
    assert "Eddie&#x27;s headline" in page  # their change, in the diff
    assert "Erin&#x27;s headline" in page  # her own text kept in the form
    draft.refresh_from_db()
    assert draft.headline == "Eddie's headline"

    # She chooses to keep hers: the form now carries the newer base and overwrite.
    again = erin_form | {"headline": "Erin's headline", "action": "save", "overwrite": "1",
                         "base_revision": str(response.context["base"].pk)}
    assert erin.post(reverse("desk:story", args=[draft.pk]), again).status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "Erin's headline"


def test_revisions_show_a_diff_and_restore(editor, draft):
    client = client_for(editor)
    client.post(reverse("desk:story", args=[draft.pk]), form_of(client, draft) | {"headline": "Changed headline", "action": "save"})
    first, second = Revision.objects.filter(story=draft).order_by("number")
    page = client.get(reverse("desk:revision", args=[draft.pk, second.number])).content.decode()
    assert "<ins>+Headline: Changed headline</ins>" in page
    assert "<del>-Headline: " in page
    assert "eddie" in client.get(reverse("desk:revisions", args=[draft.pk])).content.decode()
    client.post(reverse("desk:restore", args=[draft.pk, first.number]))
    draft.refresh_from_db()
    assert draft.headline == first.snapshot["headline"]
    assert revisions.latest(draft).action == f"restored revision {first.number}"
    assert revisions.snapshot(draft)["quick_looks"] == first.snapshot["quick_looks"]


def test_corrections_appear_on_the_story_page_with_their_date(editor, reporter, draft, client):
    workflow.publish_now(draft)
    url = reverse("desk:add_correction", args=[draft.pk])
    assert client_for(reporter).post(url, {"note": "x"}).status_code == 403
    client_for(editor).post(url, {"note": "An earlier version misstated the number of drones."})
    assert Correction.objects.count() == 1
    page = client.get(reverse("stories:story", args=[draft.slug])).content.decode()
    assert "An earlier version misstated the number of drones." in page
    assert timezone.localtime(timezone.now()).strftime("%-d %b %Y") in page
    assert "desk/corrections.css" in page


def test_schedule_publishes_when_due(editor, draft):
    client = client_for(editor)
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("desk:story", args=[draft.pk]), form_of(client, draft) | {"action": "schedule", "publish_at": past})
    assert response.status_code == 400 and "That time has passed" in response.content.decode()
    soon = (timezone.localtime() + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M")
    client.post(reverse("desk:story", args=[draft.pk]), form_of(client, draft) | {"action": "schedule", "publish_at": soon})
    entry = Schedule.objects.get(story=draft)
    assert entry.pending
    assert workflow.publish_due() == 0, "not yet due"
    Schedule.objects.filter(pk=entry.pk).update(publish_at=timezone.now() - timedelta(seconds=1))
    assert workflow.publish_due() == 1
    draft.refresh_from_db()
    assert draft.status == Story.Status.PUBLISHED
    assert workflow.publish_due() == 0, "publishing is done once"


def test_forms_need_csrf(editor, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(reverse("desk:add_correction", args=[draft.pk]), {"note": "x"}).status_code == 403


def test_reporter_writes_a_new_story(reporter):
    client = client_for(reporter)
    body = (
        "The harbour board approved a new lighthouse keeper's cottage on Monday after a two-year campaign by residents.\n"
        "The cottage will cost 240,000 pounds and open in May, the board's chair, Ingrid Vass, said."
    )
    response = client.post(reverse("desk:new_story"), {"headline": "Lighthouse cottage approved", "body": body})
    story = Story.objects.get(headline="Lighthouse cottage approved")
    assert response.status_code == 302 and response.url == reverse("desk:story", args=[story.pk])
    assert story.status == Story.Status.DRAFT and story.blocks.count() == 2
    assert story.revisions.get().user.username == "rita"


def test_regenerate_replaces_hand_edits_with_generated_bullets(editor, draft):
    client = client_for(editor)
    data = form_of(client, draft)
    for key in [k for k in data if k.startswith("ql-")]:
        data.pop(key)
    data |= {"ql-new-text": "Only a hand-written bullet.", "action": "save"}
    client.post(reverse("desk:story", args=[draft.pk]), data)
    assert list(draft.quick_looks.values_list("origin", flat=True)) == ["human"]
    client.post(reverse("desk:story", args=[draft.pk]), {"action": "regenerate"})
    origins = set(draft.quick_looks.values_list("origin", flat=True))
    assert origins == {"generated"} and draft.quick_looks.count() >= 3
    assert revisions.latest(draft).action == "Quick Looks regenerated"
