"""The desk answers altered or impossible form values with a 400 and a message, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quicklooks.desk import revisions
from tests.desk.test_desk import client_for, form_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", ["abc", "-1", "²", "1.5", "99999999999999999999999", "1000000000"])
def test_a_tampered_block_count_is_a_400_with_the_form_and_a_message(reporter, draft, count):
    client = client_for(reporter)
    before = revisions.snapshot(draft)
    data = form_of(client, draft)
    data["block-0-text"] = data["block-0-text"] + " An edit the reporter made."
    data["block-count"] = count

    response = client.post(reverse("desk:story", args=[draft.pk]), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "hidden block count" in page and "nothing was saved" in page
    assert "Traceback" not in page
    # The editor's own change is shown back to them, and the form can be saved again as it stands.
    assert "An edit the reporter made." in page
    assert f'name="block-count" value="{len(before["blocks"])}"' in page
    draft.refresh_from_db()
    assert revisions.snapshot(draft) == before


def test_after_a_tampered_count_the_form_shown_back_saves(reporter, draft):
    client = client_for(reporter)
    data = form_of(client, draft)
    data["block-count"] = "abc"
    data["block-0-text"] += " Kept after the refusal."
    assert client.post(reverse("desk:story", args=[draft.pk]), data).status_code == 400
    data = form_of(client, draft)
    data["block-0-text"] += " Kept after the refusal."
    assert client.post(reverse("desk:story", args=[draft.pk]), data).status_code == 302
    assert "Kept after the refusal." in revisions.snapshot(draft)["blocks"][0]["text"]


def test_a_missing_block_count_still_means_no_blocks_sent(reporter, draft):
    client = client_for(reporter)
    data = {k: v for k, v in form_of(client, draft).items() if not k.startswith("block-")}
    response = client.post(reverse("desk:story", args=[draft.pk]), data)
    assert response.status_code == 400
    assert "needs at least one paragraph" in response.content.decode()


@pytest.mark.parametrize("field", ["section", "show"])
@pytest.mark.parametrize("value", ["²", "abc", "999999", "99999999999999999999999"])
def test_a_section_or_show_that_is_not_there_is_a_400_not_a_silent_change(reporter, draft, field, value):
    client = client_for(reporter)
    data = form_of(client, draft)
    data[field] = value
    response = client.post(reverse("desk:story", args=[draft.pk]), data)
    assert response.status_code == 400
    assert f"{field.capitalize()}: the one chosen no longer exists" in response.content.decode()


@pytest.mark.parametrize("base", ["²", "abc", "-3", "99999999999999999999999"])
def test_a_tampered_base_revision_is_treated_as_a_conflict(reporter, draft, base):
    client = client_for(reporter)
    data = form_of(client, draft)
    data["base_revision"] = base
    response = client.post(reverse("desk:story", args=[draft.pk]), data)
    assert response.status_code == 409
    assert "saved this story while you were editing" in response.content.decode()


def test_non_finite_order_numbers_keep_the_bullet_where_it_was(reporter, draft):
    client = client_for(reporter)
    order = [b["text"] for b in revisions.snapshot(draft)["quick_looks"]]
    data = form_of(client, draft)
    data["ql-0-position"] = "nan"
    data["ql-1-position"] = "inf"
    data["block-0-position"] = "NaN"
    assert client.post(reverse("desk:story", args=[draft.pk]), data).status_code == 302
    assert [b["text"] for b in revisions.snapshot(draft)["quick_looks"]] == order


@pytest.mark.parametrize("when", ["2026-13-45T10:00", "2026-02-30T09:30", "tomorrow", ""])
def test_an_impossible_publish_time_is_a_400(editor, draft, when):
    client = client_for(editor)
    data = form_of(client, draft)
    response = client.post(reverse("desk:story", args=[draft.pk]), {**data, "action": "schedule", "publish_at": when})
    assert response.status_code == 400
    assert "Publish at: give a date and time" in response.content.decode()


@pytest.mark.parametrize("param", ["section", "source"])
def test_inbox_filters_ignore_ids_that_are_not_numbers(reporter, draft, param):
    response = client_for(reporter).get(reverse("desk:inbox"), {param: "²"})
    assert response.status_code == 200
