"""The reader's site in Chromium (issue 18): front page, navigation, edition, account and author pages.

Every public page is checked at a phone's width (390 px) and a desktop's
(1280 px), in light and dark mode, with and without JavaScript: axe-core
finds no WCAG 2.2 AA violation, nothing scrolls sideways from 320 px up, and
the story keeps the outlet's order of parts. Screenshots of the home, story,
section, show edition, search, login and author pages are written to
``test-artifacts/screenshots/`` (gitignored) for a person to look at.
"""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.browser.test_accessibility import _violations, axe_source  # noqa: F401  (the axe_source fixture)
from tests.playwright_fixtures import ARTIFACTS
from tests.readers import store_topic_stories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = ARTIFACTS / "screenshots"
PHONE, DESKTOP = 390, 1280
TOPIC_STORY = "russia-launches-142-drones-at-kyiv-overnight"
AUTHOR = "olena-marchenko"


def photo_bytes(width: int, height: int, hue: tuple[int, int, int]) -> bytes:
    """A JPEG with some structure (a sky, a horizon, shapes), so renditions and screenshots have something to show."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), hue)
    draw = ImageDraw.Draw(image)
    for row in range(0, height, 8):
        shade = int(255 * row / height)
        draw.rectangle([0, row, width, row + 8], fill=(hue[0] * shade // 255, hue[1] * shade // 255, 120 + shade // 3))
    draw.rectangle([0, height * 2 // 3, width, height], fill=(60, 70, 50))
    draw.ellipse([width // 5, height // 3, width // 5 + height // 3, height * 2 // 3], fill=(200, 160, 60))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


@pytest.fixture
def newsroom(live_server, settings):
    """The topics fixture set, the sample story with a lead image, an editor's pick, an author with bio and photo."""
    from quicklooks.desk.models import Correction
    from quicklooks.pages.defaults import create_default_pages
    from quicklooks.stories import images
    from quicklooks.stories.demo import load_demo
    from quicklooks.stories.models import Author, Story

    cache.clear()
    settings.QUICKLOOKS_BASE_URL = live_server.url
    store_topic_stories()
    sample = load_demo().story
    create_default_pages()  # the live server's database is flushed after every test, migrations' rows too
    images.set_story_image(
        sample,
        photo_bytes(1600, 1000, (90, 120, 200)),
        name="vladivostok.jpg",
        alt="Vladimir Putin speaks from a stage at the Eastern Economic Forum in Vladivostok",
        caption="Putin at the Eastern Economic Forum in Vladivostok.",
        credit="Staff photographer/Newslooks",
    )
    picked = Story.objects.get(slug=TOPIC_STORY)
    images.set_story_image(
        picked, photo_bytes(1200, 800, (200, 110, 60)), name="kyiv.jpg", alt="Smoke rises over a Kyiv district after a drone strike"
    )
    picked.front_page_picked_at = timezone.now()
    picked.save(update_fields=["front_page_picked_at"])
    author = Author.objects.get(slug=AUTHOR)
    author.bio = "Olena Marchenko reports on the war in Ukraine from Kyiv. She has covered the region since 2014."
    author.save(update_fields=["bio"])
    images.set_author_photo(author, photo_bytes(600, 600, (120, 90, 160)), name="olena.jpg")
    Correction.objects.create(story=sample, note="An earlier version gave the wrong day for the forum panel.")
    yield {"sample": Story.objects.get(pk=sample.pk), "picked": Story.objects.get(pk=picked.pk), "author": author}
    cache.clear()


def public_pages(newsroom) -> dict[str, str]:
    sample = newsroom["sample"]
    edition_day = timezone.localtime(sample.published_at).date().isoformat()
    topic = newsroom["picked"].topic_link.topic
    return {
        "home": reverse("stories:home"),
        "archive": reverse("stories:home") + "?page=2",
        "story": sample.get_absolute_url(),
        "story-with-facts": newsroom["picked"].get_absolute_url(),
        "section": sample.section.get_absolute_url(),
        "show": reverse("stories:show", args=["morning-edition"]),
        "show-edition": reverse("stories:show-edition", args=["morning-edition", edition_day]),
        "search": reverse("stories:search") + "?q=drones+Kyiv",
        "author": reverse("stories:author", args=[AUTHOR]),
        "topics": reverse("topics:list"),
        "topic": topic.get_absolute_url(),
        "about": reverse("pages:about"),
        "privacy": reverse("pages:privacy"),
        "corrections": reverse("pages:corrections"),
        "login": reverse("account_login"),
        "register": reverse("account_signup"),
        "password-reset": reverse("account_reset_password"),
        "password-reset-sent": reverse("account_reset_password_done"),
    }


def open_context(browser, width: int, scheme: str = "light", javascript: bool = True):
    return browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, java_script_enabled=javascript
    )


