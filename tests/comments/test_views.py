"""The comment endpoints over HTTP: with and without htmx, and when things go wrong."""

from __future__ import annotations

import re
import uuid
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.urls import reverse

from quicklooks.comments import posting
from quicklooks.comments.models import Comment
from quicklooks.comments.threads import THREADS_PER_PAGE

pytestmark = pytest.mark.django_db


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


def form_data(text, **extra):
    return {"text": text, "idempotency_key": str(uuid.uuid4()), **extra}


def post_url(story):
    return reverse("comments:post", args=[story.slug])


def test_anonymous_sees_comments_and_the_prompt(client, story, reader):
    posting.post_comment(story=story, user=reader, text="Visible to all.")
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Visible to all." in html
    assert re.search(r"You must <a [^>]*>Register</a> or <a [^>]*>Log in</a> to post a comment\.", html)
    assert "<textarea" not in html and "csrfmiddlewaretoken" not in html.split('id="comments"')[1]


def test_anonymous_post_stores_nothing(client, story):
    response = client.post(post_url(story), form_data("drive-by"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert Comment.objects.count() == 0


def test_post_without_csrf_token_is_refused(story, reader):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(reader)
    assert strict.post(post_url(story), form_data("no token")).status_code == 403
    assert Comment.objects.count() == 0


def test_form_post_redirects_to_the_new_comment(alice, story):
    response = alice.post(post_url(story), form_data("Hello from a plain form."))
    comment = Comment.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")
    assert "Your comment is posted." in alice.get(response["Location"]).content.decode()


def test_replayed_post_stores_once(alice, story):
    data = form_data("Pressed twice.")
    first = alice.post(post_url(story), data)
    second = alice.post(post_url(story), data)
    assert first["Location"] == second["Location"]
    assert Comment.objects.count() == 1


def test_htmx_post_returns_the_comment_and_a_fresh_form(alice, story):
    response = alice.post(post_url(story), form_data("In place."), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "In place." in html and "<textarea" in html
    assert "<html" not in html  # a fragment, not a page
    # The new comment can be replied to at once, as after a reload.
    comment = Comment.objects.get()
    assert reverse("comments:reply", args=[comment.pk]) in html


def test_too_long_comment_keeps_the_text_and_says_why(alice, story):
    text = "word " * 700
    response = alice.post(post_url(story), form_data(text))
    html = response.content.decode()
    assert response.status_code == 400
    assert "the limit is 3,000" in html and text.strip()[:100] in html
    assert Comment.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_database_error_keeps_the_readers_text(client, story, reader):
    client.force_login(reader)
    # A real failure, not a mock: the table is gone while the reader posts.
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE comments_comment RENAME TO comments_comment_away")
    try:
        response = client.post(post_url(story), form_data("Words I do not want to lose."))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE comments_comment_away RENAME TO comments_comment")
    html = response.content.decode()
    assert response.status_code == 503
    assert "could not save your comment" in html and "Words I do not want to lose." in html
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert('xss')</script>",
        '<a href="javascript:alert(1)">win a prize</a>',
        '<img src=x onerror="alert(1)">',
        '<svg onload="alert(1)"><script>alert(2)</script></svg>',
    ],
)
def test_stored_xss_is_inert_on_the_page(alice, story, payload):
    alice.post(post_url(story), form_data(payload))
    html = alice.get(story.get_absolute_url()).content.decode()
    body = html.split('class="comment-body">')[1].split("</div>")[0]
    parser = _Tags()
    parser.feed(body)
    # The payload shows as text; the only real elements are ours.
    assert parser.tags and all(tag in {"p", "br", "a"} for tag, _ in parser.tags), parser.tags
    assert all(set(attrs) <= {"href", "rel"} for _, attrs in parser.tags)
    assert not any(attrs.get("href", "http").lower().startswith("javascript") for _, attrs in parser.tags)
    assert "alert" in parser.text  # still readable as what the reader typed


def test_edit_page_and_edited_mark(alice, story, reader):
    comment, _ = posting.post_comment(story=story, user=reader, text="Frist!")
    assert alice.get(reverse("comments:edit", args=[comment.pk])).status_code == 200
    alice.post(reverse("comments:edit", args=[comment.pk]), {"text": "First!"})
    html = alice.get(story.get_absolute_url()).content.decode()
    assert "First!" in html and 'class="comment-edited"' in html


def test_delete_own_comment(alice, story, reader):
    comment, _ = posting.post_comment(story=story, user=reader, text="Gone soon.")
    alice.post(reverse("comments:delete", args=[comment.pk]))
    assert "Gone soon." not in alice.get(story.get_absolute_url()).content.decode()


def test_react_and_report_over_http(client, story, reader, other_reader):
    comment, _ = posting.post_comment(story=story, user=reader, text="React to me.")
    client.force_login(other_reader)
    client.post(reverse("comments:react", args=[comment.pk]), {"kind": "insightful"})
    comment.refresh_from_db()
    assert comment.reaction_count == 1
    page = client.get(reverse("comments:report", args=[comment.pk]))
    assert page.status_code == 200 and b"Why should a moderator" in page.content
    client.post(reverse("comments:report", args=[comment.pk]), {"reason": "off_topic", "note": "not about this"})
    comment.refresh_from_db()
    assert comment.report_count == 1


def test_sorting_and_load_more_without_js(client, story, reader, other_reader, settings):
    settings.QUICKLOOKS_COMMENT_RATE = "0"
    for n in range(THREADS_PER_PAGE + 3):
        posting.post_comment(story=story, user=reader, text=f"Comment number {n:02d}.")
    popular = Comment.objects.get(body="Comment number 05.")
    posting.react(popular, other_reader, "respect")
    first = client.get(story.get_absolute_url()).content.decode()
    assert "Comment number 00." in first and f"Comment number {THREADS_PER_PAGE + 2:02d}." not in first
    more = re.search(r'href="(\?csort=oldest&amp;cshown=\d+#comments)"[^>]*>Load more comments', first).group(1)
    second = client.get(story.get_absolute_url() + more.replace("&amp;", "&")).content.decode()
    assert f"Comment number {THREADS_PER_PAGE + 2:02d}." in second and "Load more comments" not in second
    newest = client.get(story.get_absolute_url() + "?csort=newest").content.decode()
    assert newest.index(f"Comment number {THREADS_PER_PAGE + 2:02d}.") < newest.index("Comment number 19.")
    reacted = client.get(story.get_absolute_url() + "?csort=reactions").content.decode()
    assert reacted.index("Comment number 05.") < reacted.index("Comment number 00.")


def test_load_more_with_htmx_returns_the_next_threads(client, story, reader, settings):
    settings.QUICKLOOKS_COMMENT_RATE = "0"
    for n in range(THREADS_PER_PAGE + 2):
        posting.post_comment(story=story, user=reader, text=f"Thread {n:02d}.")
    fragment = client.get(reverse("comments:more", args=[story.slug]) + f"?offset={THREADS_PER_PAGE}", HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert "Thread 20." in html and "Thread 21." in html and "Thread 00." not in html and "<html" not in html


def test_reply_page_works_without_js(alice, story, other_reader):
    parent, _ = posting.post_comment(story=story, user=other_reader, text="Parent.")
    page = alice.get(reverse("comments:reply", args=[parent.pk])).content.decode()
    assert f'name="parent" value="{parent.pk}"' in page and "Replying to" in page
    alice.post(post_url(story), form_data("A reply.", parent=parent.pk))
    reply = Comment.objects.get(body="A reply.")
    assert reply.parent == parent and reply.depth == 1


def test_story_cards_show_comment_counts(client, story, reader):
    posting.post_comment(story=story, user=reader, text="Counted.")
    html = client.get(reverse("stories:home")).content.decode()
    assert re.search(r'<p class="card-comments"><a href="[^"]+#comments">1 comment<', html)


def test_pages_for_signed_in_readers_are_private(alice, client, story):
    response = alice.get(story.get_absolute_url())
    assert "private" in response["Cache-Control"] and "Cookie" in response["Vary"]


def test_own_pending_comment_is_shown_only_to_its_author(client, story, reader, other_reader):
    from quicklooks.comments.models import CommentPolicy

    CommentPolicy.objects.create(story=story, mode="premoderated")
    posting.post_comment(story=story, user=reader, text="Awaiting review.")
    client.force_login(reader)
    assert "only you can see this" in client.get(story.get_absolute_url()).content.decode()
    client.force_login(other_reader)
    assert "Awaiting review." not in client.get(story.get_absolute_url()).content.decode()


def test_a_page_of_comments_costs_no_query_per_comment(client, story, reader, other_reader, settings):
    from django.test.utils import CaptureQueriesContext

    settings.QUICKLOOKS_COMMENT_RATE = "0"

    def queries_for_story_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(story.get_absolute_url()).status_code == 200
        return len(captured)

    posting.post_comment(story=story, user=reader, text="The first comment.")
    few = queries_for_story_page()
    for number in range(12):
        posting.post_comment(story=story, user=(reader, other_reader)[number % 2], text=f"Comment number {number}.")
    # Each comment shows its author's name: the names come with the comments, not one query each.
    assert queries_for_story_page() == few


def test_a_listing_counts_comments_in_its_own_query(client, story, reader, other_reader, settings):
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from quicklooks.comments.models import CommentPolicy
    from quicklooks.stories.models import Story, Tag

    settings.QUICKLOOKS_COMMENT_RATE = "0"
    tags = [Tag.objects.create(name=f"Tag {n}", slug=f"tag-{n}") for n in range(2)]
    story.tags.add(*tags)

    def queries_for(url) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    few, _ = queries_for(reverse("stories:home"))
    for n in range(6):
        Story.objects.create(
            slug=f"more-{n}", headline=f"Another story {n}", section=story.section,
            status="published", published_at=timezone.now(),
        )
    many, html = queries_for(reverse("stories:home"))
    assert many == few

    posting.post_comment(story=story, user=reader, text="Shown.")
    posting.post_comment(story=story, user=other_reader, text="Shown too.")
    CommentPolicy.objects.create(story=story, mode="premoderated")
    posting.post_comment(story=story, user=reader, text="Waiting for a moderator.")
    # Six newer stories push this one off the front page's cards: its section lists it as a card.
    _, html = queries_for(story.section.get_absolute_url())
    assert re.search(r'<p class="card-comments"><a href="/story/[^"]*putin[^"]*#comments">2 comments<', html)
    # A listing whose query joins through tags counts each comment once.
    _, tag_html = queries_for(reverse("stories:tag", args=[tags[0].slug]))
    assert "2 comments<" in tag_html
