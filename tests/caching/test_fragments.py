"""Story panels cached on their own: each change re-renders what it touched, and nothing personal is stored."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from quicklooks.caching import store
from quicklooks.caching.middleware import HIT_HEADER
from quicklooks.comments import moderation
from quicklooks.comments.models import Comment
from quicklooks.comments.posting import post_comment
from quicklooks.desk.models import Correction
from quicklooks.stories import panels
from quicklooks.stories.demo import load_demo
from quicklooks.stories.models import BodyBlock, Story
from quicklooks.topics.models import Topic, TopicStory
from tests.comments.conftest import PASSWORD, make_reader

pytestmark = [pytest.mark.django_db(transaction=True)]

SHARED_PANELS = {"facts/_who_said_what.html", "stories/_metadata.html", "stories/_related.html", "topics/_story_topic.html"}


@pytest.fixture
def story(page_cache):
    # approve_a_comment's moderator holds the role before any page is cached:
    # granting a role is a full bump (quicklooks.caching.watching).
    reader("mo@example.org", name="Mo", roles=("moderator",))
    return load_demo().story


def rendered(response) -> set[str]:
    """Templates rendered for ``response``: a panel taken from the cache is not among them."""
    return {template.name for template in response.templates}


def anonymous_miss(url: str):
    """The page as an anonymous reader gets it, asserting it was rendered rather than taken whole from the cache."""
    response = Client().get(url)
    assert response.status_code == 200
    assert response[HIT_HEADER] == "miss"
    return response


@pytest.fixture
def stored(monkeypatch) -> dict[str, str]:
    """Every fragment written to the cache during the test, by key."""
    from quicklooks.caching.fragments import Fragments

    written: dict[str, str] = {}
    real_set_many = Fragments.set_many

    def recording_set_many(self, fragments):
        written.update(fragments)
        return real_set_many(self, fragments)

    monkeypatch.setattr(Fragments, "set_many", recording_set_many)
    return written


def sibling(story, slug="ceasefire-talks", headline="Ceasefire Talks Open in Geneva", **fields) -> Story:
    fields.setdefault("status", Story.Status.PUBLISHED)
    fields.setdefault("published_at", timezone.now())
    return Story.objects.create(slug=slug, headline=headline, section=story.section, **fields)


def reader(email: str, **fields):
    return get_user_model().objects.filter(email=email).first() or make_reader(email, **fields)


def approve_a_comment(story, text: str) -> Comment:
    moderator = reader("mo@example.org", name="Mo", roles=("moderator",))
    writer = reader("zoe@example.org", name="Zoe")
    moderation.set_policy(story, "premoderated", moderator)
    comment, _ = post_comment(story=story, user=writer, text=text)
    moderation.approve(comment, moderator)
    from quicklooks.caching.watching import comments_changed

    comments_changed.flush()  # the debounced bump, now rather than within half a second
    return comment


def test_an_approved_comment_re_renders_the_comments_panel_and_nothing_else(story):
    url = story.get_absolute_url()
    first = anonymous_miss(url)
    assert SHARED_PANELS <= rendered(first)

    approve_a_comment(story, "Shared panels stay cached while this comment appears.")
    after = anonymous_miss(url)
    assert "Shared panels stay cached while this comment appears." in after.content.decode()
    assert "comments/_section.html" in rendered(after)
    assert not SHARED_PANELS & rendered(after)
    # Byte for byte what a full render gives.
    from quicklooks.caching import invalidate

    invalidate()
    full = anonymous_miss(url)
    assert SHARED_PANELS <= rendered(full)
    # The include points name the page token, which the invalidation replaced.
    def without_token(page: bytes) -> bytes:
        return re.sub(rb"&g=[0-9a-f-]+", b"", page)

    assert without_token(full.content) == without_token(after.content)


def test_an_edit_re_renders_the_panels(story):
    url = story.get_absolute_url()
    anonymous_miss(url)
    block = BodyBlock.objects.get(story=story, position=1)
    block.text = "“We will hold the line at Kharkiv,” said Olena Marchuk, a regional governor, on Tuesday."
    block.save()
    story.refresh_from_db()
    story.headline = "Putin Widens His Threat to Foreign Troops"
    story.save()
    page = anonymous_miss(url).content.decode()
    assert "We will hold the line at Kharkiv" in page.split('id="who-said-what-heading"', 1)[1]  # Who said what
    assert '<meta property="og:title" content="Putin Widens His Threat to Foreign Troops">' in page  # metadata


def test_publishing_and_unpublishing_a_story_changes_related_stories(story):
    url = story.get_absolute_url()
    assert "Ceasefire Talks Open in Geneva" not in anonymous_miss(url).content.decode()
    other = sibling(story)
    assert "Ceasefire Talks Open in Geneva" in anonymous_miss(url).content.decode().split('id="related-heading"', 1)[1]
    other.status = Story.Status.DRAFT
    other.save()
    assert "Ceasefire Talks Open in Geneva" not in anonymous_miss(url).content.decode()


def test_a_topic_change_is_seen(story):
    other = sibling(story)
    topic = Topic.objects.create(name="Troops for Ukraine", slug="troops-for-ukraine")
    for member in (story, other):  # wherever clustering placed them
        TopicStory.objects.update_or_create(story=member, defaults={"topic": topic, "pinned": True})
    url = story.get_absolute_url()
    assert "Part of a running story: <a" in anonymous_miss(url).content.decode()
    topic.name = "Peacekeepers for Ukraine"
    topic.save()
    page = anonymous_miss(url).content.decode()
    assert ">Peacekeepers for Ukraine</a>" in page
    assert ">Troops for Ukraine</a>" not in page


def test_a_correction_is_seen(story):
    url = story.get_absolute_url()
    anonymous_miss(url)
    Correction.objects.create(story=story, note="An earlier version misnamed the forum.")
    page = anonymous_miss(url).content.decode()
    assert "An earlier version misnamed the forum." in page
    assert "desk/corrections.css" in page  # the head panel too


def test_comment_sort_orders_are_cached_apart(story):
    approve_a_comment(story, "The first comment of the two.")
    approve_a_comment(story, "The second comment of the two.")
    url = story.get_absolute_url()
    oldest = Client().get(url + "?csort=oldest").content.decode()
    newest = Client().get(url + "?csort=newest").content.decode()
    assert oldest.index("The first comment") < oldest.index("The second comment")
    assert newest.index("The second comment") < newest.index("The first comment")


@pytest.fixture
def prying_panels(settings, tmp_path):
    """A shared panel and an anonymous one that try to print the reader's name and CSRF token."""
    (tmp_path / "prying_shared.html").write_text(
        '<p class="prying-shared">[{{ user.get_username }}][{{ request.user.get_username }}][{% csrf_token %}][{{ csrf_token }}]'
        "[{% for m in messages %}{{ m }}{% endfor %}]</p>"
    )
    (tmp_path / "prying_anonymous.html").write_text(
        '<p class="prying-anonymous">{% if user.is_authenticated %}Hello {{ user.get_username }} {% csrf_token %}{% else %}Hello reader{% endif %}</p>'
    )
    # A form for everyone: its CSRF token makes even the anonymous copy personal.
    (tmp_path / "prying_form.html").write_text('<form class="prying-form" method="post">{% csrf_token %}</form>')
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    saved = {slot: list(entries) for slot, entries in panels._panels.items()}
    panels.register("after_story", "prying_shared.html", order=5, sharing=panels.SHARED)
    panels.register("after_story", "prying_anonymous.html", order=6, sharing=panels.ANONYMOUS)
    panels.register("after_story", "prying_form.html", order=7, sharing=panels.ANONYMOUS)
    yield
    panels._panels.update(saved)


