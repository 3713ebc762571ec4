"""Lead images and author photos: renditions made with Pillow, EXIF gone, bombs and non-pictures refused."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from PIL import Image

from quicklooks.stories import images
from quicklooks.stories.models import Author, Story

GPS_IFD = 0x8825
MAKE = 0x010F


def photo(width=1600, height=1000, *, fmt="JPEG", gps=True, orientation=None, mode="RGB") -> bytes:
    """A camera-like photo made here: a gradient with EXIF that names the camera and, by default, where it was taken."""
    image = Image.new(mode, (width, height))
    image.paste((200, 40, 40) + ((128,) if mode == "RGBA" else ()), (0, 0, width // 2, height))
    exif = Image.Exif()
    exif[MAKE] = "Quicklooks Test Camera"
    if gps:
        # 55°45'N 37°37'E: a place a reporter would not want published with the photo.
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (55.0, 45.0, 0.0), 3: "E", 4: (37.0, 37.0, 0.0)})
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, fmt, exif=exif.tobytes())
    return out.getvalue()


def read_back(name: str) -> Image.Image:
    with default_storage.open(name) as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
        return image


def test_the_test_photo_really_carries_gps():
    # Otherwise the stripping test below could pass on a photo that never had any.
    exif = Image.open(io.BytesIO(photo())).getexif()
    assert exif[MAKE] == "Quicklooks Test Camera"
    assert exif.get_ifd(GPS_IFD)[1] == "N"


def test_renditions_have_the_widths_for_srcset_in_jpeg_and_webp():
    made = images.make(photo(1600, 1000), name="harbour.jpg")
    assert (made.width, made.height) == (1600, 1000)
    assert [w for w, _h, _j, _webp in made.copies] == [320, 640, 960, 1280, 1600]
    for width, height, jpeg, webp in made.copies:
        assert height == round(1000 * width / 1600)
        assert Image.open(io.BytesIO(jpeg)).format == "JPEG"
        assert Image.open(io.BytesIO(webp)).format == "WEBP"
        assert Image.open(io.BytesIO(webp)).size == (width, height)


def test_a_camera_original_is_cut_down_to_the_master_width():
    made = images.make(photo(3000, 2000, gps=False), name="wide.jpg")
    assert (made.width, made.height) == (images.MASTER_WIDTH, 1600)
    assert made.copies[-1][0] == images.MASTER_WIDTH


@pytest.mark.django_db
def test_stored_renditions_carry_no_exif_and_no_gps(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    story = Story.objects.create(slug="harbour", headline="Harbour")
    images.set_story_image(story, photo(), name="harbour.jpg", alt="Boats in the harbour at dawn")
    story.refresh_from_db()
    names = images.stored_names(story.image.name, story.image_renditions)
    assert len(names) == 1 + 2 * 5
    for name in names:
        image = read_back(name)
        exif = image.getexif()
        assert MAKE not in exif, name
        assert not exif.get_ifd(GPS_IFD), name
        assert "exif" not in image.info and "xmp" not in image.info, name
        assert (tmp_path / name).is_file()


def test_a_large_turned_photo_decoded_at_reduced_scale_still_fills_the_master():
    # 8000 x 5000, turned: the decoder reads it at half scale (4000 x 2500), still wider than the master once upright.
    made = images.make(photo(8000, 5000, orientation=6, gps=False), name="turned-large.jpg")
    assert (made.width, made.height) == (images.MASTER_WIDTH, 3840)


def test_the_camera_orientation_is_applied_before_exif_goes():
    # Orientation 6: the camera was turned; the stored picture is upright without needing EXIF.
    made = images.make(photo(800, 400, orientation=6, gps=False), name="turned.jpg")
    assert (made.width, made.height) == (400, 800)


def test_transparent_png_is_flattened_onto_white():
    made = images.make(photo(400, 300, fmt="PNG", mode="RGBA", gps=False), name="logo.png")
    corner = Image.open(io.BytesIO(made.master)).convert("RGB").getpixel((390, 5))
    assert all(channel > 240 for channel in corner)


def test_not_an_image_is_refused_naming_the_file():
    with pytest.raises(images.ImageError, match=r"^notes\.pdf: this is not a picture we can read"):
        images.make(b"%PDF-1.7 this is a document, not a photo", name="notes.pdf")


def test_a_truncated_jpeg_is_refused_naming_the_file():
    data = photo(gps=False)
    with pytest.raises(images.ImageError, match=r"^cut\.jpg: "):
        images.make(data[: len(data) // 3], name="cut.jpg")


def bomb_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width x height pixels: Pillow reads the size without decoding anything."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("side", [8_000, 100_000])
def test_a_decompression_bomb_is_refused_before_decoding(side):
    data = bomb_png(side, side)
    assert len(data) < 200
    with pytest.raises(images.ImageError, match=r"^bomb\.png: .*(pixel|too large)"):
        images.make(data, name="bomb.png")


def test_a_picture_just_inside_the_pixel_limit_is_read():
    made = images.make(photo(4000, 3000, gps=False), name="big.jpg")
    assert made.width == images.MASTER_WIDTH


def test_an_oversized_file_is_refused_before_pillow_reads_it():
    with pytest.raises(images.ImageError, match=r"^huge\.jpg: the file is .* bytes"):
        images.make(b"\xff\xd8" + b"\0" * (images.MAX_BYTES + 1), name="huge.jpg")


@pytest.mark.django_db
def test_replacing_keeps_nothing_of_the_old_picture(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    story = Story.objects.create(slug="replace", headline="Replace")
    with django_capture_on_commit_callbacks(execute=True):
        images.set_story_image(story, photo(gps=False), name="first.jpg", alt="First")
    first = images.stored_names(story.image.name, story.image_renditions)
    with django_capture_on_commit_callbacks(execute=True):
        images.set_story_image(story, photo(900, 600, gps=False), name="second.jpg", alt="Second")
    assert not any((tmp_path / name).exists() for name in first)
    assert story.image_width == 900
    with django_capture_on_commit_callbacks(execute=True):
        images.remove_story_image(story)
    story.refresh_from_db()
    assert not story.image and story.image_renditions == [] and story.picture is None
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


@pytest.mark.django_db
def test_a_bad_replacement_leaves_the_old_picture(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    story = Story.objects.create(slug="keep", headline="Keep")
    images.set_story_image(story, photo(gps=False), name="good.jpg", alt="Good")
    before = story.image.name
    with pytest.raises(images.ImageError):
        images.set_story_image(story, b"GIF89a nonsense", name="bad.gif", alt="Bad")
    story.refresh_from_db()
    assert story.image.name == before and story.image_alt == "Good"


@pytest.mark.django_db
def test_picture_template_renders_webp_and_jpeg_srcsets_with_dimensions(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    story = Story.objects.create(slug="tpl", headline="Template")
    images.set_story_image(
        story, photo(1600, 1000, gps=False), name="t.jpg", alt="Rescuers & a dog", caption="Rescuers search the rubble.", credit="Jane Roe/Wire"
    )
    html = render_to_string("stories/_picture.html", {"picture": story.picture, "sizes": "100vw", "loading": "eager"})
    assert '<source type="image/webp" srcset="/media/stories/' in html
    assert html.count(" 320w") == 2 and html.count(" 1600w") == 2
    assert 'width="1600" height="1000"' in html
    assert 'alt="Rescuers &amp; a dog"' in html
    assert 'sizes="100vw"' in html and 'loading="eager"' in html
    assert "<figcaption>" in html and "Rescuers search the rubble." in html and "Jane Roe/Wire" in html
    bare = render_to_string("stories/_picture.html", {"picture": story.picture, "bare": True})
    assert "<figure" not in bare and "<figcaption>" not in bare and "<picture>" in bare
    assert render_to_string("stories/_picture.html", {"picture": None}).strip() == ""


@pytest.mark.django_db
def test_author_photo_has_renditions_and_the_name_as_alt(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    author = Author.objects.create(name="Ada Reporter", slug="ada-reporter")
    images.set_author_photo(author, photo(600, 600), name="ada.jpg")
    author.refresh_from_db()
    picture = author.picture
    assert picture.alt == "Ada Reporter" and (picture.width, picture.height) == (600, 600)
    assert [r["width"] for r in author.photo_renditions] == [320, 600]
    assert not read_back(author.photo.name).getexif().get_ifd(GPS_IFD)


@pytest.mark.django_db
def test_embedded_mode_serves_pictures_but_nothing_outside_media_root(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "secret_key").write_text("not for readers")
    story = Story.objects.create(slug="served", headline="Served")
    images.set_story_image(story, photo(400, 300, gps=False), name="s.jpg", alt="Served")
    response = client.get(story.picture.src)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "immutable" in response["Cache-Control"]
    for path in ("/media/../secret_key", "/media/%2e%2e/secret_key", "/media/..%2fsecret_key"):
        assert client.get(path).status_code == 404, path


def test_production_leaves_media_to_nginx(monkeypatch):
    import importlib

    import quicklooks.settings.base as base

    monkeypatch.delenv("QUICKLOOKS_SERVE_MEDIA", raising=False)
    monkeypatch.delenv("DEBUG", raising=False)
    try:
        assert importlib.reload(base).QUICKLOOKS_SERVE_MEDIA is False
        monkeypatch.setenv("QUICKLOOKS_MEDIA_STORAGE", "storages.backends.s3.S3Storage")
        monkeypatch.setenv("QUICKLOOKS_MEDIA_OPTIONS", '{"bucket_name": "news-media"}')
        assert importlib.reload(base).STORAGES["default"] == {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"bucket_name": "news-media"}}
    finally:
        monkeypatch.undo()
        importlib.reload(base)
