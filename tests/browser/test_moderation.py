"""A moderator approves a held comment and bans a reader, in the browser."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from quicklooks.comments import posting
from quicklooks.comments.models import Comment, CommentPolicy, ModerationAction, Sanction
from quicklooks.stories.demo import load_demo
from tests.comments.conftest import PASSWORD, make_reader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def log_in(page, live_server, email, next_path):
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(re.compile(re.escape(next_path)))


def test_moderator_approves_held_comment_and_bans_reader(browser, live_server, artifacts):
    story = load_demo().story
    CommentPolicy.objects.create(story=story, mode="premoderated")
    troll = make_reader("troll@example.org", name="Trevor")
    make_reader("mod@example.org", name="Moderator Mia", roles=("moderator",))
    held, _ = posting.post_comment(story=story, user=troll, text="A held comment that is fine.")
    assert held.status == "pending"

    anonymous = browser.new_context().new_page()
    anonymous.goto(live_server.url + story.get_absolute_url())
    assert "A held comment that is fine." not in anonymous.content()

    moderator = browser.new_context().new_page()
    log_in(moderator, live_server, "mod@example.org", "/comments/moderation/")
    item = moderator.locator(f"#queue-{held.pk}")
    assert "story is pre-moderated" in item.inner_text()
    item.get_by_label("Reason (logged)").fill("on topic")
    item.get_by_role("button", name="Approve").click()
    moderator.get_by_text(f"Comment #{held.pk}: approve done.").wait_for()
    moderator.screenshot(path=str(artifacts / "moderation-queue.png"), full_page=True)

    anonymous.reload()
    assert "A held comment that is fine." in anonymous.content()

    # Ban the author from the recent tab.
    moderator.goto(live_server.url + "/comments/moderation/?tab=recent")
    item = moderator.locator(f"#queue-{held.pk}")
    item.get_by_label("Reason (logged)").fill("abuse in other threads")
    item.get_by_role("button", name="Ban author").click()
    moderator.get_by_text(f"Comment #{held.pk}: ban author done.").wait_for()
    assert Sanction.objects.get(user=troll).kind == "ban"
    assert list(ModerationAction.objects.order_by("created_at").values_list("kind", flat=True)) == ["approve", "ban"]
    moderator.goto(live_server.url + "/comments/moderation/log/")
    assert "abuse in other threads" in moderator.content()

    # The banned reader sees why and has no form.
    reader = browser.new_context().new_page()
    log_in(reader, live_server, "troll@example.org", story.get_absolute_url())
    assert "Your account is banned from commenting" in reader.locator("#comments").inner_text()
    assert reader.locator("#comments textarea").count() == 0
    assert Comment.objects.filter(author=troll).count() == 1
