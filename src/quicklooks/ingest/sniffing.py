"""What a local file holds, told from its first bytes: a feed, a web page or text.

Kept apart from ``extraction`` (which loads trafilatura and feedparser, over
half a second) so that ``quicklooks brief`` and ``facts`` can tell a saved
page from a story file without paying for the extractors on plain text.
"""

from __future__ import annotations

import re

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]")
_HTML_MARK = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]")


def sniff_file(body: bytes, *, suffix: str = "") -> str:
    """What a local file holds: "feed" (RSS/Atom), "page" (HTML) or "text" (a story file, plain text).

    The content decides; the file's extension only breaks ties (markup with
    neither an HTML nor a feed root, or a .html/.xml file that is not markup
    at all and should fail as the page or feed it claims to be).
    """
    suffix = suffix.lower()
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<"):
        feed, page = _FEED_ROOT.search(head), _HTML_MARK.search(head)
        if feed and page:
            return "feed" if feed.start() < page.start() else "page"
        if feed or page:
            return "feed" if feed else "page"
        if suffix in HTML_SUFFIXES:
            return "page"
        return "feed" if suffix in FEED_SUFFIXES or head.startswith(b"<?xml") else "page"
    if suffix in HTML_SUFFIXES:
        return "page"
    return "feed" if suffix in FEED_SUFFIXES else "text"
