"""Comment bodies lose bidi overrides and zero-width characters; staff comments carry a Staff badge."""

from __future__ import annotations

import pytest
from django.urls import reverse

from quicklooks.comments.posting import edit_comment, post_comment
from tests.comments.conftest import make_reader

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("See holiday-\u202egnp.exe for the photos", "See holiday-gnp.exe for the photos"),
        ("\u2067Trust\u2069 me, \u202dclick\u202c here", "Trust me, click here"),
        ("free\u200b \u200dmoney\ufeff", "free money"),
        ("bell\x07 and \x1b[31mred", "bell and [31mred"),
        ("Ich möchte\u200c nicht", "Ich möchte nicht"),
        ("Family 👨\u200d👩\u200d👧 photo", "Family 👨\u200d👩\u200d👧 photo"),
    ],
)
def test_bidi_overrides_and_zero_width_characters_are_not_kept(story, reader, written, stored):
    comment, _ = post_comment(story=story, user=reader, text=written)
    assert comment.body == stored
    assert "\u202e" not in comment.html and "\u200b" not in comment.html


def test_an_edit_is_cleaned_too(story, reader):
    comment, _ = post_comment(story=story, user=reader, text="A plain first version.")
    edited = edit_comment(comment, reader, "Now \u202egnp.exe")
    assert edited.body == "Now gnp.exe"


def test_staff_comments_carry_a_staff_badge_and_readers_do_not(client, story, reader, moderator):
    post_comment(story=story, user=reader, text="A reader's view of the story.")
    post_comment(story=story, user=moderator, text="A note from the moderators.")
    page = client.get(reverse("stories:story", args=[story.slug])).content.decode()
    staff_article = page[page.index("A note from the moderators") - 1500 : page.index("A note from the moderators")]
    reader_article = page[page.index("A reader's view") - 1500 : page.index("A reader's view")]
    assert "comment-badge-staff" in staff_article.rsplit("<article", 1)[1]
    assert "comment-badge-staff" not in reader_article.rsplit("<article", 1)[1]


def test_the_badge_costs_one_query_per_page_not_one_per_comment(client, story, django_assert_max_num_queries, settings):
    from quicklooks.comments.threads import threads

    settings.QUICKLOOKS_COMMENT_RATE = "0"

    staff = make_reader("ed@example.org", name="Ed", roles=("editor",))
    for number in range(6):
        post_comment(story=story, user=make_reader(f"r{number}@example.org", name=f"Reader {number}x"), text=f"Comment {number}.")
        post_comment(story=story, user=staff, text=f"Staff answer {number}.")
    roots, _ = threads(story)
    with django_assert_max_num_queries(0):
        flags = [node.comment.author_is_staff for node in roots]
    assert flags.count(True) == 6 and flags.count(False) == 6
