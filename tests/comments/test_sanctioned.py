"""A suspended or banned reader reads comments but takes no part: no post, reply, edit, reaction or report.

Each refusal says why and how to appeal, on the plain form pages and in the
htmx fragments alike, and the panel offers them none of the buttons.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from quicklooks.comments import moderation, posting
from quicklooks.comments.models import Comment, Reaction, Report
from quicklooks.comments.moderation import CommentRefused

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def theirs(story, reader):
    comment, _ = posting.post_comment(story=story, user=reader, text="Alice's view of the story.")
    return comment


@pytest.fixture
def own(story, other_reader):
    # Posted before the sanction, still inside the edit window.
    comment, _ = posting.post_comment(story=story, user=other_reader, text="Bob wrote this earlier.")
    return comment


@pytest.fixture(params=["suspend", "ban"])
def sanctioned(request, other_reader, moderator, theirs, own):
    if request.param == "suspend":
        moderation.suspend(other_reader, moderator, days=2, reason="heated")
    else:
        moderation.ban(other_reader, moderator, reason="abuse")
    return other_reader


@pytest.fixture
def bob(client, sanctioned):
    client.force_login(sanctioned)
    return client


def says_why(html: str) -> bool:
    return bool(re.search(r"(suspended from commenting until|banned from commenting)", html)) and "appeal" in html


def test_the_message_names_what_is_off_and_how_to_appeal(settings, sanctioned):
    settings.QUICKLOOKS_MODERATION_EMAIL = "moderators@example.org"
    message = moderation.sanction_message(moderation.sanction_in_force(sanctioned))
    assert "post, reply, edit, react to or report" in message
    assert "moderators@example.org" in message and "appeal" in message


def test_without_a_moderation_address_the_message_still_says_what_to_do(settings, sanctioned):
    settings.QUICKLOOKS_MODERATION_EMAIL = ""
    message = moderation.sanction_message(moderation.sanction_in_force(sanctioned))
    assert "appeal" in message and "@" not in message


def test_every_action_refuses_them_in_the_functions(story, sanctioned, theirs, own):
    with pytest.raises(CommentRefused, match="from commenting"):
        posting.report(theirs, sanctioned, "spam")
    with pytest.raises(CommentRefused, match="from commenting"):
        posting.react(theirs, sanctioned, "respect")
    with pytest.raises(CommentRefused, match="from commenting"):
        posting.post_comment(story=story, user=sanctioned, text="A reply.", parent=theirs)
    with pytest.raises(CommentRefused, match="from commenting"):
        posting.edit_comment(own, sanctioned, "Changed.")
    assert not Report.objects.exists() and not Reaction.objects.exists()
    theirs.refresh_from_db()
    own.refresh_from_db()
    assert (theirs.report_count, theirs.reaction_count) == (0, 0)
    assert own.body == "Bob wrote this earlier." and own.edited_at is None
    assert Comment.objects.count() == 2


def test_report_page_and_post_are_refused(bob, theirs):
    url = reverse("comments:report", args=[theirs.pk])
    page = bob.get(url)
    assert page.status_code == 403 and says_why(page.content.decode())
    assert b"Send report" not in page.content
    response = bob.post(url, {"reason": "abuse", "note": "payback"})
    assert response.status_code == 403 and says_why(response.content.decode())
    theirs.refresh_from_db()
    assert not Report.objects.exists() and theirs.report_count == 0


def test_reacting_is_refused_without_js(bob, theirs):
    response = bob.post(reverse("comments:react", args=[theirs.pk]), {"kind": "respect"})
    assert response.status_code == 403 and says_why(response.content.decode())
    assert not Reaction.objects.exists()


def test_reacting_with_htmx_swaps_the_buttons_for_the_reason(bob, theirs):
    response = bob.post(reverse("comments:react", args=[theirs.pk]), {"kind": "respect"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 403 and says_why(html)
    assert f'id="reactions-{theirs.pk}"' in html and "0 reactions" in html and "<button" not in html
    assert "<html" not in html
    # htmx leaves error answers unswapped unless told; comments.js reads this.
    assert response["X-Comment-Refusal"] == "swap"
    assert not Reaction.objects.exists()


def test_reply_page_is_refused_with_and_without_js(bob, theirs):
    url = reverse("comments:reply", args=[theirs.pk])
    page = bob.get(url)
    assert page.status_code == 403 and says_why(page.content.decode()) and "<textarea" not in page.content.decode()
    fragment = bob.get(url, **HTMX)
    html = fragment.content.decode()
    assert fragment.status_code == 403 and says_why(html) and "<textarea" not in html and "<html" not in html
    assert fragment["X-Comment-Refusal"] == "swap"


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["form", "htmx"])
def test_posting_a_reply_keeps_the_form_error_convention(bob, story, theirs, headers):
    data = {"text": "Sneaky reply.", "parent": theirs.pk, "idempotency_key": str(uuid.uuid4())}
    response = bob.post(reverse("comments:post", args=[story.slug]), data, **headers)
    html = response.content.decode()
    assert response.status_code == 400 and says_why(html) and 'class="form-error"' in html
    assert "Sneaky reply." in html  # the reader's words are not lost
    assert not Comment.objects.filter(body="Sneaky reply.").exists()
    if headers:
        assert response["X-Comment-Refusal"] == "swap"


def test_edit_page_and_post_are_refused(bob, own):
    url = reverse("comments:edit", args=[own.pk])
    page = bob.get(url)
    assert page.status_code == 403 and says_why(page.content.decode()) and "<textarea" not in page.content.decode()
    response = bob.post(url, {"text": "Rewritten while suspended."})
    assert response.status_code == 403 and says_why(response.content.decode())
    own.refresh_from_db()
    assert own.body == "Bob wrote this earlier." and own.edited_at is None


def test_they_may_still_delete_their_own_comment(bob, own):
    response = bob.post(reverse("comments:delete", args=[own.pk]))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == Comment.Status.DELETED and own.body == ""


def _panel(client, story):
    return client.get(story.get_absolute_url()).content.decode().split('id="comments"')[1]


def test_the_panel_shows_a_note_instead_of_buttons(bob, client, story, theirs, own, other_reader):
    html = _panel(bob, story)
    assert says_why(html) and "<textarea" not in html
    assert reverse("comments:react", args=[theirs.pk]) not in html
    assert reverse("comments:report", args=[theirs.pk]) not in html
    assert reverse("comments:reply", args=[theirs.pk]) not in html
    assert reverse("comments:edit", args=[own.pk]) not in html
    assert reverse("comments:delete", args=[own.pk]) in html
    assert "Alice&#x27;s view of the story." in html or "Alice's view of the story." in html


def test_the_panel_offers_the_buttons_again_once_lifted(bob, story, theirs, own, sanctioned, moderator):
    for sanction in moderation.Sanction.objects.in_force().filter(user=sanctioned):
        moderation.lift(sanction, moderator, "appeal accepted")
    html = _panel(bob, story)
    assert not says_why(html)
    for name, pk in (("react", theirs.pk), ("report", theirs.pk), ("reply", theirs.pk), ("edit", own.pk)):
        assert reverse(f"comments:{name}", args=[pk]) in html, name


def test_the_thread_page_and_load_more_hide_the_buttons_too(bob, story, theirs):
    page = bob.get(reverse("comments:thread", args=[theirs.pk])).content.decode()
    assert reverse("comments:react", args=[theirs.pk]) not in page
    assert reverse("comments:report", args=[theirs.pk]) not in page
    more = bob.get(reverse("comments:more", args=[story.slug]) + "?offset=0", **HTMX).content.decode()
    assert "Alice" in more and reverse("comments:react", args=[theirs.pk]) not in more
    assert reverse("comments:report", args=[theirs.pk]) not in more


def test_unverified_readers_get_no_reaction_or_report_buttons_either(client, story, theirs):
    from tests.comments.conftest import make_reader

    client.force_login(make_reader("new@example.org", verified=False))
    html = _panel(client, story)
    assert "verify your email address" in html
    assert reverse("comments:react", args=[theirs.pk]) not in html
    assert reverse("comments:report", args=[theirs.pk]) not in html
