"""WCAG 2.2 AA with axe-core in headless Chromium: home, story, topic, search and comment pages.

axe-core comes from npm (package.json / package-lock.json at the repository
root). The first run installs it with ``npm ci`` when node_modules lacks it,
so ``pytest`` alone still works; without npm the test skips, unless
QUICKLOOKS_REQUIRE_BROWSER is set, when it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from django.core.cache import cache
from django.test import Client

from tests.conftest import REPO
from tests.readers import store_topic_stories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            if os.environ.get("QUICKLOOKS_REQUIRE_BROWSER"):
                pytest.fail("npm is missing, so axe-core cannot be installed (apt-get install npm).")
            pytest.skip("npm is not installed, so axe-core is unavailable (apt-get install npm to run this test)")
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=REPO, capture_output=True, text=True, timeout=600
        )
        if result.returncode != 0 or not AXE.exists():
            pytest.fail(f"`npm ci` could not install axe-core:\n{result.stderr[-2000:]}")
    return AXE.read_text(encoding="utf-8")


def _violations(page, axe_source) -> list[dict]:
    # Evaluated through the browser's debugging protocol, which the page's
    # Content-Security-Policy does not govern; an inline <script> tag would be
    # refused by the policy, as it should be for anything the site serves.
    page.evaluate(axe_source)
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))",
        WCAG_TAGS,
    )


@pytest.fixture
def site(live_server, settings):
    """The topics fixture set, a comment thread on one story, and a verified reader."""
    from tests.comments.conftest import make_reader

    cache.clear()
    settings.QUICKLOOKS_BASE_URL = live_server.url
    store_topic_stories()
    from quicklooks.comments import posting
    from quicklooks.stories.models import Story

    story = Story.objects.get(slug="russia-launches-142-drones-at-kyiv-overnight")
    commenter = make_reader("olga@example.org", name="Olga")
    comment = posting.post_comment(story=story, user=commenter, text="Power came back in our district by noon.")
    reader = make_reader("alice@example.org", name="Alice")
    yield {"story": story, "comment": comment, "reader": reader}
    cache.clear()


def _pages(live_server, site):
    from django.urls import reverse

    story = site["story"]
    comment = site["comment"][0] if isinstance(site["comment"], tuple) else site["comment"]
    pages = {
        "home": reverse("stories:home"),
        "story": story.get_absolute_url(),
        "topic": story.topic_link.topic.get_absolute_url(),
        "topics": reverse("topics:list"),
        "search": reverse("stories:search") + "?q=drones+Kyiv",
        "search-error": reverse("stories:search") + "?q=fire&date_from=soon",
        "show": reverse("stories:show", args=["morning-edition"]),
        "author": reverse("stories:author", args=["olena-marchenko"]),
    }
    pages["comment-thread"] = reverse("comments:thread", args=[comment.pk])
    return pages


def _check(page, live_server, pages, axe_source, artifacts, label):
    failures = {}
    for name, path in pages.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{name}: {path} answered {response.status}"
        found = _violations(page, axe_source)
        if found:
            failures[name] = found
            page.screenshot(path=str(artifacts / f"axe-{label}-{name}.png"), full_page=True)
    assert not failures, f"axe found WCAG violations ({label}):\n" + json.dumps(failures, indent=1)


def test_reader_pages_have_no_wcag_violations(page, live_server, site, axe_source, artifacts):
    _check(page, live_server, _pages(live_server, site), axe_source, artifacts, "light")


def test_pages_have_no_violations_in_dark_mode(browser, live_server, site, axe_source, artifacts):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, color_scheme="dark")
    page = context.new_page()
    try:
        _check(page, live_server, _pages(live_server, site), axe_source, artifacts, "dark")
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_for_a_signed_in_reader(browser, live_server, site, axe_source, artifacts, scheme):
    # The masthead's Log out button is on every page, not only those that load the comments' styles.
    from django.urls import reverse

    client = Client()
    client.force_login(site["reader"])
    context = browser.new_context(viewport={"width": 1200, "height": 900}, color_scheme=scheme)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    try:
        pages = {"home": reverse("stories:home"), "story": site["story"].get_absolute_url(), "search": reverse("stories:search")}
        _check(page, live_server, pages, axe_source, artifacts, f"signed-in-{scheme}")
        page.goto(live_server.url + reverse("stories:home"))
        sign_out = page.get_by_role("button", name="Log out")
        styles = sign_out.evaluate("b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).borderStyle]")
        assert styles == ["rgba(0, 0, 0, 0)", "none"], f"the Log out button should read as a link, not a grey box: {styles}"
    finally:
        context.close()


def test_story_page_with_comment_form_for_a_signed_in_reader(browser, live_server, site, axe_source, artifacts):
    client = Client()
    client.force_login(site["reader"])
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    try:
        page.goto(live_server.url + site["story"].get_absolute_url())
        assert page.locator("form textarea").count() >= 1, "the signed-in reader should see the comment form"
        page.screenshot(path=str(artifacts / "axe-story-signed-in.png"), full_page=True)
        found = _violations(page, axe_source)
        assert not found, json.dumps(found, indent=1)
    finally:
        context.close()


def test_skip_link_and_focus_are_visible(page, live_server, site):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0 and box["width"] > 1  # on screen when focused


def test_chart_has_a_text_alternative(page, live_server, site):
    page.goto(live_server.url + site["story"].topic_link.topic.get_absolute_url())
    svg = page.locator("figure.series-chart svg").first
    assert svg.get_attribute("role") == "img"
    name = page.evaluate("(el) => el.querySelector('title').textContent", svg.element_handle())
    assert "Drones" in name
    assert page.locator("figure.series-chart table tbody tr").count() == 7


def test_print_keeps_the_story_and_drops_the_chrome(page, live_server, site):
    page.emulate_media(media="print")
    page.goto(live_server.url + site["story"].get_absolute_url())
    assert page.locator(".quick-looks").is_visible()
    assert page.locator(".deep-look").is_visible()
    for chrome in (".site-nav", ".masthead-search", ".export-links", ".related", ".comments", ".skip-link"):
        locator = page.locator(chrome)
        assert locator.count() == 0 or not locator.first.is_visible(), f"{chrome} should not print"
