"""In a real browser, with the page cache on: signed-in readers never see each other's names.

Two readers sign in through the login form in their own browsers while an
anonymous reader loads the same story, before and after them, from the
cache. The account bar must name only the reader whose browser it is.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from quicklooks.stories.demo import load_demo
from tests.comments.conftest import PASSWORD, make_reader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(context, base: str, email: str, story_url: str):
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_load_state()
    page.goto(story_url)
    return page


def test_signed_in_names_stay_with_their_readers(browser, live_server, page_cache, artifacts):
    cache.clear()
    story = load_demo().story
    make_reader("alice@example.org", name="Alice Zephyrine")
    make_reader("bob@example.org", name="Bob Quillfeather")
    story_url = live_server.url + story.get_absolute_url()

    contexts = [browser.new_context() for _ in range(3)]
    try:
        anonymous = contexts[0].new_page()
        first = anonymous.goto(story_url)
        assert first.headers.get("x-page-cache") == "miss"

        alice = sign_in(contexts[1], live_server.url, "alice@example.org", story_url)
        bob = sign_in(contexts[2], live_server.url, "bob@example.org", story_url)
        assert "Alice Zephyrine" in alice.locator("nav.account").inner_text()
        assert "Bob Quillfeather" in bob.locator("nav.account").inner_text()
        assert "Alice" not in bob.content() and "Bob" not in alice.content()

        # The browser revalidates its own copy (If-None-Match, a 304 from the
        # cache); ask without the browser cache to see what the server shares.
        shared = contexts[0].request.get(story_url)
        assert shared.headers.get("x-page-cache") == "hit"
        assert "Alice" not in shared.text() and "Bob" not in shared.text()
        anonymous.goto(story_url)
        html = anonymous.content()
        assert "Alice" not in html and "Bob" not in html
        assert "Log in" in anonymous.locator("nav.account").inner_text()

        alice.reload()
        assert "Alice Zephyrine" in alice.locator("nav.account").inner_text()
        alice.screenshot(path=str(artifacts / "caching-signed-in.png"), full_page=False)
        anonymous.screenshot(path=str(artifacts / "caching-anonymous.png"), full_page=False)
    finally:
        for context in contexts:
            context.close()
