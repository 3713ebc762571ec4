"""The story page in a real browser: the Quick Looks box is there and visible."""

import pytest

from quicklooks.stories.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_quick_looks_box_is_visible(live_server, page, artifacts):
    story = load_demo().story
    page.goto(live_server.url + story.get_absolute_url())
    box = page.get_by_role("region", name="Putin Threatens Foreign Troop Presence: Quick Looks")
    assert box.is_visible()
    assert box.get_by_role("listitem").count() == 8
    assert page.get_by_role("heading", level=1).inner_text() == story.headline
    page.screenshot(path=str(artifacts / "story-page.png"), full_page=True)
    assert (artifacts / "story-page.png").stat().st_size > 10_000


def test_skip_link_moves_focus_to_main(live_server, page):
    story = load_demo().story
    page.goto(live_server.url + story.get_absolute_url())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_hovering_or_focusing_a_generated_bullet_shows_its_source(live_server, page, files_dir):
    from quicklooks.stories.library import import_paths
    from quicklooks.stories.models import Story

    from quicklooks.desk import workflow

    import_paths([str(files_dir / "stories" / "no-quick-looks.txt")], echo=lambda line: None)
    story = Story.objects.get(slug__startswith="harbour-council")
    workflow.publish_now(story)  # generated Quick Looks wait for review: an editor approves them first
    page.goto(live_server.url + story.get_absolute_url())
    bullet = page.locator(".quick-look-source").first
    tooltip = bullet.locator(".source-sentence")
    assert not tooltip.is_visible()
    bullet.hover()
    assert tooltip.is_visible()
    assert len(tooltip.inner_text()) > 20
    page.mouse.move(0, 0)
    assert not tooltip.is_visible()
    bullet.locator(".source-link").focus()
    assert tooltip.is_visible()
