"""One stored page for every reader, each reader's own parts stitched in (quicklooks.caching.stitching).

Readers go through the real middleware, page cache and sessions; the
include points are stitched in-process here, as in embedded mode (nginx's
SSI path is tested in tests/deploy/test_reader_ssi.py).
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from quicklooks.caching import stitching
from quicklooks.caching.middleware import HIT_HEADER
from quicklooks.comments.posting import post_comment
from quicklooks.stories.demo import load_demo
from tests.comments.conftest import PASSWORD, make_reader

pytestmark = [pytest.mark.django_db(transaction=True)]

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def story(page_cache):
    return load_demo().story


def signed_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    client.get(reverse("account_login"))  # as a browser would have: the login page set the CSRF cookie
    return client


def stored_copy(url: str) -> str:
    """The page as it is stored and served to anonymous readers (and as nginx reads it)."""
    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_stored_page_is_one_for_everyone_and_holds_no_csrf_token(story):
    alice = make_reader("alice@example.org", name="Alice")
    url = story.get_absolute_url()
    signed_in(alice).get(url)  # a signed-in reader first: the page they made is the shared one
    shared = stored_copy(url)
    assert Client().get(url)[HIT_HEADER] == "hit"
    assert "csrfmiddlewaretoken" not in shared
    assert "Alice" not in shared
    # Two include points with their anonymous versions: the menu and the comment gate.
    assert shared.count("<!--# include virtual=") == 2
    assert 'stub="ql_account"' in shared and 'stub="ql_comments"' in shared
    assert "You must <a" in shared and ">Log in</a>" in shared


def test_each_reader_gets_their_own_menu_controls_and_token(story):
    alice = make_reader("alice@example.org", name="Alice")
    bob = make_reader("bob@example.org", name="Bob")
    alices_comment, _ = post_comment(story=story, user=alice, text="Alice thinks the talks will stall.")
    url = story.get_absolute_url()
    pages = {}
    for name, user in (("alice", alice), ("bob", bob)):
        response = signed_in(user).get(url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"] and "ETag" not in response
        assert int(response["Content-Length"]) == len(response.content)  # the stitched length, not the stored page's
        pages[name] = response.content.decode()
    alice_page, bob_page = pages["alice"], pages["bob"]
    assert "<!--# include" not in alice_page and "<!--# block" not in alice_page
    assert ">Alice</a>" in alice_page and ">Bob</a>" not in alice_page
    assert ">Bob</a>" in bob_page and ">Alice</a>" not in bob_page.split('class="comment-list"')[0]
    edit = reverse("comments:edit", args=[alices_comment.pk])
    assert edit in alice_page and edit not in bob_page
    alice_tokens, bob_tokens = set(CSRF_INPUT.findall(alice_page)), set(CSRF_INPUT.findall(bob_page))
    assert alice_tokens and bob_tokens
    assert not alice_tokens & bob_tokens
    # The comment itself is on the shared page, for everyone.
    assert "Alice thinks the talks will stall." in stored_copy(url)
    assert edit not in stored_copy(url)


def test_a_reader_can_post_with_the_token_from_their_fragment(story):
    alice = make_reader("alice@example.org", name="Alice")
    client = signed_in(alice)
    client.handler.enforce_csrf_checks = True
    page = client.get(story.get_absolute_url()).content.decode()
    form = page[page.index('class="comment-form"'):]
    token = CSRF_INPUT.search(form).group(1)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', form).group(1)
    response = client.post(reverse("comments:post", args=[story.slug]), {"text": "Posted through the stitched form.",
                                                                        "idempotency_key": key, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    # A new version cookie: nginx's per-reader copy of her fragments is not reused after she posted.
    assert response.cookies["qlv"].value and response.cookies["qlv"]["httponly"]
    after = client.get(response["Location"].split("#")[0])
    assert "Your comment is posted." in after.content.decode()  # the flash message, stitched in-process


def test_an_expired_session_gets_the_anonymous_fragment(story):
    alice = make_reader("alice@example.org", name="Alice")
    client = signed_in(alice)
    client.session.flush()  # the session ends on the server; the browser still sends its cookie
    client.cookies["sessionid"] = "expired-session-key-that-no-longer-exists"
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert ">Log in</a>" in page and "Alice" not in page.split('class="comment-list"')[0]
    assert "csrfmiddlewaretoken" not in page
    fragment = client.get(reverse("caching:fragment", args=["account"]) + "?page=" + story.get_absolute_url())
    assert fragment.status_code == 200 and ">Log in</a>" in fragment.content.decode()


def test_a_failing_fragment_leaves_the_page_with_its_login_links(story, settings, monkeypatch):
    alice = make_reader("alice@example.org", name="Alice")
    client = signed_in(alice)
    from quicklooks.caching import readers

    monkeypatch.setattr(readers, "PARTS", {})  # every part now answers 404, as a missing endpoint would
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    menu = page[page.index('<nav class="account"'):]
    assert reverse("account_login") in menu.split("</nav>")[0]


def test_stitching_puts_the_stub_back_for_a_failed_part():
    point = stitching.include_point("account", "/_reader/account/?page=/", '<a href="/accounts/login/">Login</a>')
    page = f"<header>{point}</header>"
    assert stitching.stitch(page, lambda url: None) == '<header><a href="/accounts/login/">Login</a></header>'
    assert stitching.stitch(page, lambda url: f"[{url}]") == "<header>[/_reader/account/?page=/]</header>"
    with pytest.raises(ValueError, match="URL-quoted"):
        stitching.include_point("account", '/x/?a="b"', "")


def test_closing_comments_takes_the_reply_links_off_the_shared_page(story):
    from quicklooks.caching.watching import comments_changed
    from quicklooks.comments import moderation

    alice = make_reader("alice@example.org", name="Alice")
    moderator = make_reader("mo@example.org", name="Mo", roles=("moderator",))
    comment, _ = post_comment(story=story, user=alice, text="A comment to reply to.")
    comments_changed.flush()
    url = story.get_absolute_url()
    reply = reverse("comments:reply", args=[comment.pk])
    assert reply in stored_copy(url)  # for everyone: it asks anonymous readers to log in first
    moderation.set_policy(story, "closed", moderator)
    comments_changed.flush()
    page = stored_copy(url)
    # The comment's own part is cached on its own; closing must not leave its old links.
    assert reply not in page and "Comments on this story are closed." in page
