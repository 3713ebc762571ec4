"""The desk's lead image, front-page pick and author pages, through Django's test client with real uploads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from quicklooks.stories.models import Author, Story
from tests.desk.test_desk import client_for, form_of
from tests.stories.test_images import GPS_IFD, photo, read_back

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(name="harbour.jpg", data=None):
    return SimpleUploadedFile(name, data if data is not None else photo(1200, 800), content_type="image/jpeg")


def post_image(client, story, **fields):
    return client.post(reverse("desk:story_image", args=[story.pk]), fields)


def publish(client, story):
    return client.post(reverse("desk:story", args=[story.pk]), form_of(client, story) | {"action": "publish", "acknowledge_warnings": "1"})


def test_editor_uploads_a_lead_image_with_alt_caption_and_credit(editor, draft, client, media):
    eddie = client_for(editor)
    response = post_image(
        eddie, draft, image=upload(), image_alt="Fishing boats moored at dawn", image_caption="The harbour at Vladivostok.", image_credit="Jane Roe/Wire"
    )
    assert response.status_code == 302 and response.url.endswith("#lead-image")
    draft.refresh_from_db()
    assert (draft.image_width, draft.image_height) == (1200, 800)
    assert [r["width"] for r in draft.image_renditions] == [320, 640, 960, 1200]
    assert draft.image_alt == "Fishing boats moored at dawn" and draft.image_credit == "Jane Roe/Wire"
    assert not read_back(draft.image.name).getexif().get_ifd(GPS_IFD)
    assert draft.revisions.filter(action="lead image uploaded: harbour.jpg", user=editor).exists()
    page = eddie.get(reverse("desk:story", args=[draft.pk])).content.decode()
    assert '<source type="image/webp"' in page and 'alt="Fishing boats moored at dawn"' in page

    assert publish(eddie, draft).status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    story_page = client.get(draft.get_absolute_url()).content.decode()
    assert 'width="1200" height="800"' in story_page
    assert "The harbour at Vladivostok." in story_page and "Jane Roe/Wire" in story_page


def test_an_image_without_alt_text_is_kept_but_blocks_publishing(editor, draft):
    eddie = client_for(editor)
    response = post_image(eddie, draft, image=upload(), image_alt="  ")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.image and draft.image_needs_alt
    inbox = eddie.get(reverse("desk:inbox") + "?status=all").content.decode()
    assert "image needs alt text" in inbox
    waiting = eddie.get(reverse("desk:inbox") + "?status=needs_alt")
    assert [story.pk for story in waiting.context["page"].object_list] == [draft.pk]
    editor_page = eddie.get(reverse("desk:story", args=[draft.pk])).content.decode()
    assert "Image needs alt text." in editor_page

    refused = publish(eddie, draft)
    assert refused.status_code == 400
    assert "Not published: the lead image has no alt text" in refused.content.decode()
    draft.refresh_from_db()
    assert not draft.is_published

    when = timezone.localtime(timezone.now() + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    scheduled = eddie.post(reverse("desk:story", args=[draft.pk]), form_of(eddie, draft) | {"action": "schedule", "publish_at": when, "acknowledge_warnings": "1"})
    assert scheduled.status_code == 400 and "Not scheduled: the lead image has no alt text" in scheduled.content.decode()

    assert post_image(eddie, draft, image_alt="A crane lifts a container onto a ship").status_code == 302
    draft.refresh_from_db()
    assert not draft.image_needs_alt
    assert publish(eddie, draft).status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    assert "image needs alt text" not in eddie.get(reverse("desk:inbox") + "?status=all").content.decode()
    assert not eddie.get(reverse("desk:inbox") + "?status=needs_alt").context["page"].object_list


def test_a_live_story_cannot_lose_its_alt_text(editor, draft):
    eddie = client_for(editor)
    post_image(eddie, draft, image=upload(), image_alt="A harbour")
    publish(eddie, draft)
    draft.refresh_from_db()
    assert draft.is_published
    response = post_image(eddie, draft, image_alt="")
    assert response.status_code == 400
    assert "Alt text: this story is live" in response.content.decode()
    draft.refresh_from_db()
    assert draft.image_alt == "A harbour"


def test_a_file_that_is_not_a_picture_is_refused_by_name(editor, draft, media):
    eddie = client_for(editor)
    response = post_image(eddie, draft, image=SimpleUploadedFile("notes.txt", b"just some notes, not a photo"), image_alt="Notes")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Picture: notes.txt: this is not a picture we can read" in page
    assert 'value="Notes"' in page  # the alt text typed is shown back
    draft.refresh_from_db()
    assert not draft.image
    assert not any(p.is_file() for p in media.rglob("*"))


def test_remove_and_replace(editor, draft, media, django_capture_on_commit_callbacks):
    eddie = client_for(editor)
    post_image(eddie, draft, image=upload(), image_alt="First")
    with django_capture_on_commit_callbacks(execute=True):
        post_image(eddie, draft, image=upload("second.png", photo(700, 700, fmt="PNG")), image_alt="Second")
    draft.refresh_from_db()
    assert draft.image_width == 700 and draft.image_alt == "Second"
    with django_capture_on_commit_callbacks(execute=True):
        assert post_image(eddie, draft, action="remove").status_code == 302
    draft.refresh_from_db()
    assert not draft.image and draft.picture is None
    assert not any(p.is_file() for p in media.rglob("*"))


def test_reporter_cannot_change_a_published_storys_picture(reporter, editor, draft):
    eddie = client_for(editor)
    post_image(eddie, draft, image=upload(), image_alt="A harbour")
    publish(eddie, draft)
    assert post_image(client_for(reporter), draft, action="remove").status_code == 403


def test_one_front_page_pick_at_a_time(editor, reporter, draft):
    eddie = client_for(editor)
    other = Story.objects.create(slug="other", headline="Other", status=Story.Status.PUBLISHED, published_at=timezone.now())
    assert eddie.post(reverse("desk:front_page_pick", args=[other.pk]), {"pick": "1"}).status_code == 302
    assert eddie.post(reverse("desk:front_page_pick", args=[draft.pk]), {"pick": "1"}).status_code == 302
    other.refresh_from_db()
    draft.refresh_from_db()
    assert draft.is_front_page_pick and not other.is_front_page_pick
    assert "front-page pick" in eddie.get(reverse("desk:inbox") + "?status=all").content.decode()
    assert "leads once it is published" in eddie.get(reverse("desk:story", args=[draft.pk])).content.decode()
    assert client_for(reporter).post(reverse("desk:front_page_pick", args=[other.pk]), {"pick": "1"}).status_code == 403
    eddie.post(reverse("desk:front_page_pick", args=[draft.pk]), {"pick": "0"})
    draft.refresh_from_db()
    assert not draft.is_front_page_pick
    assert list(draft.revisions.values_list("action", flat=True).order_by("number"))[-2:] == [
        "picked to lead the front page",
        "no longer the front page's pick",
    ]


def test_editor_sets_an_authors_bio_and_photo(editor, reporter, draft, client):
    author = Author.objects.get(name=draft.bylines.first().author.name)
    eddie = client_for(editor)
    assert author.name in eddie.get(reverse("desk:authors")).content.decode()
    response = eddie.post(
        reverse("desk:author", args=[author.pk]), {"bio": "Covers Russia and the Pacific.\u0007", "image": upload("face.jpg", photo(500, 600))}
    )
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.bio == "Covers Russia and the Pacific."
    assert (author.photo_width, author.photo_height) == (500, 600)
    assert 'alt="' + author.name + '"' in eddie.get(reverse("desk:author", args=[author.pk])).content.decode()

    too_long = eddie.post(reverse("desk:author", args=[author.pk]), {"bio": "x" * 2001})
    assert too_long.status_code == 400 and "Bio: at most 2,000 characters" in too_long.content.decode()
    bad = eddie.post(reverse("desk:author", args=[author.pk]), {"bio": "Changed", "image": SimpleUploadedFile("face.doc", b"not a photo")})
    assert bad.status_code == 400 and "Photo: face.doc: this is not a picture" in bad.content.decode()
    author.refresh_from_db()
    assert author.bio == "Covers Russia and the Pacific."  # one transaction: the bio did not change either

    assert client_for(reporter).post(reverse("desk:author", args=[author.pk]), {"bio": "mine"}).status_code == 403
    assert client.get(reverse("desk:authors")).status_code in (302, 403)
