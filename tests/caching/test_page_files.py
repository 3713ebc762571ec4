"""Page files for nginx: written for anonymous pages, swapped out whole on every change."""

from __future__ import annotations

import os

import pytest

from quicklooks.caching import page_files
from quicklooks.stories.demo import load_demo

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def files_dir(page_cache, settings, tmp_path):
    settings.QUICKLOOKS_PAGE_FILES_DIR = str(tmp_path / "pages")
    return tmp_path / "pages"


def _live(files_dir):
    return files_dir / os.readlink(files_dir / "current")


def test_an_anonymous_page_is_written_where_nginx_looks(client, files_dir):
    story = load_demo().story
    response = client.get(story.get_absolute_url())
    written = _live(files_dir) / "story" / story.slug / "index.html"
    assert written.read_bytes() == response.content


def test_a_change_swaps_in_a_directory_with_the_busiest_pages_already_rendered(client, files_dir):
    story = load_demo().story
    client.get(story.get_absolute_url())
    before = _live(files_dir)
    assert "A new headline for the page files" not in (before / "story" / story.slug / "index.html").read_text()
    story.headline = "A new headline for the page files"
    story.save()
    after = _live(files_dir)
    assert after != before
    # Rendered before the swap: nginx never has to come to the app for it.
    warmed = (after / "story" / story.slug / "index.html").read_text()
    assert "A new headline for the page files" in warmed
    assert client.get(story.get_absolute_url()).content.decode() == warmed


def test_an_unpublished_page_is_not_carried_into_the_new_directory(client, files_dir):
    story = load_demo().story
    client.get(story.get_absolute_url())
    story.status = "draft"
    story.save()
    assert not (_live(files_dir) / "story" / story.slug / "index.html").exists()


def test_query_string_pages_are_not_written_and_a_readers_visit_writes_only_the_shared_page(client, files_dir, django_user_model):
    story = load_demo().story
    client.get(story.get_absolute_url() + "?page=2")
    assert not (_live(files_dir) / "story" / story.slug / "index.html").exists()
    client.force_login(django_user_model.objects.create_user("carol", "c@example.org", "passphrase 12345"))
    page = client.get(story.get_absolute_url()).content.decode()
    assert "Log out" in page  # Carol's own menu, stitched in
    written = (_live(files_dir) / "story" / story.slug / "index.html").read_text()
    # The file is the page every reader shares: the anonymous version, with its include points.
    assert "carol" not in written.lower() and "Log out" not in written and "csrfmiddlewaretoken" not in written
    assert '<!--# include virtual="/_reader/account/' in written


@pytest.mark.parametrize("path", ["/../../etc/", "/story/.hidden/", "/a/\x00/"])
def test_paths_that_could_escape_are_refused(tmp_path, path):
    assert page_files.write(tmp_path, path, b"x") is None


def test_a_bump_that_started_after_a_change_makes_a_second_one_unnecessary(files_dir, page_cache):
    import time

    load_demo()
    page_files.bump()
    live = _live(files_dir)
    requested_before = time.time_ns() - 10**9  # a change committed a second before that bump
    from quicklooks.caching.page_files import _started_at

    assert _started_at(live.name) > requested_before
