"""The signup in Chromium, with and without JavaScript: story page -> form -> mail -> confirmed."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from quicklooks.newsletters.models import Subscriber
from quicklooks.stories.demo import load_demo
from tests.newsletters.conftest import text_part

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_reader_subscribes_from_the_story_page_and_confirms(live_server, browser, mailbox, javascript):
    from django.core.cache import cache

    cache.clear()  # signup limits from other tests
    story = load_demo().story
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    address = f"chromium-{'js' if javascript else 'nojs'}@example.org"
    try:
        page.goto(live_server.url + story.get_absolute_url())
        page.get_by_role("button", name="Subscribe to Morning Edition by email").click()
        page.wait_for_url("**/newsletters/subscribe/**")
        assert page.get_by_label("Morning Edition").is_checked()
        page.get_by_label("Your email address").fill(address)
        page.get_by_role("button", name="Subscribe", exact=True).click()
        assert page.get_by_role("heading", name="Check your inbox").is_visible()
        mailbox.wait_for(1)
        [confirmation] = mailbox.messages(address)
        link = re.search(r"http\S+/newsletters/confirm/\S+/", text_part(confirmation)).group(0)
        page.goto(live_server.url + urlsplit(link).path)
        page.get_by_role("button", name="Yes, confirm my subscription").click()
        assert page.get_by_role("heading", name="You are subscribed").is_visible()
        reader = Subscriber.objects.get(email=address)
        assert reader.status == Subscriber.Status.CONFIRMED and [show.name for show in reader.shows.all()] == ["Morning Edition"]
        assert problems == []  # no CSP violation or script error on the way
    finally:
        context.close()
