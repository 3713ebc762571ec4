"""WCAG 2.2 AA contrast of the desk (and the comments, moderation and account pages) in light and dark mode.

axe-core (tests/browser/test_accessibility.py) skips text whose background it
cannot work out and says nothing about focus rings, and it does not visit the
desk. So this test reads the computed colours of the elements a tester found
failing in dark mode and works the ratio out itself: 4.5:1 for text, 3:1 for
a focus ring against the colour behind it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from quicklooks.desk.models import EditSession, Schedule
from quicklooks.ingest.models import DuplicateLink
from quicklooks.stories.importing import import_story
from quicklooks.stories.models import Story
from quicklooks.stories.quick_looks import generate_for_import
from quicklooks.text.storyformat import read_story_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT, UI = 4.5, 3.0
SCHEMES = ["light", "dark"]

# Colours as the browser paints them: any CSS colour syntax goes through a
# canvas, so this works for hex, rgb(), color-mix() and named colours alike.
# The effective background composites every translucent layer up to the first
# opaque one.
_COLOURS_JS = """
(el) => {
  const ctx = document.createElement('canvas').getContext('2d', {willReadFrequently: true});
  const rgba = (c) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = '#000'; ctx.fillStyle = c; ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2], d[3] / 255];
  };
  const behind = (node) => {
    const layers = [];
    for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let out = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) out = [r * a + out[0] * (1 - a), g * a + out[1] * (1 - a), b * a + out[2] * (1 - a)];
    return out;
  };
  const s = getComputedStyle(el);
  return {
    text: rgba(s.color), background: behind(el), parentBackground: behind(el.parentElement),
    outline: rgba(s.outlineColor), outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
    focusVisible: el.matches(':focus-visible'),
    label: (el.innerText || el.value || el.name || el.tagName).trim().slice(0, 40),
  };
}
"""


def luminance(rgb) -> float:
    """WCAG 2.x relative luminance of an sRGB colour given as 0–255 channels."""

    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _over(colour, background):
    r, g, b, alpha = colour
    return [r * alpha + background[0] * (1 - alpha), g * alpha + background[1] * (1 - alpha), b * alpha + background[2] * (1 - alpha)]


def text_failures(page, selectors: dict[str, str]) -> list[str]:
    failures = []
    for name, selector in selectors.items():
        elements = page.locator(selector)
        if not elements.count():
            failures.append(f"{name}: nothing matches {selector!r} on {page.url}")
            continue
        found = elements.first.evaluate(_COLOURS_JS)
        ratio = contrast(_over(found["text"], found["background"]), found["background"])
        if ratio < TEXT:
            failures.append(f"{name} ({selector}) text {ratio:.2f}:1 < {TEXT}:1")
    return failures


def focus_failures(page, selectors: dict[str, str]) -> list[str]:
    failures = []
    for name, selector in selectors.items():
        element = page.locator(selector).first
        element.focus()
        found = element.evaluate(_COLOURS_JS)
        assert found["focusVisible"], f"{name}: {selector!r} did not match :focus-visible after focus()"
        if found["outlineStyle"] == "none" or found["outlineWidth"] < 2:
            failures.append(f"{name} ({selector}) has no visible focus outline")
            continue
        # The ring is drawn outside the element, over whatever is behind it.
        ratio = contrast(_over(found["outline"], found["parentBackground"]), found["parentBackground"])
        if ratio < UI:
            failures.append(f"{name} ({selector}) focus ring {ratio:.2f}:1 < {UI}:1")
    return failures


def _staff(django_user_model, name, role):
    user = django_user_model.objects.create_user(username=name, email=f"{name}@example.org", password="desk-pass-123")
    # Transactional tests flush the data migration that makes the role groups.
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def _context(browser, live_server, user, scheme):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1200, "height": 900}, color_scheme=scheme)
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}])
    return context


@pytest.fixture
def newsroom(django_user_model, files_dir):
    """Stories in every desk status, one open in another editor's session, one with a copy linked."""
    parsed = read_story_file(files_dir / "stories" / "putin-foreign-troops.txt")
    parsed = replace(parsed, quick_looks=(), quick_looks_label="")
    stories = {}
    for status in ("draft", "review", "published", "scheduled"):
        story = import_story(
            replace(parsed, headline=f"{parsed.headline} ({status})"),
            source=f"https://wire.example/{status}", publish=False, quick_looks_writer=generate_for_import,
        ).story
        story.status = "review" if status == "scheduled" else status
        story.published_at = timezone.now() if status == "published" else None
        story.save()
        stories[status] = story
    Schedule.objects.create(story=stories["scheduled"], publish_at=timezone.now() + timedelta(days=1))
    DuplicateLink.objects.create(story=stories["draft"], kind="url", url="https://mirror.example/putin")
    editor = _staff(django_user_model, "eddie", "editor")
    other = _staff(django_user_model, "erin", "editor")
    EditSession.objects.create(story=stories["draft"], user=other)
    assert Story.objects.count() == 4
    return {"editor": editor, "stories": stories}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_desk_inbox_and_editor_meet_aa_contrast(browser, live_server, artifacts, newsroom, scheme):
    context = _context(browser, live_server, newsroom["editor"], scheme)
    page = context.new_page()
    failures = []
    try:
        page.goto(live_server.url + "/desk/?status=all")
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") is (scheme == "dark")
        failures += text_failures(page, {
            "desk nav link": ".desk-nav a",
            "current desk nav link": '.desk-nav a[aria-current="page"]',
            "Draft pill": ".status-draft",
            "In review pill": ".status-review",
            "Published pill": ".status-published",
            "Scheduled pill": ".status-scheduled",
            "copies badge": ".badge",
            "story link": ".desk-table tbody a",
            "filter label": ".desk-filters label",
        })
        failures += focus_failures(page, {
            "desk nav link": ".desk-nav a",
            "story link": ".desk-table tbody a",
            "filter select": "#f-status",
            "filter button": ".desk-filters button",
        })
        page.screenshot(path=str(artifacts / f"desk-inbox-{scheme}.png"), full_page=True)

        page.goto(f"{live_server.url}/desk/story/{newsroom['stories']['draft'].pk}/")
        failures += text_failures(page, {
            "desk nav link (editor)": ".desk-nav a",
            "status pill (editor)": ".editor-header .status",
            "someone-else warning": ".desk-warning p",
            "bullet badge": ".bullet .badge",
            "bullet source": ".bullet-source p",
            "source highlight": ".bullet-source mark",
            "help text": ".help",
            "fieldset legend": ".desk-form legend",
            "primary button": 'button[value="save"]',
            "secondary button": 'button[value="review"]',
        })
        failures += focus_failures(page, {
            "bullet textarea": ".bullet textarea",
            "order box": ".bullet-controls input",
            "primary button": 'button[value="save"]',
            "secondary button": 'button[value="review"]',
            "revisions link": ".editor-header a",
        })
        page.screenshot(path=str(artifacts / f"desk-editor-{scheme}.png"), full_page=True)

        page.goto(f"{live_server.url}/desk/story/{newsroom['stories']['scheduled'].pk}/")
        failures += text_failures(page, {"scheduled pill (editor)": ".editor-header .status"})
    finally:
        context.close()
    assert not failures, f"WCAG AA contrast failures in {scheme} mode:\n" + "\n".join(failures)


