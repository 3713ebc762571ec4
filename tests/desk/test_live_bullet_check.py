"""Saving a live or scheduled story checks its Quick Looks like publishing does: new warnings need an editor's tick."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from quicklooks.desk import workflow
from quicklooks.desk.models import Schedule
from quicklooks.stories.models import Story
from tests.desk.test_bullet_tracing import publish_form
from tests.desk.test_desk import client_for, form_of

pytestmark = pytest.mark.django_db

INVENTED = "The governor declared martial law."


@pytest.fixture
def live(draft, editor):
    workflow.publish_now(draft, user=editor)
    return draft


@pytest.fixture
def scheduled(draft, editor):
    workflow.schedule(draft, timezone.now() + timedelta(hours=2), user=editor)
    return draft


def save(client, story, **extra):
    return client.post(reverse("desk:story", args=[story.pk]), publish_form(client, story, action="save") | extra)


def bullets_of(story):
    return [q.text for q in story.quick_looks.order_by("position")]


def test_a_bullet_added_to_a_live_story_needs_the_tick(editor, live):
    client = client_for(editor)
    revisions_before = live.revisions.count()

    refused = save(client, live, **{"ql-new-text": INVENTED})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Not saved: this story is live, and the Quick Looks would have 1 Quick Looks warning no editor has checked" in page
    assert "tick “I have checked these bullets against the Deep Look”" in page
    # Without JavaScript the page that says no is the form to fix it in: the edit kept, the box to tick.
    assert INVENTED in page and 'id="acknowledge_warnings"' in page
    assert "to check before saving this live story" in page
    assert INVENTED not in bullets_of(live) and live.revisions.count() == revisions_before

    data = form_of(client, live) | {"ql-new-text": INVENTED, "action": "save", "acknowledge_warnings": "1",
                                    "warnings_digest": refused.context["warnings_digest"]}
    done = client.post(reverse("desk:story", args=[live.pk]), data)
    assert done.status_code == 302
    live.refresh_from_db()
    assert live.status == Story.Status.PUBLISHED and INVENTED in bullets_of(live)
    saved, checked = live.revisions.order_by("-number")[1], live.revisions.order_by("-number")[0]
    assert saved.action == "saved"
    assert checked.action == "checked 1 Quick Looks warning" and checked.user == editor


def test_a_deep_look_edit_that_unhooks_a_live_bullet_needs_the_tick(editor, live):
    client = client_for(editor)
    data = form_of(client, live)
    # Any bullet stating a number the Deep Look gives (which one depends on the engine's output): edit that number away.
    import re

    blocks = {key: value for key, value in data.items() if key.startswith("block-") and key.endswith("-text")}
    bullet, number, block = next(
        (q, n, key)
        for q in live.quick_looks.order_by("position")
        for n in re.findall(r"\b\d+\b", q.text)
        for key, value in blocks.items()
        if re.search(rf"\b{n}\b", value) and sum(bool(re.search(rf"\b{n}\b", v)) for v in blocks.values()) == 1
    )
    data[block] = re.sub(rf"\b{number}\b", "a dozen", data[block])

    refused = client.post(reverse("desk:story", args=[live.pk]), data | {"action": "save"})
    assert refused.status_code == 400
    assert f"The number {number} is not in the Deep Look" in refused.content.decode()
    live.refresh_from_db()
    assert re.search(rf"\b{number}\b", " ".join(b.text for b in live.blocks.all())), "the live Deep Look is unchanged"

    ticked = data | {"action": "save", "acknowledge_warnings": "1", "warnings_digest": refused.context["warnings_digest"]}
    assert client.post(reverse("desk:story", args=[live.pk]), ticked).status_code == 302
    live.refresh_from_db()
    assert "a dozen" in " ".join(b.text for b in live.blocks.all())
    assert bullet.text in bullets_of(live)
    assert live.revisions.filter(action__startswith="checked ", user=editor).exists()


def test_warnings_already_checked_are_not_asked_about_again(editor, draft):
    client = client_for(editor)
    client.post(reverse("desk:story", args=[draft.pk]), form_of(client, draft) | {"ql-new-text": INVENTED, "action": "save"})
    published = client.post(reverse("desk:story", args=[draft.pk]), publish_form(client, draft, action="publish", acknowledge_warnings="1"))
    assert published.status_code == 302
    page = client.get(reverse("desk:story", args=[draft.pk])).content.decode()
    assert 'id="acknowledge_warnings"' not in page, "nothing new to vouch for"

    # A headline fix on the live story goes through; the checked bullet is still the one that was checked.
    assert save(client, draft, headline="Putin warns foreign troops").status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "Putin warns foreign troops"
    # A second invented bullet is new: that one needs the tick.
    assert save(client, draft, **{"ql-new-text": "Russia sank 40 Zorblatt ships."}).status_code == 400


def test_a_scheduled_story_is_checked_on_save_too(editor, reporter, scheduled):
    rita = client_for(reporter)
    refused = save(rita, scheduled, **{"ql-new-text": INVENTED})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Not saved: this story is scheduled to be published" in page
    assert "ask an editor to check them" in page
    assert 'id="acknowledge_warnings"' not in page, "only editors vouch for bullets"
    assert rita.post(reverse("desk:story", args=[scheduled.pk]),
                     publish_form(rita, scheduled, action="save", acknowledge_warnings="1", **{"ql-new-text": INVENTED})).status_code == 400
    assert INVENTED not in bullets_of(scheduled)

    eddie = client_for(editor)
    assert save(eddie, scheduled, **{"ql-new-text": INVENTED}).status_code == 400
    refused = save(eddie, scheduled, **{"ql-new-text": INVENTED})
    data = form_of(eddie, scheduled) | {"ql-new-text": INVENTED, "action": "save", "acknowledge_warnings": "1",
                                        "warnings_digest": refused.context["warnings_digest"]}
    assert eddie.post(reverse("desk:story", args=[scheduled.pk]), data).status_code == 302
    assert INVENTED in bullets_of(scheduled)
    assert Schedule.objects.get(story=scheduled).pending
    # Once checked, the reporter can save other changes to the scheduled story.
    assert save(rita, scheduled, headline="Putin warns foreign troops").status_code == 302


def test_sending_a_scheduled_story_for_review_is_a_save_too(editor, scheduled):
    refused = client_for(editor).post(reverse("desk:story", args=[scheduled.pk]),
                                      form_of(client_for(editor), scheduled) | {"ql-new-text": INVENTED, "action": "review"})
    assert refused.status_code == 400
    assert INVENTED not in bullets_of(scheduled)


@pytest.mark.parametrize("action", ["cancel_schedule", "made-up"])
def test_a_tampered_action_on_a_live_story_is_still_checked(editor, live, action):
    client = client_for(editor)
    response = client.post(reverse("desk:story", args=[live.pk]), form_of(client, live) | {"ql-new-text": INVENTED, "action": action})
    assert response.status_code == 400
    assert INVENTED not in bullets_of(live)


def test_drafts_save_as_before(editor, draft):
    client = client_for(editor)
    assert save(client, draft, **{"ql-new-text": INVENTED}).status_code == 302
    assert INVENTED in bullets_of(draft)
    assert not draft.revisions.filter(action__startswith="checked ").exists()


def test_unpublishing_with_an_edit_is_not_asked_about(editor, live):
    client = client_for(editor)
    response = client.post(reverse("desk:story", args=[live.pk]), form_of(client, live) | {"ql-new-text": INVENTED, "action": "unpublish"})
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.status == Story.Status.DRAFT and INVENTED in bullets_of(live)


def test_restoring_an_old_revision_onto_a_live_story_needs_the_tick(editor, draft):
    client = client_for(editor)
    client.post(reverse("desk:story", args=[draft.pk]), form_of(client, draft) | {"ql-new-text": INVENTED, "action": "save"})
    flagged = draft.revisions.order_by("-number").first()
    last = len(flagged.snapshot["quick_looks"]) - 1
    client.post(reverse("desk:story", args=[draft.pk]), form_of(client, draft) | {f"ql-{last}-delete": "1", "action": "publish"})
    draft.refresh_from_db()
    assert draft.status == Story.Status.PUBLISHED and INVENTED not in bullets_of(draft)

    url = reverse("desk:restore", args=[draft.pk, flagged.number])
    page = client.get(reverse("desk:revision", args=[draft.pk, flagged.number]))
    assert 'id="acknowledge_warnings"' in page.content.decode()
    refused = client.post(url)
    assert refused.status_code == 400
    assert "Not restored: this story is live" in refused.content.decode()
    assert INVENTED not in bullets_of(draft)

    assert client.post(url, {"acknowledge_warnings": "1", "warnings_digest": page.context["warnings_digest"]}).status_code == 302
    assert INVENTED in bullets_of(draft)
    assert draft.revisions.order_by("-number").first().action == "checked 1 Quick Looks warning"
