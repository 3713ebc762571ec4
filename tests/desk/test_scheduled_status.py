"""A scheduled story "Needs review" in the database; the desk says "Scheduled for <time>" instead, in the site's time zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.urls import reverse
from django.utils import timezone

from quicklooks.desk import workflow
from quicklooks.desk.models import Schedule
from tests.desk.test_desk import client_for

pytestmark = pytest.mark.django_db


def test_a_scheduled_story_says_when_it_goes_out_in_the_sites_time_zone(editor, draft, settings):
    settings.TIME_ZONE = "Europe/Kyiv"  # the site's zone is not UTC: every date on the desk is written in it
    when = (timezone.now() + timedelta(days=2)).replace(hour=7, minute=30, second=0, microsecond=0)
    workflow.schedule(draft, when, user=editor)
    draft.refresh_from_db()
    assert draft.status == "review"
    from zoneinfo import ZoneInfo

    local = when.astimezone(ZoneInfo("Europe/Kyiv"))
    label = f"Scheduled for <time datetime=\"{local.isoformat()}\">{local:%-d %b %Y, %H:%M} {local.tzname()}</time>"
    client = client_for(editor)

    inbox = client.get(reverse("desk:inbox")).content.decode()
    assert label in inbox
    assert "status-review\">Needs review<" not in inbox
    editor_page = client.get(reverse("desk:story", args=[draft.pk])).content.decode()
    assert label in editor_page
    assert 'class="status status-scheduled"' in editor_page

    # Once the schedule is cancelled, the story is simply in review again.
    workflow.cancel_schedule(draft, user=editor)
    inbox = client.get(reverse("desk:inbox")).content.decode()
    assert "Scheduled for" not in inbox and "status-review\">Needs review<" in inbox


def test_a_story_published_on_schedule_is_shown_as_published(editor, draft):
    workflow.schedule(draft, timezone.now() + timedelta(minutes=5), user=editor)
    Schedule.objects.filter(story=draft).update(publish_at=datetime(2020, 1, 1, tzinfo=dt_timezone.utc))
    assert workflow.publish_if_due(draft.pk)
    inbox = client_for(editor).get(reverse("desk:inbox"), {"status": "all"}).content.decode()
    assert "status-published\">Published<" in inbox and "Scheduled for" not in inbox
