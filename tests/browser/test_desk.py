"""The newsroom desk in headless Chromium, with JavaScript switched off: feed → inbox → edit → publish.

Jobs run through the real Celery task code in eager mode (in the web
thread), since the live server's test database is not shared with a worker
process; tests/ingest/test_worker.py drives a real worker.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from quicklooks.celery import ready_app
from quicklooks.ingest.fetching import forget_robots
from quicklooks.ingest.models import Source
from quicklooks.stories.models import Story
from tests.ingest.server import FixtureServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def eager_tasks():
    app = ready_app()
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def feed_server():
    forget_robots()
    with FixtureServer() as server:
        yield server


def staff(django_user_model, name, role):
    user = django_user_model.objects.create_user(username=name, email=f"{name}@example.org", password="desk-pass-123")
    # Transactional tests flush the data migration that makes the role groups; has_role reads group names.
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def logged_in_page(browser, live_server, user):
    """A no-JavaScript browser context holding ``user``'s session."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1200, "height": 900})
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}])
    return context, context.new_page()


def test_feed_to_inbox_to_published_without_javascript(live_server, browser, artifacts, django_user_model, feed_server, eager_tasks):
    editor = staff(django_user_model, "eddie", "editor")
    Source.objects.create(name="Riverside wire", kind="feed", url=feed_server.url("/feeds/rss.xml"), allow_private=True)
    context, page = logged_in_page(browser, live_server, editor)
    try:
        page.goto(live_server.url + "/desk/sources/")
        page.get_by_role("button", name="Poll Riverside wire now").click()
        assert "Polling Riverside wire" in page.get_by_role("status").first.inner_text()
        assert "added 3" in page.locator(".source").inner_text()

        page.get_by_role("link", name="Inbox").click()
        rows = page.locator("tbody tr")
        assert rows.count() == 3
        page.screenshot(path=str(artifacts / "desk-inbox.png"), full_page=True)
        page.get_by_label("Source").select_option(label="Riverside wire")
        page.get_by_role("button", name="Filter").click()
        assert page.locator("tbody tr").count() == 3

        page.get_by_role("link", name="Council closes Mill Street bridge after engineers find cracks").click()
        assert page.locator(".bullet-source mark").count() >= 3, "each generated bullet shows its source sentence"
        first = page.get_by_label("Bullet 1", exact=True)
        first.fill(first.input_value() + " 99 Zorblatt")
        page.get_by_role("button", name="Save draft").click()
        assert "Quick Looks warning" in page.locator(".messages").inner_text()
        # Rewritten with a number the story never gives: traced again, it is linked to no sentence and checked against the whole Deep Look.
        assert "The number 99 is not in the Deep Look" in page.locator(".bullet-problems").first.inner_text()
        page.screenshot(path=str(artifacts / "desk-editor.png"), full_page=True)

        # Warnings stop the publish until an editor says the bullets were checked.
        page.get_by_role("button", name="Approve and publish now").click()
        assert "Not published" in page.content()
        assert Story.objects.get(headline="Council closes Mill Street bridge after engineers find cracks").status != "published"
        page.get_by_label("I have checked these bullets against the Deep Look").check()
        page.get_by_role("button", name="Approve and publish now").click()
        assert "Published." in page.locator(".messages").inner_text()
        page.get_by_label("Correction note").fill("An earlier version gave the wrong year for the bridge.")
        page.get_by_role("button", name="Add correction").click()

        page.goto(live_server.url + "/")
        page.get_by_role("link", name="Council closes Mill Street bridge after engineers find cracks").first.click()
        correction = page.get_by_role("complementary", name="Correction")
        assert "An earlier version gave the wrong year for the bridge." in correction.inner_text()
        page.screenshot(path=str(artifacts / "desk-published-story.png"), full_page=True)

        page.goto(live_server.url + "/desk/sources/")
        page.get_by_role("button", name="Poll Riverside wire now").click()
        assert "added 0" in page.locator(".source").inner_text()
        assert Story.objects.count() == 3
    finally:
        context.close()


def test_second_editor_is_warned_instead_of_overwriting(live_server, browser, django_user_model, files_dir):
    from quicklooks.stories.library import import_paths

    import_paths([str(files_dir / "stories" / "putin-foreign-troops.txt")], publish=False, echo=lambda line: None)
    story = Story.objects.get()
    first_context, first = logged_in_page(browser, live_server, staff(django_user_model, "eddie", "editor"))
    second_context, second = logged_in_page(browser, live_server, staff(django_user_model, "erin", "editor"))
    try:
        url = f"{live_server.url}/desk/story/{story.pk}/"
        first.goto(url)
        second.goto(url)
        assert "Someone else has this story open" in second.content()
        first.get_by_label("Headline", exact=True).fill("First editor's headline")
        first.get_by_role("button", name="Save draft").click()
        second.get_by_label("Headline", exact=True).fill("Second editor's headline")
        second.get_by_role("button", name="Save draft").click()
        warning = second.locator("#conflict")
        assert "eddie saved this story while you were editing" in warning.inner_text()
        assert "First editor's headline" in warning.inner_text()
        story.refresh_from_db()
        assert story.headline == "First editor's headline"
        second.get_by_role("button", name="Save anyway").click()
        story.refresh_from_db()
        assert story.headline == "Second editor's headline"
    finally:
        first_context.close()
        second_context.close()


def test_desk_pages_meet_wcag_aa(live_server, browser, django_user_model, files_dir, feed_server, eager_tasks):
    """axe-core (see test_accessibility.py) on every desk screen, including the editor showing warnings."""
    from tests.browser.test_accessibility import AXE, _violations

    if not AXE.exists():
        pytest.skip("axe-core is not installed; tests/browser/test_accessibility.py installs it with npm ci")
    axe_source = AXE.read_text(encoding="utf-8")
    editor = staff(django_user_model, "eddie", "editor")
    source = Source.objects.create(name="Riverside wire", kind="feed", url=feed_server.url("/feeds/rss.xml"), allow_private=True)
    from quicklooks.ingest.ingesting import poll_source

    poll_source(source)
    story = Story.objects.order_by("pk").first()
    bullet = story.quick_looks.first()
    bullet.text += " 99 Zorblatt"
    bullet.origin = "human"
    bullet.save()
    from quicklooks.desk import workflow

    workflow.send_for_review(story)
    client = Client()
    client.force_login(editor)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "domain": host, "path": "/"}])
    page = context.new_page()
    try:
        for path in ["/desk/", f"/desk/story/{story.pk}/", f"/desk/story/{story.pk}/revisions/",
                     f"/desk/story/{story.pk}/revisions/2/", "/desk/sources/", "/desk/story/new/"]:
            page.goto(live_server.url + path)
            assert page.locator("h1").count() == 1, path
            violations = _violations(page, axe_source)
            assert violations == [], f"{path}: {violations}"
    finally:
        context.close()
