"""Pictures: a story's lead image and an author's photo, made into renditions at upload.

An upload (from the desk, or a page's lead image fetched by ingest) is read
with Pillow once and never served as sent. What is kept is:

- a cleaned master, JPEG, at most ``MASTER_WIDTH`` wide: the file
  ``Story.image`` / ``Author.photo`` holds, and the one share cards and feeds
  point at;
- one JPEG and one WebP copy at each of ``RENDITION_WIDTHS`` narrower than
  the master (and at the master's own width), for ``srcset``.

Every copy is drawn onto a new, empty image before it is saved, so no EXIF
(camera, GPS position, time taken), no XMP and no comment travels with it;
the camera's orientation is applied to the pixels first so the picture is the
right way up without its EXIF. Width and height are stored so pages reserve
the space before the picture arrives.

Files go through Django's default storage (``STORAGES["default"]``): the
data directory in embedded mode, shared storage in production.

This module imports no model: ``stories.models`` builds its ``picture``
properties from :func:`picture_from`.
"""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

RENDITION_WIDTHS = (320, 640, 960, 1280, 1920)
"""srcset widths: a phone's column at 1x and 2x, a desktop reading column at 1x and 2x, a wide lead."""
MASTER_WIDTH = 2400
"""The widest copy kept; a camera's 6000-pixel original is cut down to this."""
MAX_PIXELS = 50_000_000
"""Largest picture read (width x height), checked from the header before the pixels are decoded.

A 48-megapixel phone photo (8000 x 6000) passes; a decompression bomb, a few
kilobytes that claim 100,000 x 100,000 pixels, is refused before it can take
gigabytes of memory."""
MAX_BYTES = 9 * 1024 * 1024
"""Largest file accepted, before Pillow reads it: under nginx's 10 MB request limit with the form around it."""
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif", "MPO": "image/jpeg"}
"""What we read (MPO is the JPEG variant some phones write)."""
CONTENT_TYPES = frozenset(FORMATS.values())
JPEG_QUALITY = 82
WEBP_QUALITY = 80

# Pillow's own guard, for any other code path that opens an image: it raises
# past twice this, and we check MAX_PIXELS before decoding anyway.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class ImageError(ValueError):
    """The file is not a picture we can use; the message names it and says what to do."""


@dataclass
class Made:
    """The renditions of one picture, in memory, before they are stored."""

    digest: str
    width: int
    height: int
    master: bytes  # JPEG
    copies: list[tuple[int, int, bytes, bytes]] = field(default_factory=list)  # (width, height, jpeg, webp), narrowest first


def _size_problem(size: int, name: str) -> None:
    if size > MAX_BYTES:
        raise ImageError(f"{name}: the file is {size:,} bytes; pictures may be up to {MAX_BYTES:,} bytes. Export a smaller JPEG and upload that.")
    if size == 0:
        raise ImageError(f"{name}: the file is empty. Choose the picture file again.")


def _opened(data: bytes, name: str) -> Image.Image:
    """The decoded picture, upright, after the format and pixel checks."""
    _size_problem(len(data), name)
    not_a_picture = ImageError(f"{name}: this is not a picture we can read. Upload a JPEG, PNG, WebP or GIF file.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                raise ImageError(f"{name}: a {image.format} file; upload a JPEG, PNG, WebP or GIF instead.")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageError(
                    f"{name}: the picture claims {width:,} x {height:,} pixels, over the {MAX_PIXELS:,}-pixel limit. "
                    f"Resize it to at most {MASTER_WIDTH} pixels wide and upload it again."
                )
            if image.format in ("JPEG", "MPO"):
                # Let the JPEG decoder scale by 1/2, 1/4 or 1/8 while it reads, never below the
                # master's size: a 24-megapixel photo is decoded at a quarter of the work.
                sideways = image.getexif().get(0x0112, 1) in (5, 6, 7, 8)
                scale = MASTER_WIDTH / (height if sideways else width)
                if scale < 1:
                    image.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
            image.load()
    except ImageError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageError(f"{name}: the picture is too large to read ({error}). Resize it and upload it again.") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise not_a_picture from error
    return ImageOps.exif_transpose(image)


