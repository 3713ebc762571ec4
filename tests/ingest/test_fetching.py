"""The polite, safe fetcher against a real loopback server."""

from __future__ import annotations

import time

import pytest

from quicklooks.ingest.fetching import USER_AGENT, Fetcher, FetchError, TransientFetchError, host_and_port, is_public_address
from tests.ingest import server as fixtures
from tests.ingest.server import FixtureServer


@pytest.fixture
def LOOPBACK(fixture_server):
    """The fixture server's own host and port, allowed the way an admin allows a private source."""
    return frozenset({host_and_port(fixture_server.base)})


def test_sends_our_user_agent(fixture_server, LOOPBACK):
    Fetcher(allow_private=LOOPBACK).get(fixture_server.url("/articles/bridge.html"))
    assert fixture_server.user_agents == {USER_AGENT}


def test_loopback_is_refused_before_connecting(fixture_server):
    with pytest.raises(FetchError, match="private, loopback or link-local") as caught:
        Fetcher().get(fixture_server.url("/articles/bridge.html"))
    assert not caught.value.transient
    assert sum(fixture_server.requests.values()) == 0, "the refusal must come before any connection"


def test_redirect_to_a_private_address_is_refused(fixture_server, LOOPBACK):
    with pytest.raises(FetchError, match=r"refused 169\.254\.169\.254"):
        Fetcher(allow_private=LOOPBACK).get(fixture_server.url("/to-private"))


def test_allowing_everything_still_checks_scheme():
    with pytest.raises(FetchError, match="only http and https"):
        Fetcher(allow_private=True).get("file:///etc/passwd")
    with pytest.raises(FetchError, match="only http and https"):
        Fetcher(allow_private=True).get("ftp://127.0.0.1/feed.xml")


def test_redirects_are_followed(fixture_server, LOOPBACK):
    response = Fetcher(allow_private=LOOPBACK).get(fixture_server.url("/to-harbour"))
    assert response.url.endswith("/articles/harbour.html")
    assert b"Harbour ferry" in response.body


def test_redirect_loop_is_reported(fixture_server, LOOPBACK):
    with pytest.raises(FetchError, match="redirect loop"):
        Fetcher(allow_private=LOOPBACK).get(fixture_server.url("/loop-a"))


@pytest.mark.parametrize("path", ["/big.html", "/big-unsized.html"])
def test_fifty_megabyte_page_is_stopped_at_the_limit(fixture_server, path, LOOPBACK):
    with pytest.raises(FetchError, match="byte limit"):
        Fetcher(allow_private=LOOPBACK).get(fixture_server.url(path))


def test_slow_server_times_out_as_a_transient_error(fixture_server, LOOPBACK):
    started = time.monotonic()
    with pytest.raises(TransientFetchError, match="timed out"):
        Fetcher(allow_private=LOOPBACK, timeout=0.5).get(fixture_server.url("/slow.html"))
    assert time.monotonic() - started < fixtures.SLOW_SECONDS


def test_robots_txt_is_obeyed(fixture_server, LOOPBACK):
    with pytest.raises(FetchError, match="robots.txt"):
        Fetcher(allow_private=LOOPBACK).get(fixture_server.url("/private/secret.html"))
    assert fixture_server.requests["/private/secret.html"] == 0


def test_server_errors_are_transient_and_client_errors_are_not(fixture_server, LOOPBACK):
    fetcher = Fetcher(allow_private=LOOPBACK)
    with pytest.raises(TransientFetchError, match="503"):
        fetcher.get(fixture_server.url("/status/503"))
    with pytest.raises(FetchError, match="404") as caught:
        fetcher.get(fixture_server.url("/status/404"))
    assert not caught.value.transient


def test_conditional_get_gets_not_modified(fixture_server, LOOPBACK):
    fetcher = Fetcher(allow_private=LOOPBACK)
    first = fetcher.get(fixture_server.url("/feeds/rss.xml"))
    assert first.etag
    second = fetcher.get(fixture_server.url("/feeds/rss.xml"), etag=first.etag)
    assert second.not_modified and second.body == b""
    assert fixture_server.conditional_hits == 1


def test_a_server_that_trickles_is_stopped_at_the_deadline(fixture_server, LOOPBACK):
    # Every byte arrives well within the per-read timeout; only a total deadline stops it.
    started = time.monotonic()
    with pytest.raises(TransientFetchError, match="took over 1.5s"):
        Fetcher(allow_private=LOOPBACK, timeout=2.0, deadline=1.5).get(fixture_server.url("/trickle.html"))
    elapsed = time.monotonic() - started
    assert elapsed < fixtures.TRICKLE_BYTES * fixtures.TRICKLE_SECONDS / 2, f"held for {elapsed:.1f}s"


def test_an_allowed_private_host_is_allowed_on_its_own_port_only(fixture_server, LOOPBACK):
    with FixtureServer() as other:
        assert Fetcher(allow_private=LOOPBACK).get(fixture_server.url("/articles/bridge.html")).status == 200
        with pytest.raises(FetchError, match="private, loopback or link-local"):
            Fetcher(allow_private=LOOPBACK).get(other.url("/articles/bridge.html"))
        assert sum(other.requests.values()) == 0


# IPv6 forms that lead to an IPv4 address, and deprecated ranges: never public
# when what they lead to is not.
ADDRESSES = [
    ("64:ff9b::7f00:1", False),  # NAT64 of 127.0.0.1
    ("64:ff9b::a9fe:a9fe", False),  # NAT64 of 169.254.169.254
    ("64:ff9b:1::a00:1", False),  # local-use NAT64 of 10.0.0.1
    ("64:ff9b::808:808", True),  # NAT64 of 8.8.8.8
    ("2002:7f00:1::", False),  # 6to4 of 127.0.0.1
    ("2002:c0a8:101::1", False),  # 6to4 of 192.168.1.1
    ("2002:808:808::1", True),  # 6to4 of 8.8.8.8
    ("::127.0.0.1", False),  # IPv4-compatible
    ("::8.8.8.8", False),  # IPv4-compatible: deprecated, never a real host
    ("fec0::1", False),  # site-local
    ("::ffff:10.0.0.1", False),
    ("fe80::1%eth0", False),
    ("2001:4860:4860::8888", True),
    ("93.184.216.34", True),
]


@pytest.mark.parametrize(("address", "public"), ADDRESSES)
def test_ipv6_ranges_that_lead_to_private_addresses_are_not_public(address, public):
    assert is_public_address(address) is public