def signed_in(name: str) -> tuple[Client, str]:
    reader = make_reader(f"{name.lower()}@example.org", name=name)
    client = Client()
    assert client.login(username=reader.username, password=PASSWORD)
    return client, reader.username


def test_nothing_personal_reaches_a_cached_fragment(story, prying_panels, stored):
    url = story.get_absolute_url()
    as_alice, alice = signed_in("Alice")
    as_bob, bob = signed_in("Bob")

    # Alice comes first, so she fills the shared panels' cache. Every panel
    # renders for the shared page, as for an anonymous reader; only her
    # fragments (the account menu, the comment form) are hers.
    alice_page = as_alice.get(url).content.decode()
    assert "Hello reader" in alice_page.split('class="prying-anonymous"', 1)[1].split("</p>", 1)[0]
    shared = alice_page.split('class="prying-shared"', 1)[1].split("</p>", 1)[0]
    assert shared == ">[][][][][]"  # a shared panel never sees the reader, the request or the CSRF token
    assert "Log out" in alice_page

    anonymous = Client().get(url)
    assert "csrftoken" in anonymous.cookies and HIT_HEADER not in anonymous  # the form made it personal
    again = Client().get(url).content.decode()
    bob_page = as_bob.get(url).content.decode()
    assert "Hello reader" in again and alice not in again
    token = again.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert token not in anonymous.content.decode()  # each anonymous reader got their own token
    assert alice not in bob_page and f"Hello {bob}" not in bob_page
    assert '<p class="prying-shared">[][][][][]</p>' in bob_page

    text = "\n".join(stored.values())
    assert "prying-shared" in text and "Hello reader" in text  # both kinds were cached...
    for personal in (alice, bob, "Alice", "Bob", "csrfmiddlewaretoken"):
        assert personal not in text  # ...and nothing about either reader was
    assert all(store.pages().get(key) == html for key, html in stored.items())