def _clean(image: Image.Image) -> Image.Image:
    """The pixels alone, as RGB on a new image: no EXIF, GPS, XMP, comment or ICC profile comes along."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    clean = Image.new("RGB", image.size)
    clean.paste(image.convert("RGB"))
    return clean


def _encoded(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "jpeg":
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()


def _scaled(image: Image.Image, width: int) -> Image.Image:
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def make(data: bytes, *, name: str) -> Made:
    """Renditions of the picture in ``data`` (named ``name`` in errors); ImageError for anything unusable."""
    clean = _clean(_opened(data, name))
    master = _scaled(clean, MASTER_WIDTH)
    made = Made(digest=hashlib.sha256(data).hexdigest()[:16], width=master.width, height=master.height, master=_encoded(master, "jpeg"))
    widths = [w for w in RENDITION_WIDTHS if w < master.width] + [master.width]
    for width in widths:
        copy = _scaled(master, width)
        made.copies.append((copy.width, copy.height, _encoded(copy, "jpeg"), _encoded(copy, "webp")))
    return made


def store(made: Made, *, folder: str, storage=None) -> dict:
    """Save the renditions under ``folder`` and return the model fields that describe them.

    Returns ``{"name", "width", "height", "renditions"}``; ``renditions`` is
    the JSON the models keep (see ``Story.image_renditions``), each rendition
    with its files' sizes in bytes too (``jpeg_bytes``, ``webp_bytes``).
    """
    storage = storage or default_storage
    base = f"{folder.strip('/')}/{made.digest}"
    name = storage.save(f"{base}.jpg", ContentFile(made.master))
    renditions = []
    for width, height, jpeg, webp in made.copies:
        renditions.append(
            {
                "width": width,
                "height": height,
                "jpeg": storage.save(f"{base}-{width}.jpg", ContentFile(jpeg)),
                "webp": storage.save(f"{base}-{width}.webp", ContentFile(webp)),
                # RSS enclosures must give a length; kept here so a feed never asks storage.
                "jpeg_bytes": len(jpeg),
                "webp_bytes": len(webp),
            }
        )
    return {"name": name, "width": made.width, "height": made.height, "renditions": renditions}


def stored_names(name: str, renditions: list[dict]) -> list[str]:
    """Every file one picture left in storage."""
    names = [name] if name else []
    for rendition in renditions or []:
        names += [rendition.get("jpeg", ""), rendition.get("webp", "")]
    return [n for n in names if n]


def delete_later(names: list[str], storage=None) -> None:
    """Delete files once the transaction that stopped using them commits (a rolled-back replace keeps them)."""
    storage = storage or default_storage

    def delete():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)


def set_story_image(story, data: bytes, *, name: str, alt: str = "", caption: str = "", credit: str = "", source_url: str = "") -> None:
    """Give ``story`` this lead image (replacing any it had), in one transaction; ImageError leaves it as it was.

    The renditions are made before the transaction opens, so a bad file
    touches nothing, and the database's write lock is not held while Pillow works.
    """
    attach_story_image(story, make(data, name=name), alt=alt, caption=caption, credit=credit, source_url=source_url)


def attach_story_image(story, made: Made, *, alt: str = "", caption: str = "", credit: str = "", source_url: str = "") -> None:
    """Store renditions already made (:func:`make`) as ``story``'s lead image, in one transaction."""
    with transaction.atomic():
        stored = store(made, folder=f"stories/{story.pk}")
        old = stored_names(story.image.name, story.image_renditions) if story.image else []
        story.image.name = stored["name"]
        story.image_width, story.image_height = stored["width"], stored["height"]
        story.image_renditions = stored["renditions"]
        story.image_alt = " ".join(alt.split())[:400]
        story.image_caption = caption.strip()
        story.image_credit = " ".join(credit.split())[:200]
        story.image_source_url = source_url[:1000]
        story.save()
        delete_later([n for n in old if n not in stored_names(stored["name"], stored["renditions"])])


def remove_story_image(story) -> None:
    """Take the lead image off ``story``, and its files out of storage once that is committed."""
    with transaction.atomic():
        old = stored_names(story.image.name, story.image_renditions) if story.image else []
        story.image = ""
        story.image_width = story.image_height = None
        story.image_renditions = []
        story.image_alt = story.image_caption = story.image_credit = story.image_source_url = ""
        story.save()
        delete_later(old)


