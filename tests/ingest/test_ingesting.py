"""Ingesting feeds, pages and folders into stories: provenance, duplicates, failures, back-off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from quicklooks.ingest.extraction import ExtractionError, read_feed, story_from_html
from quicklooks.ingest.fetching import Fetcher
from quicklooks.ingest.ingesting import ingest_page_body, poll_source, store
from quicklooks.ingest.models import DuplicateLink, Failure, MinHashBand, Provenance, Source
from quicklooks.stories.models import QuickLook, Section, Story
from tests.ingest.server import FILES

pytestmark = pytest.mark.django_db


def feed_source(server, path="/feeds/rss.xml", **fields) -> Source:
    defaults = dict(name=path, kind=Source.Kind.FEED, url=server.url(path), allow_private=True)
    defaults.update(fields)
    return Source.objects.create(**defaults)


def test_rss_poll_stores_stories_with_provenance_and_generated_quick_looks(fixture_server):
    news = Section.objects.create(name="Local", slug="local")
    source = feed_source(fixture_server, section=news)
    report = poll_source(source)
    assert (report.count("added"), report.count("duplicate"), report.count("failed")) == (3, 0, 0), report.outcomes
    stories = Story.objects.order_by("headline")
    assert [s.headline for s in stories] == [
        "Council closes Mill Street bridge after engineers find cracks",
        "Harbour ferry returns after two-year break",
        "Market hall roof to be replaced before winter",
    ]
    for story in stories:
        assert story.status == Story.Status.REVIEW, "generated Quick Looks wait for review unless the source auto-publishes"
        assert not story.publish_overrides.exists()
        assert story.section == news
        assert story.provenance.source == source
        assert story.provenance.content_hash == story.content_hash and len(story.content_hash) == 64
        assert story.provenance.fetched_at <= timezone.now()
        bullets = list(story.quick_looks.all())
        assert bullets and all(b.origin == QuickLook.Origin.GENERATED and b.sources for b in bullets)
    bridge = stories[0]
    assert bridge.outlet == "Riverside Courier"
    assert [b.author.name for b in bridge.bylines.all()] == ["Ada Morgan"]
    assert "7 to 2" in bridge.deep_look_text()
    assert "Home" not in bridge.deep_look_text(), "navigation is not part of the article"
    # The market hall page is missing (404): its feed entry's own text was used.
    market = stories[2]
    assert market.provenance.method == "feed-entry"
    assert "650,000 pounds" in market.deep_look_text()
    source.refresh_from_db()
    assert source.last_added == 3 and source.last_error == "" and source.last_polled_at
    assert source.next_poll_at > timezone.now()


def test_polling_again_adds_nothing(fixture_server):
    source = feed_source(fixture_server)
    poll_source(source)
    before = Story.objects.count()
    second = poll_source(source)
    assert second.not_modified, "the unchanged feed answers 304 to our ETag"
    source.etag = ""  # even without conditional GET, every entry is known
    source.save()
    third = poll_source(source)
    assert third.count("added") == 0 and third.count("duplicate") == 3
    assert Story.objects.count() == before


def test_near_identical_copy_from_another_outlet_is_linked_not_stored(fixture_server):
    poll_source(feed_source(fixture_server))
    atom = feed_source(fixture_server, "/feeds/atom.xml", auto_publish=True)
    report = poll_source(atom)
    assert report.count("added") == 1 and report.count("duplicate") == 1
    library = Story.objects.get(headline__startswith="Old library")
    assert library.status == Story.Status.PUBLISHED, "this source auto-publishes"
    override = library.publish_overrides.get()
    assert override.channel == "source" and "/feeds/atom.xml" in override.set_by and "publish automatically" in override.set_by
    assert override.generated_bullets == library.quick_looks.filter(origin="generated").count() > 0
    link = DuplicateLink.objects.get()
    assert link.kind == DuplicateLink.Kind.NEAR and link.similarity >= 0.8
    assert link.story.headline.startswith("Council closes Mill Street bridge")
    assert link.url.endswith("/articles/bridge-copy.html") and link.source == atom
    assert Story.objects.filter(headline__icontains="bridge").count() == 1


def test_same_text_at_another_address_is_a_duplicate(fixture_server):
    html = (FILES / "articles" / "harbour.html").read_bytes()
    first = ingest_page_body(html, url="https://one.example/harbour")
    again = ingest_page_body(html, url="https://one.example/harbour")
    copy = ingest_page_body(html, url="https://two.example/ferry")
    assert (first.kind, again.kind, copy.kind) == ("added", "duplicate", "duplicate")
    assert "already ingested" in again.reason and "same text" in copy.reason
    assert DuplicateLink.objects.get().kind == DuplicateLink.Kind.TEXT
    assert Story.objects.count() == 1


def test_unrelated_stories_are_not_duplicates():
    a = story_from_html((FILES / "articles" / "harbour.html").read_bytes(), url="https://x.example/a")
    b = story_from_html((FILES / "articles" / "library.html").read_bytes(), url="https://x.example/b")
    assert store(a, where="https://x.example/a", method="page").kind == "added"
    assert store(b, where="https://x.example/b", method="page").kind == "added"
    assert MinHashBand.objects.count() == 32


def test_page_with_no_article_fails_with_a_reason(fixture_server):
    source = Source.objects.create(name="login", kind=Source.Kind.PAGE, url=fixture_server.url("/no-article.html"), allow_private=True)
    report = poll_source(source)
    assert report.count("failed") == 1
    assert "no article found" in report.outcomes[0].reason
    source.refresh_from_db()
    assert "no article found" in source.last_error
    assert Failure.objects.filter(source=source).count() == 1
    assert Story.objects.count() == 0


def test_malformed_feed_is_unreadable_and_backs_off(fixture_server):
    source = feed_source(fixture_server, "/feeds/malformed.xml", poll_interval=10)
    report = poll_source(source)
    assert "malformed" in report.fatal
    source.refresh_from_db()
    assert source.consecutive_failures == 1 and "malformed" in source.last_error
    first_wait = source.next_poll_at - timezone.now()
    poll_source(source)
    source.refresh_from_db()
    second_wait = source.next_poll_at - timezone.now()
    assert source.consecutive_failures == 2
    assert timedelta(minutes=19) < first_wait < timedelta(minutes=21)
    assert timedelta(minutes=39) < second_wait < timedelta(minutes=41)
    assert Failure.objects.filter(source=source).count() == 2


def test_admin_allowed_source_reaches_its_own_host_only(fixture_server):
    refused = feed_source(fixture_server, allow_private=False, name="not allowed")
    assert "private, loopback" in poll_source(refused).fatal


def test_watched_folder(tmp_path, files_dir):
    (tmp_path / "sample.txt").write_bytes((files_dir / "stories" / "putin-foreign-troops.txt").read_bytes())
    (tmp_path / "broken.txt").write_text("")
    source = Source.objects.create(name="drop", kind=Source.Kind.FOLDER, url=str(tmp_path))
    report = poll_source(source)
    assert report.count("added") == 1 and report.count("failed") == 1
    failed = next(o for o in report.outcomes if o.kind == "failed")
    # The failure names its file (where) once, and says what is wrong with it and on which line.
    assert failed.where.endswith("broken.txt") and "line 1: the file is empty" in failed.reason
    assert poll_source(source).count("added") == 0


def test_feed_reader_reads_atom_and_refuses_html():
    atom = read_feed((FILES / "atom.xml").read_text().replace("{base}", "https://g.example").encode(), url="atom")
    assert [e.title for e in atom.entries] == ["Old library to reopen as a science centre", "Mill Street bridge shut after cracks found"]
    assert atom.entries[0].link == "https://g.example/articles/library.html"
    with pytest.raises(ExtractionError, match="not an RSS or Atom feed"):
        read_feed((FILES / "no-article.html").read_bytes(), url="page")


def test_bad_story_leaves_nothing_half_made(monkeypatch):
    """One transaction per story: a failure after the story row leaves no story, bands or provenance."""
    from quicklooks.ingest import ingesting

    parsed = story_from_html((FILES / "articles" / "harbour.html").read_bytes(), url="https://x.example/a")

    def broken_bulk_create(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ingesting.MinHashBand.objects, "bulk_create", broken_bulk_create)
    with pytest.raises(RuntimeError):
        store(parsed, where="https://x.example/a", method="page")
    assert Story.objects.count() == 0 and Provenance.objects.count() == 0


def test_story_imported_before_without_provenance_is_a_duplicate(tmp_path, files_dir):
    from quicklooks.ingest.ingesting import ingest_file
    from quicklooks.stories.library import import_paths

    import_paths([str(files_dir / "stories" / "putin-foreign-troops.txt")], echo=lambda line: None)
    copy = tmp_path / "copy.txt"
    copy.write_bytes((files_dir / "stories" / "putin-foreign-troops.txt").read_bytes())
    outcome = ingest_file(copy)
    assert outcome.kind == "duplicate" and "same text" in outcome.reason
    assert Story.objects.count() == 1 and DuplicateLink.objects.count() == 1


def test_beat_polls_only_sources_that_are_due(fixture_server):
    from quicklooks.celery import ready_app
    from quicklooks.ingest.tasks import poll_due_sources

    due = feed_source(fixture_server)
    feed_source(fixture_server, "/feeds/atom.xml", next_poll_at=timezone.now() + timedelta(minutes=5))
    feed_source(fixture_server, "/feeds/malformed.xml", active=False)
    app = ready_app()
    app.conf.task_always_eager = True
    try:
        assert poll_due_sources() == 1
    finally:
        app.conf.task_always_eager = False
    due.refresh_from_db()
    assert due.last_added == 3 and Story.objects.count() == 3
    assert due.next_poll_at > timezone.now() + timedelta(minutes=25)
