"""The anonymous page cache: shared copies, correct invalidation, validators, no leaks."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quicklooks.caching import invalidate
from quicklooks.caching.middleware import HIT_HEADER
from quicklooks.stories.demo import load_demo
from quicklooks.stories.models import QuickLook, Section, Story

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def story(page_cache):
    return load_demo().story


def test_second_anonymous_request_is_served_from_the_cache(client, story):
    first = client.get(story.get_absolute_url())
    second = client.get(story.get_absolute_url())
    assert first[HIT_HEADER] == "miss"
    assert second[HIT_HEADER] == "hit"
    assert second.content == first.content
    assert story.headline in second.content.decode()


@pytest.mark.parametrize("name", ["stories:home", "stories:section", "stories:feed-rss", "stories:feed-atom", "stories:feed-json", "stories:sitemap", "topics:list"])
def test_listings_and_feeds_are_cached_too(client, story, name):
    url = story.section.get_absolute_url() if name == "stories:section" else reverse(name)
    first = client.get(url)
    assert first.status_code == 200
    assert first[HIT_HEADER] == "miss"
    again = client.get(url)
    assert again[HIT_HEADER] == "hit"
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_validators_and_cache_control_for_anonymous_pages(client, story):
    response = client.get(story.get_absolute_url())
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=0" in cache_control and "must-revalidate" in cache_control
    assert "Cookie" in response["Vary"]

    revalidated = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"])
    assert revalidated.status_code == 304
    assert revalidated.content == b""
    by_date = client.get(story.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert by_date.status_code == 304


def test_etag_changes_when_the_page_does(client, story):
    before = client.get(story.get_absolute_url())["ETag"]
    Story.objects.filter(pk=story.pk).update(headline="Changed without a signal")  # no save(): no bump
    assert client.get(story.get_absolute_url())["ETag"] == before
    story.refresh_from_db()
    story.save()
    after = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after["ETag"] != before


def test_an_edit_is_seen_on_the_next_anonymous_request(client, story):
    client.get(story.get_absolute_url())
    home = client.get(reverse("stories:home"))
    assert home[HIT_HEADER] == "miss"

    story.headline = "Putin Widens Threat to Foreign Troops"
    story.save()

    page = client.get(story.get_absolute_url())
    assert page[HIT_HEADER] == "miss"
    assert "Putin Widens Threat to Foreign Troops" in page.content.decode()
    assert "Putin Widens Threat to Foreign Troops" in client.get(reverse("stories:home")).content.decode()


def test_a_quick_looks_edit_is_seen_on_the_next_request(client, story):
    client.get(story.get_absolute_url())
    bullet = QuickLook.objects.filter(story=story).order_by("position").first()
    bullet.text = "A bullet rewritten by the desk a moment ago."
    bullet.save()
    assert "A bullet rewritten by the desk a moment ago." in client.get(story.get_absolute_url()).content.decode()


def test_unpublishing_removes_the_page_at_once(client, story):
    assert client.get(story.get_absolute_url()).status_code == 200
    story.status = Story.Status.DRAFT
    story.save()
    assert client.get(story.get_absolute_url()).status_code == 404
    assert story.headline not in client.get(reverse("stories:home")).content.decode()


def test_a_related_list_change_is_seen(client, story):
    client.get(reverse("stories:home"))
    # The navigation lists sections that have stories: rename the story's own.
    section = Section.objects.get(pk=story.section_id)
    section.name, section.slug = "Climate", "climate"
    section.save()
    assert 'href="/section/climate/"' in client.get(reverse("stories:home")).content.decode()


def test_a_person_renamed_in_the_admin_is_seen_at_once(client, story):
    from quicklooks.facts.models import Person

    person = Person.objects.filter(mentions__story=story).order_by("pk").first()
    url = reverse("facts:person", args=[person.slug])
    client.get(url)
    client.get(story.get_absolute_url())
    assert client.get(url)[HIT_HEADER] == "hit"

    person.name = "A Name The Desk Corrected"
    person.save()

    assert "A Name The Desk Corrected" in client.get(url).content.decode()
    assert client.get(story.get_absolute_url())[HIT_HEADER] == "miss"


def test_a_render_after_an_approved_comment_does_not_ask_again_when_the_next_story_is_scheduled(story):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.caching.test_fragments import approve_a_comment, reader

    # The moderator's role is granted first: a role change is a full bump (caching.watching).
    reader("mo@example.org", name="Mo", roles=("moderator",))
    Story.objects.create(slug="later", headline="Scheduled for later", status="published",
                         published_at=timezone.now() + timedelta(hours=1))
    assert Client().get(story.get_absolute_url())[HIT_HEADER] == "miss"
    approve_a_comment(story, "Comments schedule no story.")
    with CaptureQueriesContext(connection) as queries:
        page = Client().get(story.get_absolute_url())
    assert page[HIT_HEADER] == "miss" and "Comments schedule no story." in page.content.decode()
    asked = [query["sql"] for query in queries.captured_queries if '"stories_story"."published_at" >' in query["sql"]]
    assert asked == []


def test_the_next_scheduled_story_is_asked_again_once_the_remembered_one_is_out(story):
    import time

    from quicklooks.caching import generation, releases

    now = timezone.now()
    Story.objects.create(slug="first-out", headline="First out", status="published", published_at=now + timedelta(seconds=1))
    Story.objects.create(slug="an-hour-on", headline="An hour on", status="published", published_at=now + timedelta(hours=1))
    token = generation.tokens().content
    assert releases.seconds_until_next(token) <= 1
    time.sleep(1.1)  # the first one goes out; nothing bumps the generation here (no publication clock)
    assert generation.tokens().content == token
    assert 3590 <= releases.seconds_until_next(token) <= 3600


def test_invalidate_for_apps_that_are_not_watched(client, story):
    client.get(story.get_absolute_url())
    invalidate()
    assert client.get(story.get_absolute_url())[HIT_HEADER] == "miss"


def test_a_scheduled_story_appears_when_its_time_comes(client, story):
    from quicklooks.caching import generation, releases

    since = timezone.now()
    soon = since + timedelta(seconds=30)
    later = Story.objects.create(slug="later", headline="Scheduled for later", status="published", published_at=soon)
    token = generation.tokens().content
    assert 29 <= releases.seconds_until_next(token) <= 30
    assert "Scheduled for later" not in client.get(reverse("stories:home")).content.decode()

    # The clock finds nothing due yet, then the moment passes.
    assert releases.release_due(since) is False
    Story.objects.filter(pk=later.pk).update(published_at=timezone.now())  # as if the moment passed
    assert releases.release_due(since) is True
    assert "Scheduled for later" in client.get(reverse("stories:home")).content.decode()


def test_one_readers_name_never_appears_on_another_readers_page(story, name_panel):
    users = get_user_model()
    alice = users.objects.create_user("alice-zephyrine", "alice@example.org", "a long passphrase 1")
    bob = users.objects.create_user("bob-quillfeather", "bob@example.org", "a long passphrase 2")
    url = story.get_absolute_url()
    as_alice, as_bob, anonymous = Client(), Client(), Client()
    as_alice.force_login(alice)
    as_bob.force_login(bob)

    # In every order: Alice first, anonymous first, Bob in between.
    pages = [as_alice.get(url), anonymous.get(url), as_bob.get(url), anonymous.get(url), as_alice.get(url)]
    alice_page, anon_first, bob_page, anon_second, alice_again = (p.content.decode() for p in pages)

    # A panel renders on the one shared page, for no one in particular: what
    # is a reader's own comes from their fragment (quicklooks.caching.stitching).
    for page in (alice_page, anon_first, bob_page, anon_second, alice_again):
        assert "Reading as" not in page
    assert "alice-zephyrine" not in bob_page
    assert "bob-quillfeather" not in alice_again
    for page in (anon_first, anon_second):
        assert "alice-zephyrine" not in page and "bob-quillfeather" not in page
        assert "Log out" not in page
    assert "Log out" in alice_page and "Log out" in bob_page
    # Readers' pages are the shared page stitched for them: private, without validators.
    assert pages[0][HIT_HEADER].endswith("+reader") and pages[4][HIT_HEADER] == "hit+reader"
    assert "private" in pages[0]["Cache-Control"] and "ETag" not in pages[0]
    assert pages[3][HIT_HEADER] == "hit"


def test_a_response_that_sets_a_cookie_is_never_stored(rf):
    from django.http import HttpResponse

    from quicklooks.caching.policy import is_storable

    request = rf.get("/")
    response = HttpResponse("<p>hello</p>", content_type="text/html")
    assert is_storable(request, response)
    response.set_cookie("csrftoken", "abc")
    assert not is_storable(request, response)


def test_htmx_requests_are_never_shared(client, story):
    client.get(story.get_absolute_url())
    fragment_request = client.get(story.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert HIT_HEADER not in fragment_request
    assert "private" in fragment_request["Cache-Control"]


def test_switched_off_means_every_request_renders(client, story, settings):
    settings.QUICKLOOKS_PAGE_CACHE_SECONDS = 0
    client.get(story.get_absolute_url())
    assert HIT_HEADER not in client.get(story.get_absolute_url())


def test_readers_arriving_during_a_render_get_the_previous_copy(client, story):
    from quicklooks.caching import generation, store

    client.get(story.get_absolute_url())
    story.headline = "A headline being rendered right now"
    story.save()
    address = f"http:testserver:{story.get_absolute_url()}"
    token = generation.current()
    assert store.take_render_lock(token, address)  # as if another request were rendering
    during = client.get(story.get_absolute_url())
    assert during[HIT_HEADER] == "stale"
    assert "A headline being rendered right now" not in during.content.decode()
    store.release_render_lock(token, address)
    after = client.get(story.get_absolute_url())
    assert after[HIT_HEADER] == "miss"
    assert "A headline being rendered right now" in after.content.decode()


def test_an_unpublished_story_has_no_previous_copy_to_fall_back_on(client, story):
    from quicklooks.caching import generation, store

    client.get(story.get_absolute_url())
    story.status = Story.Status.DRAFT
    story.save()
    assert client.get(story.get_absolute_url()).status_code == 404
    address = f"http:testserver:{story.get_absolute_url()}"
    token = generation.current()
    assert store.take_render_lock(token, address)
    # The other render finds the story gone and stores nothing: this request
    # waited for it, finds no copy, and answers for itself.
    threading.Timer(0.2, store.release_render_lock, (token, address)).start()
    assert client.get(story.get_absolute_url()).status_code == 404


def test_comment_bumps_are_debounced_but_never_lost(page_cache):
    import time

    from quicklooks.caching import generation
    from quicklooks.caching.watching import Debounced

    bump = Debounced(0.2)
    first = generation.current()
    bump()
    second = generation.current()
    assert second != first  # the first change shows at once
    bump()
    bump()
    assert generation.current() == second  # later ones wait for the trailing bump
    time.sleep(0.35)
    assert generation.current() != second


def test_a_crowd_of_cold_misses_renders_the_page_once(story, monkeypatch):
    from django.db import connections

    from quicklooks.stories import views

    renders = []
    real_render = views.render

    def slow_render(*args, **kwargs):
        renders.append(1)
        threading.Event().wait(0.3)  # long enough for the whole crowd to arrive
        return real_render(*args, **kwargs)

    monkeypatch.setattr(views, "render", slow_render)
    url = story.get_absolute_url()
    crowd = 8
    start = threading.Barrier(crowd)
    responses = [None] * crowd

    def read(index):
        try:
            start.wait()
            responses[index] = Client().get(url)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read, args=(i,)) for i in range(crowd)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(renders) == 1
    assert all(response.status_code == 200 for response in responses)
    assert sorted(response[HIT_HEADER] for response in responses) == ["hit"] * (crowd - 1) + ["miss"]
    assert len({response.content for response in responses}) == 1
