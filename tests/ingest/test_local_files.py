"""Local files given to `quicklooks ingest PATH`: HTML pages and RSS/Atom feeds are read as such, not as story text.

The CLI tests run the real command in a subprocess against an empty data
directory, as test_cli.py does; the others call the same functions in-process.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from quicklooks.ingest.extraction import story_from_html
from quicklooks.ingest.sniffing import sniff_file
from quicklooks.ingest.fetching import Fetcher
from quicklooks.ingest.ingesting import (
    ingest_feed_file,
    ingest_file,
    ingest_page_body,
    poll_source,
    read_source_entries,
)
from quicklooks.ingest.models import Provenance, Source
from quicklooks.stories.models import Story
from tests.conftest import quicklooks_command
from tests.ingest.server import FILES

ARTICLE = FILES / "articles" / "portville-harbour-wall.html"
LOCAL_FEED = FILES / "local" / "portville-feed.xml"
STORY_FILE = FILES / "local" / "fish-market.txt"
MALFORMED = FILES / "malformed.xml"
HEADLINE = "Portville approves new harbour wall after winter floods"
FEED_HEADLINES = {"Ferry timetable changes from Monday", "School roof repairs finished ahead of term"}


@pytest.fixture
def env(cli_env):
    cli_env.pop("DATABASE_URL", None)  # subprocesses get their own SQLite data directory
    return cli_env


def run(env, *args, timeout=120, input=None):
    return subprocess.run(
        [*quicklooks_command(), *args], env=env, capture_output=True, text=True, timeout=timeout, input=input
    )


def stories(env) -> list[dict]:
    return [json.loads(line) for line in run(env, "stories", "--json").stdout.splitlines()]


class NoNetwork(Fetcher):
    """A fetcher that fails the test if anything asks it for a page."""

    def get(self, url, **kwargs):
        raise AssertionError(f"a local feed whose entries hold their text fetched {url}")


# --- the command, as the user-tester ran it -------------------------------------------------------


def test_ingest_local_html_and_rss_files(env, tmp_path):
    article, feed = tmp_path / "article.html", tmp_path / "feed.xml"
    shutil.copy(ARTICLE, article)
    shutil.copy(LOCAL_FEED, feed)
    page = run(env, "ingest", str(article))
    assert page.returncode == 0, page.stderr
    assert "Ingested: 1 added, 0 duplicate, 0 failed" in page.stdout
    entries = run(env, "ingest", str(feed))
    assert entries.returncode == 0, entries.stderr
    assert "Ingested: 2 added, 0 duplicate, 0 failed" in entries.stdout, entries.stderr
    stored = stories(env)
    assert {s["headline"] for s in stored} == {HEADLINE} | FEED_HEADLINES
    for story in stored:
        assert story["status"] == "review", "machine-written Quick Looks wait on the desk for review"
        assert story["quick_looks"] and not any("<" in bullet for bullet in story["quick_looks"]), story
    # The feed entries' own text was used: their links (port 9, nothing listening) were never needed.
    assert "failed" not in entries.stderr


def test_ingest_a_folder_of_pages_feeds_and_story_files(env, tmp_path):
    for source in (ARTICLE, LOCAL_FEED, STORY_FILE):
        shutil.copy(source, tmp_path / source.name)
    result = run(env, "ingest", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "Ingested: 4 added, 0 duplicate, 0 failed" in result.stdout
    assert {s["headline"] for s in stories(env)} == {HEADLINE, "Fish market reopens on the quay"} | FEED_HEADLINES
    again = run(env, "ingest", str(tmp_path))
    assert "Ingested: 0 added, 4 duplicate, 0 failed" in again.stdout


def test_content_decides_not_the_extension(env, tmp_path):
    # An HTML page saved as .txt and a feed saved without an extension are still a page and a feed.
    page, feed = tmp_path / "saved-page.txt", tmp_path / "feed"
    shutil.copy(ARTICLE, page)
    shutil.copy(LOCAL_FEED, feed)
    result = run(env, "ingest", str(page), str(feed))
    assert result.returncode == 0, result.stderr
    assert "Ingested: 3 added" in result.stdout
    assert not any(s["headline"].startswith("<") for s in stories(env))


def test_malformed_local_feed_fails_naming_the_file_with_exit_2(env, tmp_path):
    bad = tmp_path / "broken-feed.xml"
    shutil.copy(MALFORMED, bad)
    good = tmp_path / "article.html"
    shutil.copy(ARTICLE, good)
    result = run(env, "ingest", str(bad), str(good))
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert f"{bad}: the feed is malformed" in result.stderr
    assert "Traceback" not in result.stderr
    assert "1 added" in result.stdout and "1 unreadable source(s)" in result.stdout, "the other file is still ingested"
    assert "malformed feed" in " ".join(run(env, "ingest", "--help").stdout.split()), "the exit code the help promises"


def test_file_url_suggests_passing_the_path(env, tmp_path):
    article = tmp_path / "article.html"
    shutil.copy(ARTICLE, article)
    result = run(env, "ingest", article.as_uri())
    assert result.returncode == 2
    assert f"Pass the path instead: quicklooks ingest {article}" in result.stderr
    assert stories(env) == []


def test_import_of_one_plain_paragraph_says_what_a_minimal_story_is(env):
    text = "One paragraph of plain news text with several sentences. It has no labels."
    result = run(env, "import", "-", input=text)
    assert result.returncode == 1
    assert "<stdin>:1: this plain text is a single paragraph with no headline line" in result.stderr
    assert "Add a headline on its own line above the paragraph" in result.stderr
    fixed = run(env, "import", "--draft", "-", input="Council closes Mill Street bridge\n" + text + "\n")
    assert fixed.returncode == 0, fixed.stderr
    assert [s["headline"] for s in stories(env)] == ["Council closes Mill Street bridge"]


# --- the same functions in-process ---------------------------------------------------------------


@pytest.mark.parametrize(
    "body, suffix, kind",
    [
        (b"<!doctype html><html><body><p>Hi</p></body></html>", ".txt", "page"),
        (b"\xef\xbb\xbf\n  <html lang='en'><head></head></html>", "", "page"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', ".html", "feed"),
        (b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "", "feed"),
        (b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'></html>", ".xml", "page"),
        (b"<p>A fragment of a page</p>", ".htm", "page"),
        (b"Headline/ Outlet/ CITY/ Author/ Show/ Standfirst\n\nDeep Look: x\nBody.", ".txt", "text"),
        (b"Plain headline\nBody text.", ".md", "text"),
        (b"not xml at all", ".xml", "feed"),  # read as the feed it claims to be, and fails as malformed
    ],
)
def test_sniff_file(body, suffix, kind):
    assert sniff_file(body, suffix=suffix) == kind


def test_page_extraction_keeps_dateline_outlet_and_subheads():
    story = story_from_html(ARTICLE.read_bytes(), url="http://127.0.0.1:8799/portville-harbour-wall.html")
    assert story.headline == HEADLINE
    # <meta name="og:site_name">, which trafilatura alone misses (it would give the host).
    assert story.outlet == "Portville Post"
    assert story.dateline == story.deep_look_dateline == "PORTVILLE"
    assert story.blocks[0].text.startswith("PORTVILLE — The town council")
    assert [b.kind for b in story.blocks] == ["paragraph"] * 3 + ["subhead"] + ["paragraph"] * 2
    assert story.blocks[3].text == "Delays and costs"
    assert HEADLINE not in story.deep_look_text()


def test_outlet_falls_back_to_the_host_only_when_the_page_names_no_site():
    html = ARTICLE.read_text().replace('<meta name="og:site_name" content="Portville Post">', "")
    assert story_from_html(html, url="http://127.0.0.1:8799/a.html").outlet == "127.0.0.1"
    assert story_from_html(html, url="https://www.example.org/a.html").outlet == "example.org"
    titled = html.replace(f"<title>{HEADLINE}</title>", f"<title>{HEADLINE} | Portville Post</title>")
    assert story_from_html(titled, url="https://www.example.org/a.html").outlet == "Portville Post"


def test_list_and_question_heading_in_a_page():
    html = (
        "<html><head><title>Ferry fares rise from April</title></head><body><article>"
        "<h1>Ferry fares rise from April</h1>"
        "<p>PORTVILLE — Ferry fares will rise by ten per cent from April, the operator said on Tuesday, "
        "the first rise in four years. The new fares are:</p>"
        "<ul><li>Adult single: 4.40 euros</li><li>Child single: 2.20 euros</li></ul>"
        "<h2>Why now?</h2>"
        "<p>The operator said fuel and wages had both risen sharply since the last fare change, and that "
        "the new electric boat would cut costs only from next year.</p></article></body></html>"
    )
    story = story_from_html(html, url="https://ferry.example/fares")
    assert [b.kind for b in story.blocks] == ["paragraph", "list", "paragraph", "paragraph"]
    assert story.blocks[1].items == ("Adult single: 4.40 euros", "Child single: 2.20 euros")
    # "Why now?" ends with closing punctuation, so the story format would read it back as a paragraph.
    assert story.blocks[2].text == "Why now?"


@pytest.mark.django_db
def test_fetched_page_and_local_file_give_the_same_story(fixture_server, tmp_path):
    url = fixture_server.url("/articles/portville-harbour-wall.html")
    kind, _, body = read_source_entries(url, fetcher=Fetcher(allow_private=True, obey_robots=False))
    assert kind == "page"
    fetched = ingest_page_body(body, url=url)
    assert fetched.kind == "added"
    copy = tmp_path / "article.html"
    shutil.copy(ARTICLE, copy)
    local = ingest_file(copy)
    assert local.kind == "duplicate" and local.story == fetched.story, "the same article, extracted the same way"
    story = Story.objects.get()
    assert (story.outlet, story.dateline, story.deep_look_dateline) == ("Portville Post", "PORTVILLE", "PORTVILLE")
    assert [b.kind for b in story.to_text_story().blocks].count("subhead") == 1


@pytest.mark.django_db
def test_local_feed_uses_entry_text_without_fetching():
    outcomes = ingest_feed_file(LOCAL_FEED, fetcher=NoNetwork())
    assert [o.kind for o in outcomes] == ["added", "added"]
    assert set(Provenance.objects.values_list("method", flat=True)) == {"feed-entry"}
    ferry = Story.objects.get(headline="Ferry timetable changes from Monday")
    assert ferry.outlet == "Portville Post", "the feed's title names the outlet when the entry's text is used"
    assert ferry.deep_look_dateline == "PORTVILLE"
    assert "<p>" not in ferry.deep_look_text()


@pytest.mark.django_db
def test_local_feed_entry_without_text_fetches_its_page_like_the_http_path(fixture_server, tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text((FILES / "rss.xml").read_text().replace("{base}", fixture_server.base))
    outcomes = ingest_feed_file(feed, fetcher=Fetcher(allow_private=True, obey_robots=False))
    assert [o.kind for o in outcomes] == ["added"] * 3
    methods = dict(Provenance.objects.values_list("story__headline", "method"))
    # One-line descriptions are not articles: their pages were fetched. The third entry carries its article.
    assert methods["Council closes Mill Street bridge after engineers find cracks"] == "feed-page"
    assert methods["Harbour ferry returns after two-year break"] == "feed-page"
    assert methods["Market hall roof to be replaced before winter"] == "feed-entry"
    assert fixture_server.requests["/articles/market-hall.html"] == 0


@pytest.mark.django_db
def test_watched_folder_reads_pages_and_feeds(tmp_path):
    for source in (ARTICLE, LOCAL_FEED, STORY_FILE):
        shutil.copy(source, tmp_path / source.name)
    shutil.copy(MALFORMED, tmp_path / "broken.xml")
    source = Source.objects.create(name="drop folder", kind=Source.Kind.FOLDER, url=str(tmp_path))
    report = poll_source(source, fetcher=NoNetwork())
    assert (report.count("added"), report.count("failed")) == (4, 1), report.outcomes
    failed = next(o for o in report.outcomes if o.kind == "failed")
    assert "broken.xml: the feed is malformed" in failed.reason
    assert Story.objects.get(headline=HEADLINE).provenance.method == "file-page"
