"""The Content-Security-Policy holds on every page and Chromium reports no violation, with and without JavaScript.

The crawl follows every same-site link from the home page and the story page
as an anonymous reader, then the desk and account pages signed in as an
editor, and records each ``securitypolicyviolation`` event and each console
message about the policy. The comments' htmx flow (post, react) runs under
the policy too.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.cache import cache
from django.urls import reverse

from quicklooks.comments import posting
from quicklooks.stories.demo import load_demo
from tests.comments.conftest import PASSWORD, make_reader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`);
});
"""
SKIP = re.compile(r"/(feeds|api/v1|api/openapi\.json|sitemap|robots\.txt|static|media|admin)/?|/export\.|/accounts/logout|/delete/|/restore/|/poll/")


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def watch(page) -> list[str]:
    problems: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("console", lambda message: problems.append(f"console {message.type}: {message.text}")
            if "Content Security Policy" in message.text or "Permissions-Policy" in message.text else None)
    return problems


def crawl(page, base: str, starts: list[str], problems: list[str], limit: int = 40) -> set[str]:
    seen: set[str] = set()
    todo = list(starts)
    while todo and len(seen) < limit:
        path = todo.pop(0)
        if path in seen or SKIP.search(path):
            continue
        seen.add(path)
        response = page.goto(base + path)
        assert response is not None and response.status < 500, f"{path}: {response and response.status}"
        assert "default-src 'self'" in (response.headers.get("content-security-policy") or ""), path
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert "camera=()" in (response.headers.get("permissions-policy") or ""), path
        problems.extend(f"{path}: {v}" for v in page.evaluate("window.__cspViolations || []"))
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = urljoin(base + path, href)
            parts = urlsplit(target)
            if target.startswith(base) and not parts.query and not parts.fragment:
                todo.append(parts.path)
    return seen


def test_no_page_breaks_the_policy(page, live_server, settings):
    settings.QUICKLOOKS_COMMENT_RATE = "0"
    story = load_demo().story
    reader = make_reader("reader@example.org", name="Rosa Reader")
    posting.post_comment(story=story, user=reader, text="An early view on the story.")
    problems = watch(page)
    base = live_server.url
    seen = crawl(page, base, ["/", story.get_absolute_url(), reverse("stories:search") + "?q=drones",
                              reverse("account_login"), reverse("account_signup"), "/api/docs"], problems)
    assert len(seen) >= 8, seen

    # A reader's htmx flow: sign in, post a comment in place, react to one.
    page.goto(base + reverse("account_login"))
    page.get_by_label("Email").fill("reader@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.goto(base + story.get_absolute_url())
    page.locator("#comments textarea").first.fill("Posted in place under a strict policy.")
    page.locator("#comments form button[type=submit]").first.click()
    page.wait_for_selector("text=Posted in place under a strict policy.")
    problems.extend(page.evaluate("window.__cspViolations"))
    crawl(page, base, [reverse("accounts:settings")], problems, limit=5)

    editor = make_reader("editor@example.org", name="Edna Editor", roles=("editor",))
    page.context.clear_cookies()
    page.goto(base + reverse("account_login"))
    page.get_by_label("Email").fill(editor.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    desk = crawl(page, base, [reverse("desk:inbox"), reverse("desk:story", args=[story.pk]), reverse("desk:new_story"),
                              reverse("desk:sources"), reverse("accounts:settings"),
                              # The newsletter preview frames the email, which brings its own (inline-style) policy.
                              reverse("newsletters:desk-preview", args=[story.show.slug])], problems, limit=25)
    assert reverse("newsletters:desk-preview", args=[story.show.slug]) in desk
    assert len(desk) >= 4, desk

    # Django admin, where saved sources and word lists are set up.
    from django.contrib.auth.models import User

    User.objects.create_superuser("root", "root@example.org", PASSWORD)
    page.context.clear_cookies()
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    for path in ("/admin/", "/admin/ingest/source/", "/admin/ingest/source/add/", "/admin/stories/story/",
                 f"/admin/stories/story/{story.pk}/change/", "/admin/auth/user/"):
        response = page.goto(base + path)
        assert response.status == 200, path
        problems.extend(f"{path}: {v}" for v in page.evaluate("window.__cspViolations || []"))
    assert not problems, "\n".join(problems)


def test_pages_work_without_javascript_under_the_policy(browser, live_server, settings):
    settings.QUICKLOOKS_COMMENT_RATE = "0"
    story = load_demo().story
    make_reader("plain@example.org", name="Plain Reader")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        base = live_server.url
        page.goto(base + reverse("account_login"))
        page.get_by_label("Email").fill("plain@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in", exact=True).click()
        page.goto(base + story.get_absolute_url())
        page.locator("#comments textarea").first.fill("Posted with no JavaScript at all.")
        page.locator("#comments form button[type=submit]").first.click()
        page.wait_for_load_state()
        page.goto(base + story.get_absolute_url())
        assert "Posted with no JavaScript at all." in page.content()
    finally:
        context.close()
