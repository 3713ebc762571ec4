"""A reader registers, verifies by email, logs in, comments, replies, edits and reports."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache

from quicklooks.comments import posting
from quicklooks.comments.models import Comment, Report
from quicklooks.stories.demo import load_demo
from tests.comments.conftest import make_reader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a walk in the spring rain"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def test_reader_registers_verifies_comments_replies_edits_reports(page, live_server, artifacts, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    story = load_demo().story
    other = make_reader("other@example.org", name="Olga")
    posting.post_comment(story=story, user=other, text="An earlier view on the story.")
    story_url = live_server.url + story.get_absolute_url()

    page.goto(story_url)
    gate = page.locator(".comment-gate")
    assert "You must Register or Log in to post a comment." in gate.inner_text()
    gate.get_by_role("link", name="Register").click()

    page.get_by_label("Email").fill("newreader@example.org")
    page.get_by_label("Display name").fill("Nadia Reader")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label(re.compile("Password \\(again\\)")).fill(PASSWORD)
    page.get_by_role("button", name="Register", exact=True).click()
    page.wait_for_load_state()
    assert "verif" in page.content().lower()

    # The email the backend holds: follow its link and confirm.
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name=re.compile("Confirm", re.I)).click()
    page.wait_for_url(re.compile(re.escape(story.get_absolute_url())))
    assert "Nadia Reader" in page.locator("nav.account").inner_text()
    page.screenshot(path=str(artifacts / "comments-signed-in.png"), full_page=True)

    # Log out and in again through the login link, and land back on the story.
    page.locator("nav.account").get_by_role("button", name="Log out").click()
    page.goto(story_url)
    page.locator(".comment-gate").get_by_role("link", name="Log in").click()
    page.get_by_label("Email").fill("newreader@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(re.compile(re.escape(story.get_absolute_url())))

    # Comment in place (htmx): the page does not reload, and the count follows.
    page.evaluate("window.__marker = 'same page'")
    assert page.locator("#comment-total").inner_text() == "(1)"
    page.get_by_label("Your comment").fill("My first comment.\n\nWith a second paragraph.")
    page.get_by_role("button", name="Post comment").click()
    page.locator(".comment-posted").wait_for()
    assert page.evaluate("window.__marker") == "same page"
    assert page.locator("#comment-total").inner_text() == "(2)"
    assert "My first comment." in page.locator(".comment-posted").inner_text()
    mine = Comment.objects.get(body__startswith="My first comment.")

    # Reply to Olga in place: the reply form opens under her comment.
    olga = Comment.objects.get(author=other)
    page.reload()
    page.get_by_role("link", name="Reply to Olga").click()
    slot = page.locator(f"#reply-slot-{olga.pk}")
    # The reply form takes the focus where the reader asked to write.
    slot.get_by_label("Your comment").wait_for()
    page.wait_for_function(f"document.activeElement && document.activeElement.id === 'comment-text-{olga.pk}'")
    slot.get_by_label("Your comment").fill("Replying to Olga here.")
    slot.get_by_role("button", name="Post reply").click()
    slot.locator(".comment-posted").get_by_text("Replying to Olga here.").wait_for()
    page.reload()
    page.locator(".comment-replies").get_by_text("Replying to Olga here.").wait_for()
    reply = Comment.objects.get(body="Replying to Olga here.")
    assert reply.parent.author == other

    # Edit within the window; the comment shows "edited".
    page.locator(f"#comment-{mine.pk}").get_by_role("link", name="Edit").first.click()
    page.get_by_label("Your comment").fill("My first comment, corrected.")
    page.get_by_role("button", name="Save changes").click()
    page.locator(f"#comment-{mine.pk} .comment-edited").wait_for()
    assert "My first comment, corrected." in page.locator(f"#comment-{mine.pk}").inner_text()

    # Report Olga's comment with a reason.
    page.locator(f"#comment-{olga.pk} > article").get_by_role("link", name="Report").click()
    page.get_by_label("Off topic").check()
    page.get_by_role("button", name="Send report").click()
    page.get_by_text("a moderator will look at this comment").wait_for()
    assert Report.objects.get(comment=olga).reason == "off_topic"
    page.screenshot(path=str(artifacts / "comments-thread.png"), full_page=True)