def set_author_photo(author, data: bytes, *, name: str) -> None:
    """Give ``author`` this photo (replacing any), in one transaction; ImageError leaves them as they were."""
    made = make(data, name=name)
    with transaction.atomic():
        stored = store(made, folder=f"authors/{author.pk}")
        old = stored_names(author.photo.name, author.photo_renditions) if author.photo else []
        author.photo.name = stored["name"]
        author.photo_width, author.photo_height = stored["width"], stored["height"]
        author.photo_renditions = stored["renditions"]
        author.save()
        delete_later([n for n in old if n not in stored_names(stored["name"], stored["renditions"])])


def remove_author_photo(author) -> None:
    with transaction.atomic():
        old = stored_names(author.photo.name, author.photo_renditions) if author.photo else []
        author.photo = ""
        author.photo_width = author.photo_height = None
        author.photo_renditions = []
        author.save()
        delete_later(old)


DEFAULT_SIZES = "(min-width: 48em) 42rem, 100vw"
"""``sizes`` when the page gives none: the reading column on a wide screen, the full width on a phone."""


@dataclass(frozen=True)
class Picture:
    """What ``stories/_picture.html`` renders: URLs, srcsets, dimensions and words."""

    src: str  # a JPEG of moderate width, for browsers without srcset
    url: str  # the master JPEG: share cards, feeds, JSON-LD
    width: int
    height: int
    alt: str
    caption: str
    credit: str
    jpeg_srcset: str
    webp_srcset: str
    renditions: tuple[dict, ...]
    content_type: str = "image/jpeg"

    @property
    def aspect(self) -> float:
        return self.width / self.height if self.height else 0.0

    def at_least(self, width: int) -> dict:
        """The narrowest JPEG at least ``width`` pixels wide (else the widest): {"url", "width", "height", "bytes"}, URL absolute.

        Share cards and mail want one file of a known size, not the 2400-pixel master.
        """
        chosen = next((r for r in self.renditions if r["width"] >= width), self.renditions[-1] if self.renditions else None)
        if chosen is None:
            return {"url": absolute_url(self.url), "width": self.width, "height": self.height, "bytes": 0}
        return {
            "url": absolute_url(chosen["jpeg_url"]),
            "width": chosen["width"],
            "height": chosen["height"],
            "bytes": chosen.get("jpeg_bytes", 0),
        }


def absolute_url(url: str) -> str:
    """``url`` on the site's base (QUICKLOOKS_BASE_URL), unless storage already gave a full URL (shared storage, a CDN)."""
    if url.startswith(("https://", "http://")):
        return url
    return settings.QUICKLOOKS_BASE_URL.rstrip("/") + "/" + url.lstrip("/")


def picture_from(file, *, width, height, renditions, alt: str = "", caption: str = "", credit: str = "", storage=None) -> Picture | None:
    """The Picture for a stored image field and its renditions, or None when there is no image."""
    if not file or not width or not height:
        return None
    storage = storage or default_storage
    copies = sorted(
        (
            {**r, "jpeg_url": storage.url(r["jpeg"]), "webp_url": storage.url(r["webp"])}
            for r in renditions or []
            if r.get("jpeg") and r.get("webp") and r.get("width") and r.get("height")
        ),
        key=lambda r: r["width"],
    )
    url = storage.url(file.name)
    jpeg = ", ".join(f"{r['jpeg_url']} {r['width']}w" for r in copies)
    webp = ", ".join(f"{r['webp_url']} {r['width']}w" for r in copies)
    middle = next((r for r in copies if r["width"] >= 640), copies[-1] if copies else None)
    return Picture(
        src=middle["jpeg_url"] if middle else url,
        url=url,
        width=width,
        height=height,
        alt=alt,
        caption=caption,
        credit=credit,
        jpeg_srcset=jpeg,
        webp_srcset=webp,
        renditions=tuple(copies),
    )


def serve_media(request, path: str):
    """A stored picture, for embedded mode, where no nginx stands in front of ``quicklooks serve``.

    MEDIA_ROOT is read per request (tests move it); Django's static view
    refuses paths that leave it. Names carry the picture's digest, so a file
    never changes under its name and may be cached for a year.
    """
    from django.core.exceptions import SuspiciousFileOperation
    from django.http import Http404
    from django.views.static import serve

    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation:
        raise Http404("No such picture.") from None
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