def test_signed_in_readers_get_their_own_comments_panel(story):
    url = story.get_absolute_url()
    Client().get(url)  # anonymous readers' copy of the comments panel is cached
    as_zoe, _ = signed_in("Zoe")
    moderation.set_policy(story, "premoderated", reader("mo@example.org"))
    zoe = get_user_model().objects.get(email="zoe@example.org")
    post_comment(story=story, user=zoe, text="Waiting for a moderator, seen only by Zoe.")
    page = as_zoe.get(url)
    assert "private" in page["Cache-Control"]
    html = page.content.decode()
    assert 'name="text"' in html  # the comment form
    assert "Waiting for a moderator, seen only by Zoe." in html
    assert "Waiting for a moderator" not in Client().get(url).content.decode()


def article_renders(response) -> int:
    return sum(1 for template in response.templates if template.name == "comments/_comment_article.html")


def test_a_new_comment_renders_alone_and_the_others_come_from_the_cache(story):
    url = story.get_absolute_url()
    for number in range(3):
        approve_a_comment(story, f"Earlier comment number {number}.")
    assert article_renders(anonymous_miss(url)) == 3
    approve_a_comment(story, "The newest comment.")
    page = anonymous_miss(url)
    assert article_renders(page) == 1
    html = page.content.decode()
    assert all(f"Earlier comment number {number}." in html for number in range(3)) and "The newest comment." in html


def thread_renders(response) -> int:
    # comments/_comment.html renders once for a thread put together here, and once more for each reply in it.
    return sum(1 for template in response.templates if template.name == "comments/_comment.html")


def test_a_reply_renders_its_thread_again_and_the_other_threads_come_whole_from_the_cache(story, settings):
    from quicklooks.caching.watching import comments_changed
    from quicklooks.comments.threads import REPLIES_SHOWN

    settings.QUICKLOOKS_COMMENT_RATE = "0"
    url = story.get_absolute_url()
    first = approve_a_comment(story, "The first thread.")
    for number in range(2):
        approve_a_comment(story, f"Another thread, number {number}.")
    assert thread_renders(anonymous_miss(url)) == 3

    moderator, writer = reader("mo@example.org"), reader("zoe@example.org")
    for number in range(REPLIES_SHOWN + 1):
        reply, _ = post_comment(story=story, user=writer, text=f"Reply number {number} to the first.", parent=first)
        moderation.approve(reply, moderator)
        comments_changed.flush()
        page = anonymous_miss(url)
        shown = min(number + 1, REPLIES_SHOWN)
        assert thread_renders(page) == 1 + shown  # the first thread and its replies; the others from the cache
        html = page.content.decode()
        first_thread = html.split(f'id="comment-{first.pk}"', 1)[1]
        assert f"Reply number {min(number, REPLIES_SHOWN - 1)} to the first." in first_thread
    assert "Show 1 more reply</a>" in first_thread
    assert all(f"Another thread, number {number}." in html for number in range(2))


def test_every_change_to_a_comment_shows_on_the_next_anonymous_request(story, settings):
    from quicklooks.caching.watching import comments_changed
    from quicklooks.comments.posting import delete_comment, edit_comment, react

    settings.QUICKLOOKS_COMMENT_RATE = "0"
    url = story.get_absolute_url()
    comment = approve_a_comment(story, "A comment that will change.")
    moderator, writer = reader("mo@example.org"), reader("zoe@example.org")
    other = reader("ann@example.org", name="Ann")
    moderation.set_policy(story, "open", moderator)  # so the edit is not held for a moderator
    assert "A comment that will change." in anonymous_miss(url).content.decode()

    def page_after(change) -> str:
        change()
        comments_changed.flush()
        return anonymous_miss(url).content.decode()

    edited = page_after(lambda: edit_comment(comment, writer, "A comment that has changed."))
    assert "A comment that has changed." in edited and ">edited</span>" in edited
    assert "1 reaction<" in page_after(lambda: react(comment, other, "insightful"))
    assert '<span class="comment-badge">Featured</span>' in page_after(lambda: moderation.feature(comment, moderator))

    def rename():
        writer.profile.display_name = "Zoe Renamed"
        writer.profile.save()

    assert ">Zoe Renamed</strong>" in page_after(rename)
    assert "A comment that has changed." not in page_after(lambda: delete_comment(comment, writer))
