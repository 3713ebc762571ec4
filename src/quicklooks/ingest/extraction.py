"""Turning fetched pages and feed entries into the text core's Story.

trafilatura finds the article in a page (text, title, author, date, site
name); feedparser reads RSS and Atom. Both give plain paragraphs, which become
Deep Look blocks; Quick Looks are written later by the engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

import feedparser
import nh3
import trafilatura

from quicklooks.text.story import Block, Story
from quicklooks.text.storyformat import split_authors

MIN_ARTICLE_WORDS = 40
"""Fewer words than this is a teaser, a menu or an error page, not an article."""


class ExtractionError(ValueError):
    """The page or feed holds nothing we can store; the message says why."""


@dataclass(frozen=True)
class Entry:
    """One feed entry: where its page is, and its own text in case the page can't be fetched."""

    link: str
    title: str
    author: str
    published: str
    content: str  # plain text


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def story_from_text(text: str, *, title: str, author: str = "", outlet: str = "", date: str = "") -> Story:
    title = _one_line(title)
    paragraphs = [_one_line(p) for p in re.split(r"\n\s*\n|\n", text or "")]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    words = sum(len(p.split()) for p in paragraphs)
    if not title:
        title = paragraphs[0][:200] if paragraphs else ""
    if words < MIN_ARTICLE_WORDS or not title:
        raise ExtractionError(
            f"no article found ({words} words of body text; an article needs {MIN_ARTICLE_WORDS}). "
            "The page may be an index, a login wall or need JavaScript."
        )
    return Story(
        headline=title[:300],
        outlet=_one_line(outlet)[:120],
        dateline="",
        bylines=split_authors(_one_line(author)) if author else (),
        standfirst="",
        blocks=tuple(Block(kind="paragraph", text=p) for p in paragraphs),
    )


def story_from_html(html: bytes | str, *, url: str) -> Story:
    """The article in a web page, as a Story; ExtractionError when there is none."""
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if document is None:
        raise ExtractionError("no article found: trafilatura found no main text in the page.")
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    return story_from_text(
        data.get("text") or "",
        title=data.get("title") or "",
        author=data.get("author") or "",
        outlet=data.get("sitename") or data.get("hostname") or "",
        date=data.get("date") or "",
    )


def _html_to_text(html: str) -> str:
    """Entry HTML to plain paragraphs: block tags become line breaks, every other tag goes."""
    marked = re.sub(r"(?i)</?(p|div|br|li|h[1-6]|blockquote)[^>]*>", "\n", html or "")
    return unescape(nh3.clean(marked, tags=set())).strip()


@dataclass(frozen=True)
class Feed:
    title: str
    entries: list[Entry]


def read_feed(body: bytes, *, url: str) -> Feed:
    """Parse RSS 2.0 or Atom; ExtractionError when it is not a readable feed."""
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    usable = [item for item in parsed.entries if item.get("link") or item.get("title") or item.get("summary")]
    problem = parsed.get("bozo_exception")
    if not parsed.get("version") and not usable:
        raise ExtractionError(
            f"{url}: not an RSS or Atom feed" + (f" ({problem})" if problem else "") + ". Check the feed's address."
        )
    if parsed.get("bozo") and not isinstance(problem, feedparser.CharacterEncodingOverride) and not usable:
        raise ExtractionError(
            f"{url}: the feed is malformed ({problem}) and no entry could be read from it. Ask its publisher to fix it."
        )
    entries = []
    for item in usable:
        content = ""
        if item.get("content"):
            content = max((c.get("value", "") for c in item.content), key=len)
        content = content or item.get("summary", "")
        entries.append(
            Entry(
                link=(item.get("link") or item.get("id") or "").strip(),
                title=_one_line(unescape(nh3.clean(item.get("title", ""), tags=set()))),
                author=_one_line(item.get("author", "")),
                published=item.get("published", "") or item.get("updated", ""),
                content=_html_to_text(content),
            )
        )
    return Feed(title=_one_line(parsed.feed.get("title", "")), entries=entries)


def looks_like_feed(response_content_type: str, body: bytes) -> bool:
    if any(kind in response_content_type for kind in ("rss", "atom", "xml")):
        return True
    head = body[:512].lstrip().lower()
    return head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed")
