"""A desk an editor can trust: nothing typed is lost, sources on the desk, the Desk link, login redirects, previews."""

from __future__ import annotations

import io
import logging
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from quicklooks.desk import workflow
from quicklooks.ingest.models import Source
from quicklooks.stories.models import Story
from tests.desk.test_desk import client_for

pytestmark = pytest.mark.django_db

INVENTED = "The governor declared martial law."


class EditorForm(HTMLParser):
    """The editor form's fields exactly as the page holds them, as a browser without JavaScript would send them."""

    def __init__(self, html: str, action: str):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._in_form = False
        self._textarea = None
        self._select = None
        self.feed(html)
        self.action = action

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "editor" in (a.get("class") or ""):
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.fields[a["name"]] = a.get("value", "on")
            elif a.get("type") != "submit":
                self.fields[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[self._textarea] = ""
        elif tag == "select":
            self._select = a["name"]
            self.fields.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in a:
            self.fields[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_on(page: str) -> dict:
    return EditorForm(page, "").fields


@pytest.fixture
def live(draft, editor):
    workflow.publish_now(draft, user=editor)
    return draft


def test_a_refused_save_keeps_every_bullet_typed_and_one_press_saves(editor, live):
    client = client_for(editor)
    url = reverse("desk:story", args=[live.pk])
    fields = form_on(client.get(url).content.decode())
    stored = [q.text for q in live.quick_looks.order_by("position")]
    fields["ql-new-text"] = INVENTED  # a warning on a live story: the save needs the tick
    fields["ql-0-position"], fields["ql-1-position"] = "2", "1"  # reordered
    fields["ql-2-delete"] = "1"  # removed
    fields["headline"] = "A headline typed before the refusal"
    refused = client.post(url, fields | {"action": "save"})
    assert refused.status_code == 400 and "Not saved" in refused.content.decode()
    live.refresh_from_db()
    assert [q.text for q in live.quick_looks.order_by("position")] == stored, "nothing is saved on a refusal"

    # The page shown again holds everything typed, in the order typed.
    again = form_on(refused.content.decode())
    shown = [again[f"ql-{i}-text"] for i in range(int(again["ql-count"]))]
    assert shown == [stored[1], stored[0], *stored[3:], INVENTED]
    assert again["headline"] == "A headline typed before the refusal"

    # Tick and save: one press.
    done = client.post(url, again | {"acknowledge_warnings": "1", "action": "save"})
    assert done.status_code == 302, done.content.decode()[:2000]
    live.refresh_from_db()
    bullets = list(live.quick_looks.order_by("position"))
    assert [b.text for b in bullets] == shown
    assert live.headline == "A headline typed before the refusal"
    # Reordered machine bullets are still the engine's, with their sentences; the typed one is a person's.
    assert bullets[0].origin == bullets[1].origin == "generated" and bullets[0].sources and bullets[1].sources
    assert bullets[-1].origin == "human" and bullets[-1].sources == []


def test_a_tampered_bullet_state_counts_as_typed_by_hand(editor, draft):
    client = client_for(editor)
    url = reverse("desk:story", args=[draft.pk])
    fields = form_on(client.get(url).content.decode())
    fields["ql-0-state"] = fields["ql-0-state"][:-3] + "xyz"
    assert client.post(url, fields | {"action": "save"}).status_code == 302
    first = draft.quick_looks.order_by("position").first()
    assert first.origin == "human", "a state we did not sign is not believed"


def test_machine_written_bullets_are_highlighted_and_low_confidence_ones_marked(editor, draft):
    from quicklooks.desk.editing import LOW_CONFIDENCE

    draft.quick_looks.update(confidence=0.9)
    first = draft.quick_looks.order_by("position").first()
    first.confidence = LOW_CONFIDENCE - 0.2
    first.save()
    client = client_for(editor)
    url = reverse("desk:story", args=[draft.pk])
    page = client.get(url).content.decode()
    count = draft.quick_looks.count()
    assert f"{count} of {count} bullets were written by the engine" in page
    assert page.count("bullet-review") == count
    assert page.count("bullet-low-confidence") == 1 and "confidence 0.30, low confidence" in page
    assert "those under 0.5 are marked “low confidence”" in page

    # A save keeps the engine's confidence on bullets it still wrote, and drops it from one a person rewrote.
    fields = form_on(page)
    fields["ql-1-text"] = fields["ql-1-text"] + " Today."
    assert client.post(url, fields | {"action": "save"}).status_code == 302
    bullets = list(draft.quick_looks.order_by("position"))
    assert bullets[0].confidence == LOW_CONFIDENCE - 0.2 and bullets[0].origin == "generated"
    assert bullets[1].origin == "human" and bullets[1].confidence is None
    assert bullets[2].confidence == 0.9


def test_without_a_confidence_every_machine_bullet_is_highlighted_alike(editor, draft):
    draft.quick_looks.update(confidence=None)
    page = client_for(editor).get(reverse("desk:story", args=[draft.pk])).content.decode()
    assert "gave these bullets no confidence score, so every machine-written bullet is highlighted alike" in page
    assert "bullet-low-confidence" not in page


def test_inbox_opens_on_needs_review_and_the_masthead_counts_them(editor, reporter, draft, files_dir, client):
    from quicklooks.stories.library import import_paths

    import_paths([str(files_dir / "stories" / "no-quick-looks.txt")], echo=lambda line: None)
    held = Story.objects.get(status=Story.Status.REVIEW)
    inbox = client_for(reporter).get(reverse("desk:inbox"))
    assert inbox.context["filters"]["status"] == "review"
    assert [s.pk for s in inbox.context["page"].object_list] == [held.pk]
    page = inbox.content.decode()
    assert "machine-written</span>" in page
    assert 'class="desk-link">Desk <span class="review-count">(1 needs review)</span>' in page
    # Readers see no Desk link at all.
    from django.contrib.auth import get_user_model

    reader = get_user_model().objects.create_user("reader", "reader@example.org", "reader-pass-123")
    assert "desk-link" not in client_for(reader).get(reverse("stories:home")).content.decode()
    assert "desk-link" not in client.get(reverse("stories:home")).content.decode()


def test_approving_records_who_approved_in_the_history(editor, files_dir):
    from quicklooks.stories.library import import_paths
    from tests.desk.test_bullet_tracing import publish_form

    import_paths([str(files_dir / "stories" / "no-quick-looks.txt")], echo=lambda line: None)
    story = Story.objects.get()
    client = client_for(editor)
    assert "Approve and publish now" in client.get(reverse("desk:story", args=[story.pk])).content.decode()
    client.post(reverse("desk:story", args=[story.pk]), publish_form(client, story, action="publish", acknowledge_warnings="1"))
    story.refresh_from_db()
    assert story.is_published
    approval = story.revisions.filter(action__startswith="approved").get()
    assert approval.user == editor and "machine-written" in approval.action


def test_a_draft_is_previewed_in_the_public_template(editor, draft, client):
    response = client_for(editor).get(reverse("desk:preview", args=[draft.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex"
    assert "Preview: readers cannot see this story." in page
    assert 'id="story-headline"' in page and "Deep Look:" in page and 'class="quick-looks"' in page
    assert client.get(reverse("stories:story", args=[draft.slug])).status_code == 404
    assert client.get(reverse("desk:preview", args=[draft.pk])).status_code == 302, "anonymous: log in first"


@pytest.mark.parametrize("path", ["/desk/", "/desk/sources/", "/desk/story/1/", "/desk/story/1/preview/", "/topics/some-topic/edit/"])
def test_anonymous_visitors_on_staff_pages_are_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login")), path
    assert "next=" in response["Location"]


def test_a_refused_request_is_logged_on_one_line_without_a_traceback(django_user_model, settings):
    from django.utils.module_loading import import_string

    reader = django_user_model.objects.create_user("reader", "reader@example.org", "reader-pass-123")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(import_string(settings.LOGGING["filters"]["refusals"]["()"])())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        assert client_for(reader).get("/desk/").status_code == 403
    finally:
        logger.removeHandler(handler)
    logged = stream.getvalue()
    assert "Forbidden" in logged and "/desk/" in logged
    assert "Traceback" not in logged
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["refusals"]


def test_sources_are_added_paused_and_set_to_publish_on_the_desk(editor, reporter, tmp_path):
    client = client_for(editor)
    url = reverse("desk:sources")
    bad = client.post(url, {"name": "Wire", "kind": "feed", "url": "ftp://wire.example/rss", "poll_interval": "30"})
    assert bad.status_code == 400 and "Give an http:// or https:// address" in bad.content.decode()
    assert client.post(url, {"name": "Wire", "kind": "feed", "url": "https://wire.example/rss", "poll_interval": "15"}).status_code == 302
    folder = client.post(url, {"name": "Drop", "kind": "folder", "url": str(tmp_path), "poll_interval": "5", "auto_publish": "on"})
    assert folder.status_code == 302
    wire, drop = Source.objects.get(name="Wire"), Source.objects.get(name="Drop")
    assert wire.active and not wire.auto_publish and wire.poll_interval == 15
    assert drop.auto_publish and drop.auto_publish_set_by == "eddie"

    settings_url = reverse("desk:source_settings", args=[wire.pk])
    client.post(settings_url, {"change": "pause"})
    wire.refresh_from_db()
    assert not wire.active
    client.post(settings_url, {"change": "resume"})
    client.post(settings_url, {"change": "publish_automatically"})
    wire.refresh_from_db()
    assert wire.active and wire.auto_publish and wire.auto_publish_set_by == "eddie"

    Source.objects.filter(pk=wire.pk).update(consecutive_failures=3, last_error="the feed answered 503")
    page = client_for(reporter).get(url).content.decode()
    assert "3 failed polls in a row" in page and "the feed answered 503" in page
    assert "Add a source" not in page, "reporters see sources but do not change them"
    assert client_for(reporter).post(settings_url, {"change": "pause"}).status_code == 403


def test_a_story_from_a_source_set_on_the_desk_names_who_set_it(editor, tmp_path, files_dir):
    from quicklooks.ingest.ingesting import poll_source

    (tmp_path / "story.txt").write_bytes((files_dir / "stories" / "no-quick-looks.txt").read_bytes())
    client = client_for(editor)
    client.post(reverse("desk:sources"), {"name": "Drop", "kind": "folder", "url": str(tmp_path), "poll_interval": "5", "auto_publish": "on"})
    poll_source(Source.objects.get(name="Drop"))
    story = Story.objects.get()
    assert story.is_published
    override = story.publish_overrides.get()
    assert override.set_by == "source “Drop”, set to publish automatically by eddie"
    page = client.get(reverse("desk:story", args=[story.pk])).content.decode()
    assert "Published without review" in page and "set to publish automatically by eddie" in page


def test_dates_are_written_one_way_in_the_sites_time_zone(settings):
    from datetime import datetime, timezone

    from django.utils import timezone as django_timezone

    from quicklooks.stories.templatetags.dates import day, when

    settings.TIME_ZONE = "America/New_York"
    moment = datetime(2026, 12, 3, 14, 5, tzinfo=timezone.utc)
    with django_timezone.override("America/New_York"):
        assert when(moment) == "3 Dec 2026, 09:05 EST"
        assert day(moment) == "3 Dec 2026"


def test_a_desk_headline_with_a_slash_is_kept_whole(reporter):
    client = client_for(reporter)
    body = "SPRINGFIELD — Pet owners split over the council's new rules for cats and dogs on Tuesday evening."
    response = client.post(reverse("desk:new_story"), {"headline": "Cats/ Dogs debate", "body": body})
    assert response.status_code == 302
    story = Story.objects.get()
    assert story.headline == "Cats/ Dogs debate" and story.outlet == ""
    assert story.status == Story.Status.DRAFT, "a reporter's own story stays a draft while they write it"


def test_regenerating_a_live_story_takes_it_off_the_site_for_review(editor, live, client):
    assert client.get(live.get_absolute_url()).status_code == 200
    response = client_for(editor).post(reverse("desk:story", args=[live.pk]), {"action": "regenerate"}, follow=True)
    assert "off the site until an editor" in response.content.decode()
    live.refresh_from_db()
    assert live.status == Story.Status.REVIEW and not live.is_published
    assert client.get(live.get_absolute_url()).status_code == 404
    assert live.revisions.filter(action__startswith="taken off the site for review", user=editor).exists()


def test_a_scheduled_story_is_not_counted_as_needing_review(editor, draft):
    from datetime import timedelta

    from django.utils import timezone

    from quicklooks.stories.context_processors import review_count

    workflow.send_for_review(draft)
    assert review_count() == 1
    workflow.schedule(draft, timezone.now() + timedelta(hours=1), user=editor)
    assert review_count() == 0
