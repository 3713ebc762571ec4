"""Comments and the page cache: a pending comment changes nothing, an approved one shows at once."""

from __future__ import annotations

import time

import pytest

from quicklooks.caching.middleware import HIT_HEADER
from quicklooks.caching.watching import comments_changed
from quicklooks.comments import moderation
from quicklooks.comments.models import Comment
from quicklooks.comments.posting import post_comment
from quicklooks.stories.demo import load_demo
from tests.comments.conftest import make_reader

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def _fresh_limits():
    from django.core.cache import cache

    cache.clear()


def test_an_approved_comment_appears_within_a_second(client, page_cache, _fresh_limits):
    story = load_demo().story
    moderator = make_reader("mo@example.org", name="Mo", roles=("moderator",))
    reader = make_reader("zoe@example.org", name="Zoe")
    moderation.set_policy(story, "premoderated", moderator)
    comments_changed.flush()  # the policy change's bump, before the page is cached
    url = story.get_absolute_url()
    client.get(url)
    assert client.get(url)[HIT_HEADER] == "hit"

    comment, created = post_comment(story=story, user=reader, text="Held for a moderator: the Ryazan strike matters.")
    assert created and comment.status == Comment.Status.PENDING
    held = client.get(url)
    # A comment nobody can see yet leaves the cached page alone.
    assert held[HIT_HEADER] == "hit"
    assert "the Ryazan strike matters" not in held.content.decode()

    moderation.approve(comment, moderator)
    approved_at = time.monotonic()
    while True:
        page = client.get(url).content.decode()
        if "the Ryazan strike matters" in page:
            break
        assert time.monotonic() - approved_at < 1.0, "the approved comment did not appear within a second"
        time.sleep(0.05)


def test_closing_comments_is_seen_on_the_next_anonymous_request(client, page_cache, _fresh_limits):
    story = load_demo().story
    url = story.get_absolute_url()
    client.get(url)
    assert client.get(url)[HIT_HEADER] == "hit"
    moderation.set_policy(story, "closed", make_reader("mo@example.org", name="Mo", roles=("moderator",)))
    comments_changed.flush()  # the debounced bump, now rather than within half a second
    page = client.get(url)
    assert page[HIT_HEADER] == "miss"
    assert "Comments on this story are closed." in page.content.decode()


def test_a_renamed_commenter_is_seen_on_the_next_anonymous_request(client, page_cache, _fresh_limits):
    story = load_demo().story
    reader = make_reader("zoe@example.org", name="Zoe")
    post_comment(story=story, user=reader, text="Signed with a name that will change.")
    comments_changed.flush()
    url = story.get_absolute_url()
    client.get(url)
    assert client.get(url)[HIT_HEADER] == "hit"
    reader.profile.display_name = "Zoe Quill"
    reader.profile.save(update_fields=["display_name"])
    comments_changed.flush()
    page = client.get(url)
    assert page[HIT_HEADER] == "miss"
    assert ">Zoe Quill</strong>" in page.content.decode()


STAFF_BADGE = 'class="comment-badge comment-badge-staff"'


def _cached_page_with_a_comment_by(client, story, reader) -> str:
    post_comment(story=story, user=reader, text="A comment whose author's roles will change.")
    comments_changed.flush()
    url = story.get_absolute_url()
    client.get(url)
    assert client.get(url)[HIT_HEADER] == "hit"
    return url


def _page_after(client, url, change) -> str:
    # A role change bumps when it commits, at once (no debounce): the very next request shows it.
    change()
    page = client.get(url)
    assert page[HIT_HEADER] == "miss"
    return page.content.decode()


def test_a_reader_given_or_stripped_of_a_staff_role_is_seen_on_the_next_anonymous_request(client, page_cache, _fresh_limits):
    from django.contrib.auth.models import Group

    story = load_demo().story
    reader = make_reader("zoe@example.org", name="Zoe")
    url = _cached_page_with_a_comment_by(client, story, reader)
    assert STAFF_BADGE not in client.get(url).content.decode()
    moderators, _ = Group.objects.get_or_create(name="moderator")  # transactional tests start without the migration's groups
    assert STAFF_BADGE in _page_after(client, url, lambda: reader.groups.add(moderators))
    assert STAFF_BADGE not in _page_after(client, url, lambda: reader.groups.remove(moderators))
    # From the group's side too.
    assert STAFF_BADGE in _page_after(client, url, lambda: moderators.user_set.add(reader))
    assert STAFF_BADGE not in _page_after(client, url, lambda: reader.groups.clear())


def test_a_superuser_or_deactivated_staff_member_is_seen_on_the_next_anonymous_request(client, page_cache, _fresh_limits):
    story = load_demo().story
    reader = make_reader("zoe@example.org", name="Zoe")
    url = _cached_page_with_a_comment_by(client, story, reader)

    def make_superuser():
        reader.is_superuser = True
        reader.save()

    def deactivate():
        reader.is_active = False
        reader.save(update_fields=["is_active"])

    assert STAFF_BADGE in _page_after(client, url, make_superuser)
    assert STAFF_BADGE not in _page_after(client, url, deactivate)


def test_saves_that_change_no_role_leave_the_cached_page_alone(client, page_cache, _fresh_limits):
    from django.contrib.auth.models import Group

    story = load_demo().story
    reader = make_reader("zoe@example.org", name="Zoe")
    url = _cached_page_with_a_comment_by(client, story, reader)
    reader.first_name = "Zoe"
    reader.save()  # a login, a profile form: nothing any page shows
    reader.groups.add(Group.objects.create(name="newsletter-testers"))
    assert client.get(url)[HIT_HEADER] == "hit"
