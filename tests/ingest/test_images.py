"""Ingest keeps a page's lead image: found in the page, fetched over real loopback HTTP by the same fetcher, limited."""

from __future__ import annotations

import io
from pathlib import Path
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html
from PIL import Image

from quicklooks.desk import workflow
from quicklooks.ingest.extraction import PageImage, lead_image
from quicklooks.ingest.fetching import IMAGE_MAX_BYTES, Fetcher, FetchError, forget_robots, host_and_port
from quicklooks.ingest.ingesting import ingest_entry, ingest_page_body
from quicklooks.ingest.extraction import Entry
from quicklooks.stories.models import Story
from tests.desk.conftest import make_user
from tests.stories.test_images import GPS_IFD, photo, read_back

pytestmark = pytest.mark.django_db

BODY = " ".join(
    f"<p>The harbour board said on Tuesday that repairs to pier {i} would take {i + 2} weeks and cost the town "
    f"{i * 10} thousand pounds, and that ferries would use the north quay until then.</p>"
    for i in range(1, 6)
)


def article(head: str = "", figure: str = "") -> bytes:
    return (
        f"<!doctype html><html><head><title>Harbour repairs to close three piers</title>{head}</head>"
        f"<body><nav><img src='/logo.png' alt='Logo'></nav><article><h1>Harbour repairs to close three piers</h1>"
        f"{figure}{BODY}</article></body></html>"
    ).encode()


class Pages:
    """A loopback HTTP server answering from a dict: path -> (status, content type, body)."""

    def __init__(self):
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.hits: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                owner.hits.append(self.path)
                status, kind, body = owner.routes.get(self.path, (404, "text/plain", b"not here"))
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"


@pytest.fixture
def pages():
    forget_robots()
    server = Pages()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()
    forget_robots()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def fetcher_for(server: Pages) -> Fetcher:
    """Allowed to reach this one loopback server, as an admin-allowed source is: no other private address."""
    return Fetcher(allow_private=frozenset({host_and_port(server.url("/"))}))


def ingest(server: Pages, path: str = "/article.html", **kwargs):
    entry = Entry(link=server.url(path), title="Harbour repairs to close three piers", author="", published="", content="")
    return ingest_entry(entry, feed_url=server.url("/feed.xml"), fetcher=fetcher_for(server), **kwargs)


# Finding the picture in the page.


def test_og_image_with_its_alt_and_the_figure_caption_and_credit():
    page = article(
        head='<meta property="og:image" content="https://cdn.example/pics/pier-1200.jpg?w=1200">'
        '<meta property="og:image:alt" content="Cranes over the harbour">',
        figure='<figure><img src="/pics/pier-1200.jpg" alt="Cranes"><figcaption>Work on pier 2 began in May. '
        '<span class="credit">Ann Lee/Harbour Post</span></figcaption></figure>',
    )
    assert lead_image(page, url="https://news.example/harbour") == PageImage(
        "https://cdn.example/pics/pier-1200.jpg?w=1200", alt="Cranes over the harbour", caption="Work on pier 2 began in May.", credit="Ann Lee/Harbour Post"
    )


def test_without_og_image_the_articles_first_figure_counts_not_the_logo():
    page = article(figure='<figure><img data-src="pics/lazy.jpg" src="data:image/gif;base64,R0lG" alt="The north quay"><figcaption>Ferries at the north quay.</figcaption></figure>')
    found = lead_image(page, url="https://news.example/2026/harbour.html")
    assert found == PageImage("https://news.example/2026/pics/lazy.jpg", alt="The north quay", caption="Ferries at the north quay.")


def test_srcset_gives_its_widest_candidate():
    page = article(figure='<figure><img srcset="/a-320.jpg 320w, /a-1280.jpg 1280w, /a-640.jpg 640w" alt=""></figure>')
    assert lead_image(page, url="https://news.example/x").url == "https://news.example/a-1280.jpg"


def test_no_picture_and_no_address_for_a_relative_picture_in_a_local_file():
    assert lead_image(article(), url="https://news.example/x") is None
    assert lead_image(article(figure='<figure><img src="pier.jpg" alt="Pier"></figure>'), url="") is None
    assert lead_image(article(head='<meta property="og:image" content="javascript:alert(1)">'), url="https://news.example/x") is None


# Fetching it, over real HTTP.


def test_an_ingested_page_keeps_its_picture_alt_and_caption_and_shows_them(pages, media, editor_user):
    pages.routes["/article.html"] = (200, "text/html", article(
        head='<meta property="og:image" content="/pics/pier.jpg"><meta property="og:image:alt" content="Cranes over the harbour">',
        figure='<figure><img src="/pics/pier.jpg"><figcaption>Work on pier 2 began in May. <span class="credit">Ann Lee/Harbour Post</span></figcaption></figure>',
    ))
    pages.routes["/pics/pier.jpg"] = (200, "image/jpeg", photo(1500, 1000))
    outcome = ingest(pages)
    assert outcome.kind == "added", outcome.reason
    story = Story.objects.get(pk=outcome.story.pk)
    assert story.image_alt == "Cranes over the harbour"
    assert story.image_caption == "Work on pier 2 began in May." and story.image_credit == "Ann Lee/Harbour Post"
    assert story.image_source_url == pages.url("/pics/pier.jpg")
    assert (story.image_width, story.image_height) == (1500, 1000)
    assert not read_back(story.image.name).getexif().get_ifd(GPS_IFD), "the page's photo carried GPS; ours must not"
    assert "/robots.txt" in pages.hits  # the same polite fetcher asked first

    workflow.publish_now(story)
    page = lxml_html.fromstring(Client().get(story.get_absolute_url()).content)
    (img,) = page.xpath("//article//picture//img")
    assert img.get("alt") == "Cranes over the harbour"
    assert (img.get("width"), img.get("height")) == ("1500", "1000")
    assert "1500w" in img.get("srcset") and "320w" in img.get("srcset")


