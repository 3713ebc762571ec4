"""The polite, safe fetcher against a real loopback server."""

from __future__ import annotations

import time

import pytest

from quicklooks.ingest.fetching import USER_AGENT, Fetcher, FetchError, TransientFetchError
from tests.ingest import server as fixtures

LOOPBACK = frozenset({"127.0.0.1"})


def test_sends_our_user_agent(fixture_server):
    Fetcher(allow_private=LOOPBACK).get(fixture_server.url("/articles/bridge.html"))
    assert fixture_server.user_agents == {USER_AGENT}


def test_loopback_is_refused_before_connecting(fixture_server):
    with pytest.raises(FetchError, match="private, loopback or link-local") as caught:
        Fetcher().get(fixture_server.url("/articles/bridge.html"))
    assert not caught.value.transient
    assert sum(fixture_server.requests.values()) == 0, "the refusal must come before any connection"


def test_redirect_to_a_private_address_is_refused(fixture_server):
    with pytest.raises(FetchError, match=r"refused 169\.254\.169\.254"):
        Fetcher(allow_private=LOOPBACK).get(fixture_server.url("/to-private"))


def test_allowing_everything_still_checks_scheme():
    with pytest.raises(FetchError, match="only http and https"):
        Fetcher(allow_private=True).get("file:///etc/passwd")
    with pytest.raises(FetchError, match="only http and https"):
        Fetcher(allow_private=True).get("ftp://127.0.0.1/feed.xml")


def test_redirects_are_followed(fixture_server):
    response = Fetcher(allow_private=LOOPBACK).get(fixture_server.url("/to-harbour"))
    assert response.url.endswith("/articles/harbour.html")
    assert b"Harbour ferry" in response.body


def test_redirect_loop_is_reported(fixture_server):
    with pytest.raises(FetchError, match="redirect loop"):
        Fetcher(allow_private=LOOPBACK).get(fixture_server.url("/loop-a"))


@pytest.mark.parametrize("path", ["/big.html", "/big-unsized.html"])
def test_fifty_megabyte_page_is_stopped_at_the_limit(fixture_server, path):
    with pytest.raises(FetchError, match="byte limit"):
        Fetcher(allow_private=LOOPBACK).get(fixture_server.url(path))


def test_slow_server_times_out_as_a_transient_error(fixture_server):
    started = time.monotonic()
    with pytest.raises(TransientFetchError, match="timed out"):
        Fetcher(allow_private=LOOPBACK, timeout=0.5).get(fixture_server.url("/slow.html"))
    assert time.monotonic() - started < fixtures.SLOW_SECONDS


def test_robots_txt_is_obeyed(fixture_server):
    with pytest.raises(FetchError, match="robots.txt"):
        Fetcher(allow_private=LOOPBACK).get(fixture_server.url("/private/secret.html"))
    assert fixture_server.requests["/private/secret.html"] == 0


def test_server_errors_are_transient_and_client_errors_are_not(fixture_server):
    fetcher = Fetcher(allow_private=LOOPBACK)
    with pytest.raises(TransientFetchError, match="503"):
        fetcher.get(fixture_server.url("/status/503"))
    with pytest.raises(FetchError, match="404") as caught:
        fetcher.get(fixture_server.url("/status/404"))
    assert not caught.value.transient


def test_conditional_get_gets_not_modified(fixture_server):
    fetcher = Fetcher(allow_private=LOOPBACK)
    first = fetcher.get(fixture_server.url("/feeds/rss.xml"))
    assert first.etag
    second = fetcher.get(fixture_server.url("/feeds/rss.xml"), etag=first.etag)
    assert second.not_modified and second.body == b""
    assert fixture_server.conditional_hits == 1
