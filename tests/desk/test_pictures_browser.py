"""A lead image uploaded on the desk in Chromium without JavaScript, then read on the story page at 390 and 1280 px."""

from __future__ import annotations

import re

import pytest

from quicklooks.stories.models import Story
from tests.browser.test_desk import logged_in_page, staff
from tests.stories.test_images import photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PUBLISH = re.compile(r"publish now$", re.IGNORECASE)  # "Publish now", or "Approve and publish now" for one in review


def test_upload_alt_publish_and_read_the_picture(live_server, browser, artifacts, django_user_model, files_dir, settings, tmp_path):
    from quicklooks.stories.library import import_paths

    settings.MEDIA_ROOT = tmp_path / "media"
    import_paths([str(files_dir / "stories" / "putin-foreign-troops.txt")], publish=False, echo=lambda line: None)
    story = Story.objects.get()
    picture_file = tmp_path / "vladivostok-harbour.jpg"
    picture_file.write_bytes(photo(2400, 1600))
    context, page = logged_in_page(browser, live_server, staff(django_user_model, "eddie", "editor"))
    try:
        page.goto(f"{live_server.url}/desk/story/{story.pk}/")
        page.get_by_label("Picture", exact=True).set_input_files(str(picture_file))
        page.get_by_label("Caption").fill("The port of Vladivostok, where the summit was held.")
        page.get_by_label("Credit").fill("Test Photographer/Quicklooks")
        page.get_by_role("button", name="Upload picture").click()
        # Saved without alt text: kept, but the story cannot be published yet.
        assert "Image needs alt text." in page.locator("#lead-image").inner_text()
        page.get_by_role("button", name=PUBLISH).click()
        assert "the lead image has no alt text" in page.locator(".desk-errors").inner_text()

        page.get_by_label("Alt text").fill("Container cranes over the port of Vladivostok at dusk")
        page.get_by_role("button", name="Save picture details").click()
        assert "Picture details saved." in page.locator(".messages").inner_text()
        page.screenshot(path=str(artifacts / "desk-lead-image.png"), full_page=True)
        if page.get_by_label("I have checked these bullets against the Deep Look").count():
            page.get_by_label("I have checked these bullets against the Deep Look").check()
        page.get_by_role("button", name=PUBLISH).click()
        assert "Published." in page.locator(".messages").inner_text()
    finally:
        context.close()

    story.refresh_from_db()
    for width in (390, 1280):
        reader = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900})
        try:
            view = reader.new_page()
            view.goto(live_server.url + story.get_absolute_url())
            img = view.locator("article figure picture img")
            img.scroll_into_view_if_needed()
            view.wait_for_function("() => document.querySelector('article figure img').complete")
            shown = img.evaluate(
                "(el) => ({src: el.currentSrc, natural: el.naturalWidth, box: el.getBoundingClientRect().width,"
                " alt: el.alt, scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
            )
            assert shown["alt"] == "Container cranes over the port of Vladivostok at dusk"
            assert shown["natural"] > 0, "the picture loaded"
            assert shown["src"].endswith(".webp"), "Chromium takes the WebP source"
            assert shown["box"] <= width, shown
            if width == 390:
                # A phone gets a small copy, not the 2400-pixel master.
                assert shown["natural"] < 2400, shown
            view.screenshot(path=str(artifacts / f"story-lead-image-{width}.png"), full_page=True)
        finally:
            reader.close()