WIDER_THAN_VIEWPORT = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 0.5) wide.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') + ' right=' + Math.round(box.right));
  }
  return {scroll: document.documentElement.scrollWidth, viewport: width, wide: wide.slice(0, 8)};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_every_public_page_has_no_wcag_violations(browser, live_server, newsroom, axe_source, width, scheme):  # noqa: F811
    context = open_context(browser, width, scheme)
    page = context.new_page()
    failures = {}
    try:
        for name, path in public_pages(newsroom).items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, f"{name}: {path} answered {response.status}"
            found = _violations(page, axe_source)
            if found:
                failures[name] = found
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / f"axe-{name}-{width}-{scheme}.png"), full_page=True)
    finally:
        context.close()
    assert not failures, f"axe found WCAG violations at {width}px, {scheme}:\n" + json.dumps(failures, indent=1)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [320, PHONE, 768, DESKTOP])
def test_no_page_scrolls_sideways(browser, live_server, newsroom, width, javascript):
    context = open_context(browser, width, javascript=javascript)
    page = context.new_page()
    too_wide = {}
    try:
        for name, path in public_pages(newsroom).items():
            page.goto(live_server.url + path)
            measured = page.evaluate(WIDER_THAN_VIEWPORT)
            if measured["scroll"] > measured["viewport"]:
                too_wide[name] = measured
    finally:
        context.close()
    assert not too_wide, f"pages wider than a {width}px window:\n" + json.dumps(too_wide, indent=1)