@pytest.fixture
def editor_user(django_user_model):
    return make_user(django_user_model, "eddie", "editor")


def test_a_picture_without_alt_is_kept_and_the_story_waits_marked_on_the_desk(pages, editor_user):
    pages.routes["/article.html"] = (200, "text/html", article(figure='<figure><img src="/pics/quay.png"></figure>'))
    pages.routes["/pics/quay.png"] = (200, "image/png", photo(800, 600, fmt="PNG", gps=False))
    outcome = ingest(pages, publish=True)
    story = Story.objects.get(pk=outcome.story.pk)
    assert story.image and story.image_needs_alt
    assert story.status == Story.Status.REVIEW, "publishing needs alt text: even --publish leaves it on the desk"
    assert not story.publish_overrides.exists()
    desk = Client()
    desk.force_login(editor_user)
    inbox = desk.get(reverse("desk:inbox")).content.decode()
    assert story.headline in inbox and "image needs alt text" in inbox
    assert "The page it came from gave none." in desk.get(reverse("desk:story", args=[story.pk])).content.decode()
    with pytest.raises(workflow.WorkflowError, match="no alt text"):
        workflow.publish_now(story)


def test_a_picture_on_another_private_address_is_refused_and_the_story_kept(pages):
    other = Pages()
    other.routes["/pier.jpg"] = (200, "image/jpeg", photo(gps=False))
    other.thread.start()
    try:
        pages.routes["/article.html"] = (200, "text/html", article(head=f'<meta property="og:image" content="{other.url("/pier.jpg")}">'))
        outcome = ingest(pages)
    finally:
        other.server.shutdown()
        other.server.server_close()
    assert outcome.kind == "added"
    assert not Story.objects.get(pk=outcome.story.pk).image
    assert other.hits == [], "the refused address was never connected to"


@pytest.mark.parametrize(
    "kind, body",
    [
        ("text/html", b"<html>an error page where the picture should be</html>"),
        ("image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("image/jpeg", b"not a jpeg at all, whatever the server says"),
    ],
)
def test_what_is_not_a_picture_we_keep_is_left_and_the_story_kept(pages, kind, body):
    pages.routes["/article.html"] = (200, "text/html", article(head='<meta property="og:image" content="/pics/x">'))
    pages.routes["/pics/x"] = (200, kind, body)
    outcome = ingest(pages)
    assert outcome.kind == "added"
    assert not Story.objects.get(pk=outcome.story.pk).image


def test_an_oversized_picture_is_not_read(pages):
    pages.routes["/big.jpg"] = (200, "image/jpeg", b"\xff\xd8" + b"\0" * (IMAGE_MAX_BYTES + 10))
    with pytest.raises(FetchError, match="limit"):
        fetcher_for(pages).get_image(pages.url("/big.jpg"))
    pages.routes["/article.html"] = (200, "text/html", article(head='<meta property="og:image" content="/big.jpg">'))
    outcome = ingest(pages)
    assert outcome.kind == "added" and not Story.objects.get(pk=outcome.story.pk).image


def test_a_page_source_fetches_its_picture_once(pages):
    pages.routes["/pics/p.jpg"] = (200, "image/jpeg", photo(700, 500, gps=False))
    body = article(head='<meta property="og:image" content="/pics/p.jpg"><meta name="twitter:image:alt" content="The pier">')
    first = ingest_page_body(body, url=pages.url("/page.html"), fetcher=fetcher_for(pages))
    assert first.kind == "added" and Story.objects.get(pk=first.story.pk).image_alt == "The pier"
    again = ingest_page_body(body, url=pages.url("/page.html"), fetcher=fetcher_for(pages))
    assert again.kind == "duplicate"
    assert pages.hits.count("/pics/p.jpg") == 1


def test_the_fetched_picture_really_was_a_jpeg_with_gps():
    # The fixture photo the ingest tests serve does carry GPS, so the stripping check above means something.
    exif = Image.open(io.BytesIO(photo(1500, 1000))).getexif()
    assert exif.get_ifd(GPS_IFD)


def test_the_ingest_command_fetches_a_pages_picture_with_its_own_fetcher(pages, cli_env):
    # `quicklooks ingest --allow-private URL` fetches the page with a fetcher that may reach
    # loopback; its picture must come through that same fetcher, not a default one that refuses.
    import subprocess

    from tests.conftest import quicklooks_command

    cli_env.pop("DATABASE_URL", None)
    pages.routes["/article.html"] = (200, "text/html", article(
        head='<meta property="og:image" content="/pics/pier.jpg"><meta property="og:image:alt" content="Cranes over the harbour">'
    ))
    pages.routes["/pics/pier.jpg"] = (200, "image/jpeg", photo(800, 600))
    done = subprocess.run(
        [*quicklooks_command(), "ingest", "--allow-private", pages.url("/article.html")],
        env=cli_env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "1 added" in done.stdout
    assert "/pics/pier.jpg" in pages.hits
    assert list((Path(cli_env["QUICKLOOKS_DATA_DIR"]) / "media").rglob("*.webp")), "no renditions were stored"