@pytest.fixture
def moderation_site(django_user_model):
    from quicklooks.comments import posting
    from quicklooks.comments.models import CommentPolicy
    from quicklooks.stories.demo import load_demo
    from tests.comments.conftest import make_reader

    story = load_demo().story
    CommentPolicy.objects.create(story=story, mode="premoderated")
    reader = make_reader("olga@example.org", name="Olga")
    posting.post_comment(story=story, user=reader, text="Power came back in our district by noon.")
    moderator = make_reader("mod@example.org", name="Mia", roles=("moderator",))
    return {"story": story, "reader": reader, "moderator": moderator}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_comments_moderation_and_account_focus_rings_meet_aa(browser, live_server, moderation_site, scheme):
    from django.core.cache import cache

    cache.clear()
    context = _context(browser, live_server, moderation_site["moderator"], scheme)
    page = context.new_page()
    failures = []
    try:
        page.goto(live_server.url + "/comments/moderation/")
        failures += text_failures(page, {"queue meta line": ".moderation .comment-meta", "ban button": ".moderation .danger"})
        failures += focus_failures(page, {
            "moderation reason box": ".moderation-form input:not([type=hidden])",
            "moderation button": ".moderation-form button",
            "moderation story link": ".queue-title a",
        })
        page.goto(live_server.url + moderation_site["story"].get_absolute_url())
        failures += focus_failures(page, {"comment form": ".comments textarea, .comments button, .comments a"})
        page.goto(live_server.url + "/account/")
        assert page.locator(".account-page").count(), f"no account page at {page.url}"
        failures += focus_failures(page, {"account settings": ".account-page input:not([type=hidden]), .account-page button"})
    finally:
        context.close()
    cache.clear()
    assert not failures, f"WCAG AA contrast failures in {scheme} mode:\n" + "\n".join(failures)
