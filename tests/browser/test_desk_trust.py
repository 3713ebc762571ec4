"""Nothing typed on the desk is lost when a save is refused, and tick-and-save is one press: Chromium, with and without JavaScript."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.test import Client

from quicklooks.desk import workflow
from quicklooks.stories.importing import import_story
from quicklooks.stories.models import Story
from quicklooks.stories.quick_looks import generate_for_import
from quicklooks.text.storyformat import read_story_file
from tests.browser.test_desk import staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INVENTED = "The governor declared martial law."


def editor_page(browser, live_server, user, *, javascript: bool):
    client = Client()
    client.force_login(user)
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1200, "height": 900})
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}])
    return context, context.new_page()


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_a_refused_save_keeps_what_was_typed_and_one_press_saves_it(live_server, browser, artifacts, django_user_model, files_dir, javascript):
    editor = staff(django_user_model, "eddie", "editor")
    parsed = replace(read_story_file(files_dir / "stories" / "putin-foreign-troops.txt"), quick_looks=(), quick_looks_label="")
    story = import_story(parsed, source="wire:putin", publish=False, quick_looks_writer=generate_for_import, hold_generated=False).story
    workflow.publish_now(story, user=editor)
    stored = [q.text for q in story.quick_looks.order_by("position")]
    context, page = editor_page(browser, live_server, editor, javascript=javascript)
    try:
        page.goto(f"{live_server.url}/desk/story/{story.pk}/")
        page.get_by_label("Add a bullet").fill(INVENTED)
        page.locator("#ql-0-position").fill("2")
        page.locator("#ql-1-position").fill("1")
        page.locator("input[name='ql-2-delete']").check()
        page.get_by_label("Standfirst").fill("A standfirst typed before the refusal.")
        page.get_by_role("button", name="Save changes (live)").click()

        assert "Not saved" in page.locator(".desk-errors").inner_text()
        assert Story.objects.get(pk=story.pk).quick_looks.count() == len(stored), "nothing saved yet"
        shown = [area.input_value() for area in page.locator("ol.bullets textarea").all()]
        assert shown == [stored[1], stored[0], *stored[3:], INVENTED], "every bullet as typed, in the order typed"
        assert page.get_by_label("Standfirst").input_value() == "A standfirst typed before the refusal."
        assert page.get_by_label("Add a bullet").input_value() == ""
        page.screenshot(path=str(artifacts / f"desk-refused-save-{'js' if javascript else 'nojs'}.png"), full_page=True)

        page.get_by_label("I have checked these bullets against the Deep Look").check()
        page.get_by_role("button", name="Save changes (live)").click()  # one press
        assert "Saved." in page.locator(".messages").inner_text()
        saved = Story.objects.get(pk=story.pk)
        assert [q.text for q in saved.quick_looks.order_by("position")] == shown
        assert saved.standfirst == "A standfirst typed before the refusal."
        assert saved.revisions.filter(action__startswith="checked", user=editor).exists()

        # The added bullet is on the public page with no source link: no sentence states it.
        page.goto(live_server.url + saved.get_absolute_url())
        item = page.locator(".quick-look", has_text=INVENTED)
        assert item.count() == 1 and item.locator(".source-link").count() == 0
        assert "(written by an editor)" in item.inner_text()
    finally:
        context.close()
