"""Plain text in, safe HTML out: paragraphs, line breaks and links, nothing else.

The reader's text is escaped first, so no markup they type ever becomes a tag;
links are then made from bare http(s) addresses, and nh3 cleans the result as
a second guard (only p, br and a with an http(s) href, rel="nofollow ugc").
"""

from __future__ import annotations

import html
import re

import nh3

_URL = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
# The same on escaped text: an address ends where an escaped quote or bracket begins.
_ESCAPED_URL = re.compile(r"\bhttps?://(?:(?!&quot;|&#x27;|&lt;|&gt;)[^\s<>\"'])+", re.IGNORECASE)
# Punctuation that ends a sentence rather than the address.
_TRAILING = ".,;:!?)]}'\""
_ALLOWED_TAGS = {"p", "br", "a"}
_ALLOWED_ATTRIBUTES = {"a": {"href"}}


def _linkify(escaped: str) -> str:
    def link(match: re.Match) -> str:
        url = match.group(0)
        tail = ""
        while url and url[-1] in _TRAILING:
            tail = url[-1] + tail
            url = url[:-1]
        # ``url`` is already HTML-escaped (&amp;), fine inside an attribute.
        return f'<a href="{url}">{url}</a>{tail}'

    return _ESCAPED_URL.sub(link, escaped)


def has_links(text: str) -> bool:
    return bool(_URL.search(text)) or "www." in text.lower()


def render(text: str) -> str:
    """The HTML a page shows for a comment's text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    parts = []
    for paragraph in paragraphs:
        escaped = html.escape(paragraph, quote=True)
        parts.append("<p>" + "<br>".join(_linkify(line) for line in escaped.split("\n")) + "</p>")
    return nh3.clean(
        "".join(parts),
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="nofollow ugc",
    )
