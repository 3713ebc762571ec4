"""The facts panels in a real browser: visible, and a quote's link lands on its paragraph."""

import pytest

from quicklooks.stories.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_panels_are_visible_and_a_quote_link_jumps_to_its_block(live_server, page, artifacts):
    # A transactional test commits for real, so the facts are extracted on commit.
    story = load_demo().story
    page.goto(live_server.url + story.get_absolute_url())

    who = page.get_by_role("region", name="Who said what")
    numbers = page.get_by_role("region", name="By the numbers")
    assert who.is_visible() and numbers.is_visible()
    assert who.get_by_role("heading", level=3, name="Dmitry Peskov, Kremlin spokesperson").is_visible()
    assert numbers.get_by_role("row").count() == 9  # header and eight figures
    assert numbers.get_by_role("img").count() == 1

    quote = who.locator("li", has_text="Of course, you can’t just take anybody’s word").first
    quote.get_by_role("link").click()
    target = page.evaluate("location.hash").lstrip("#")
    block = page.locator(f"#{target}")
    assert block.inner_text().startswith("“Of course, you can’t just take anybody’s word for something,”")
    assert block.is_visible()
    in_view = page.evaluate(
        "id => { const r = document.getElementById(id).getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }",
        target,
    )
    assert in_view
    page.screenshot(path=str(artifacts / "facts-jump.png"))

    who.get_by_role("link", name="Dmitry Peskov").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Dmitry Peskov"
    page.get_by_role("link", name="In context").first.click()
    assert page.evaluate("location.pathname") == story.get_absolute_url()
    page.screenshot(path=str(artifacts / "facts-person-to-story.png"))