def _top(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not on the page"
    return box["y"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_story_keeps_the_outlets_order_and_sets_the_quick_looks_apart(browser, live_server, newsroom, width, scheme, javascript):
    context = open_context(browser, width, scheme, javascript)
    page = context.new_page()
    try:
        page.goto(live_server.url + newsroom["sample"].get_absolute_url())
        parts = ["#story-headline", ".story-header .meta-line", ".standfirst", ".quick-looks", ".deep-look", ".comment-gate"]
        tops = [_top(page, selector) for selector in parts]
        assert tops == sorted(tops), f"out of the outlet's order at {width}px: {dict(zip(parts, tops))}"
        sizes = page.evaluate(
            "() => ['#story-headline', '.front-lead-headline', '.deep-look-headline', '.subhead', '.deep-look p']"
            ".map(s => document.querySelector(s)).filter(Boolean).map(e => parseFloat(getComputedStyle(e).fontSize))"
        )
        assert sizes == sorted(sizes, reverse=True), f"the headline scale is not a scale: {sizes}"
        box = page.evaluate(
            "() => { const b = getComputedStyle(document.querySelector('.quick-looks')); const body = getComputedStyle(document.body);"
            " return [b.backgroundColor, body.backgroundColor, parseFloat(b.borderLeftWidth)]; }"
        )
        assert box[0] != box[1] and box[2] >= 4, f"the Quick Looks box should stand apart from the page: {box}"
        column = page.locator(".deep-look p").first.bounding_box()["width"]
        font = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.deep-look p')).fontSize)")
        assert column / font <= 42, f"the reading column is {column / font:.0f} ems wide; a measured column stays near 70 characters"
        picture = page.locator(".story .picture img")
        assert picture.get_attribute("alt").startswith("Vladimir Putin speaks")
        assert picture.get_attribute("width") and picture.get_attribute("height")
        assert picture.evaluate("img => img.complete && img.naturalWidth > 0"), "the lead image did not load"
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_front_page_leads_with_the_pick_then_top_stories_sections_latest_and_topics(browser, live_server, newsroom, width, javascript):
    from quicklooks.stories.models import Section

    context = open_context(browser, width, javascript=javascript)
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("stories:home"))
        assert page.locator(".front-lead-headline").inner_text() == newsroom["picked"].headline
        assert page.locator(".front-lead img").get_attribute("alt").startswith("Smoke rises")
        top = page.locator(".front-top .card")
        assert top.count() == 4
        assert newsroom["sample"].headline in page.locator(".front-top").inner_text(), "the newest story is a top story when it is not the pick"
        assert page.locator(".front-top .card .quick-looks").count() == 4
        rows = [text.strip() for text in page.locator(".section-row-heading").all_text_contents()]
        assert rows == [section.name for section in Section.objects.order_by("position", "name")]
        assert page.locator(".front-latest li").count() == 8
        assert page.locator(".topic-strip li").count() >= 3
        assert page.get_by_role("heading", level=1).count() == 1
        if width == DESKTOP:
            lead, latest = page.locator(".front-lead").bounding_box(), page.locator(".front-latest").bounding_box()
            assert latest["x"] > lead["x"] + lead["width"] - 1, "the Latest list is a rail beside the lead on a desktop"
        # The masthead's search is a plain GET form: it works without JavaScript.
        page.get_by_role("searchbox", name="Search stories").first.fill("drones Kyiv")
        page.get_by_role("search", name="Search the site").get_by_role("button", name="Search").click()
        page.wait_for_url("**/search/?q=drones+Kyiv")
        assert "found for “drones Kyiv”" in page.locator(".search-summary").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_navigation_lists_sections_shows_and_topics_and_the_footer_its_pages(browser, live_server, newsroom, javascript):
    from quicklooks.stories.models import Section

    Section.objects.create(name="Empty desk", slug="empty-desk")
    context = open_context(browser, PHONE, javascript=javascript)
    page = context.new_page()
    try:
        page.goto(live_server.url + newsroom["sample"].get_absolute_url())
        nav = page.get_by_role("navigation", name="Sections, shows and topics")
        sections = nav.locator(".nav-sections a").all_inner_texts()
        assert sections == ["Front page", "Business", "US", "World"], "sections with stories, none without"
        assert nav.get_by_role("link", name="Morning Edition").is_visible()
        assert nav.get_by_role("link", name="All topics").is_visible()
        assert nav.locator(".nav-topics a").count() >= 2
        footer = page.get_by_role("contentinfo")
        for name, heading in [("About Newslooks", "About Newslooks"), ("Privacy", "Privacy"), ("Corrections", "Corrections")]:
            footer.get_by_role("link", name=name, exact=True).click()
            assert page.get_by_role("heading", level=1).inner_text() == heading
            assert page.get_by_role("contentinfo").is_visible()
        assert "wrong day for the forum panel" in page.locator(".corrections-list").inner_text()
        for feed in ("RSS", "Atom", "JSON Feed"):
            href = page.get_by_role("contentinfo").get_by_role("link", name=feed, exact=True).get_attribute("href")
            assert page.request.get(live_server.url + href).status == 200
    finally:
        context.close()


def test_an_edition_page_lists_one_days_stories_and_links_its_neighbours(page, live_server, newsroom):
    from quicklooks.stories.models import Story

    show_stories = Story.objects.published().filter(show__slug="morning-edition").order_by("published_at")
    days = sorted({timezone.localtime(story.published_at).date() for story in show_stories})
    day = days[len(days) // 2]
    page.goto(live_server.url + reverse("stories:show-edition", args=["morning-edition", day.isoformat()]))
    expected = [s.headline for s in show_stories if timezone.localtime(s.published_at).date() == day]
    assert page.locator(".edition-stories .card-headline").all_inner_texts() == expected
    page.get_by_role("link", name="Previous edition").click()
    assert days[len(days) // 2 - 1].strftime("%B %-d, %Y") in page.get_by_role("heading", level=1).inner_text()
    page.goto(live_server.url + reverse("stories:show", args=["morning-edition"]))
    page.locator(".edition-date a").first.click()
    assert page.locator(".edition-stories .card").count() >= 1
    missing = page.goto(live_server.url + reverse("stories:show-edition", args=["morning-edition", "2001-01-01"]))
    assert missing.status == 404
    assert page.goto(live_server.url + "/show/morning-edition/yesterday/").status == 404


def test_author_page_shows_bio_and_photo(page, live_server, newsroom):
    page.goto(live_server.url + reverse("stories:author", args=[AUTHOR]))
    assert "covered the region since 2014" in page.locator(".author-bio").inner_text()
    photo = page.locator("img.author-photo")
    assert photo.get_attribute("alt") and "Olena Marchenko" in photo.get_attribute("alt")
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator("picture source[type='image/webp']").count() >= 1


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_account_pages_say_register_and_log_in_and_work_without_javascript(browser, live_server, newsroom, javascript):
    from tests.comments.conftest import PASSWORD, make_reader

    make_reader("reader@example.org", name="Rita Reader")
    context = open_context(browser, PHONE, javascript=javascript)
    page = context.new_page()
    try:
        for path in (reverse("account_login"), reverse("account_signup"), reverse("account_reset_password")):
            page.goto(live_server.url + path)
            text = page.locator("main").inner_text()
            for wording in ("Sign In", "Sign Up", "Sign in", "Sign up", "Login", "Signup"):
                assert wording not in text, f"{path} says {wording!r}; the site says Register and Log in"
        page.goto(live_server.url + reverse("account_signup"))
        assert page.get_by_role("heading", level=1).inner_text() == "Register"
        assert page.get_by_role("button", name="Register", exact=True).is_visible()
        page.goto(live_server.url + reverse("account_login"))
        assert page.get_by_role("heading", level=1).inner_text() == "Log in"
        page.get_by_label("Email").fill("reader@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in", exact=True).click()
        page.wait_for_url(live_server.url + "/")
        assert "Rita Reader" in page.get_by_role("navigation", name="Account").inner_text()
    finally:
        context.close()


SCREENSHOT_PAGES = ("home", "story", "section", "show-edition", "search", "login", "author")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_screenshots_of_the_main_pages(browser, live_server, newsroom, width, scheme):
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = public_pages(newsroom)
    context = open_context(browser, width, scheme)
    page = context.new_page()
    try:
        for name in SCREENSHOT_PAGES:
            page.goto(live_server.url + pages[name])
            page.wait_for_load_state("load")
            path = SHOTS / f"{name}-{width}-{scheme}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000, f"{path} is nearly empty"
    finally:
        context.close()
