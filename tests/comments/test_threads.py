"""A story's threads: every reply under the listed threads in one query, nested and ordered as before."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quicklooks.comments.models import Comment
from quicklooks.comments.posting import post_comment
from quicklooks.comments.threads import threads
from tests.comments.conftest import make_reader

pytestmark = pytest.mark.django_db


def comment_queries(captured) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if 'FROM "comments_comment"' in query["sql"]]


def outline(nodes, depth=0) -> list[tuple[int, str]]:
    rows = []
    for node in nodes:
        rows.append((depth, node.comment.body))
        rows.extend(outline(node.replies, depth + 1))
    return rows


@pytest.fixture
def conversation(story, settings):
    settings.QUICKLOOKS_COMMENT_RATE = "0"
    ana, ben = make_reader("ana@example.org", name="Ana"), make_reader("ben@example.org", name="Ben")

    def say(user, text, parent=None):
        return post_comment(story=story, user=user, text=text, parent=parent)[0]

    first = say(ana, "First.")
    second = say(ben, "Second.")
    answer = say(ben, "An answer to the first.", first)
    deeper = say(ana, "An answer to the answer.", answer)
    say(ben, "A reply to the deepest, placed beside it.", deeper)
    say(ana, "Another answer to the first.", first)
    say(ana, "An answer to the second.", second)
    return {"first": first, "answer": answer}


def test_every_reply_of_the_listed_threads_comes_in_one_query_however_deep_they_nest(story, conversation):
    with CaptureQueriesContext(connection) as captured:
        roots, has_more = threads(story)
    assert outline(roots) == [
        (0, "First."),
        (1, "An answer to the first."),
        (2, "An answer to the answer."),
        (2, "A reply to the deepest, placed beside it."),
        (1, "Another answer to the first."),
        (0, "Second."),
        (1, "An answer to the second."),
    ]
    assert not has_more
    assert len(comment_queries(captured)) == 2  # the threads, then all their replies


def test_threads_without_replies_ask_once(story, reader):
    for number in range(3):
        post_comment(story=story, user=reader, text=f"A comment on its own, number {number}.")
    with CaptureQueriesContext(connection) as captured:
        roots, _ = threads(story)
    assert [node.comment.body for node in roots] == [f"A comment on its own, number {n}." for n in range(3)]
    assert len(comment_queries(captured)) == 1


def test_a_thread_page_under_a_reply_shows_the_replies_below_it(story, conversation):
    roots, _ = threads(story, root=Comment.objects.get(pk=conversation["answer"].pk))
    assert outline(roots) == [
        (0, "An answer to the first."),
        (1, "An answer to the answer."),
        (1, "A reply to the deepest, placed beside it."),
    ]
