"""Turning fetched pages and feed entries into the text core's Story.

trafilatura finds the article in a page (text, title, author, date, site
name); feedparser reads RSS and Atom. Both give plain paragraphs, which become
Deep Look blocks; Quick Looks are written later by the engine.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import urljoin, urlsplit

import feedparser
import nh3
import trafilatura

from quicklooks.text.characters import clean_controls
from quicklooks.text.story import Block, Story
from quicklooks.text.storyformat import MAX_LIST_ITEMS, looks_like_subhead, split_authors, split_dateline

MIN_ARTICLE_WORDS = 40
"""Fewer words than this is a teaser, a menu or an error page, not an article."""

# Scripts written without spaces between words: Han, kana, Thai, Lao, Khmer, Myanmar.
_UNSPACED = re.compile(
    "[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\U00020000-\U0002ebef]"
)
CHARACTERS_PER_WORD = 2
"""How many characters of an unspaced script count as one word for MIN_ARTICLE_WORDS.

Japanese runs about two to three characters a word and Chinese about 1.5;
two counts a little generously for Japanese, so a real article is never
refused, while a menu line or a one-sentence teaser still is."""


def article_words(text: str) -> int:
    """Words of body text, for the minimum: spaced words, plus unspaced scripts by their characters.

    Counting only space-separated words read a Japanese article of some
    1,500 characters as "18 words" and refused it.
    """
    unspaced = len(_UNSPACED.findall(text))
    spaced = len(_UNSPACED.sub(" ", text).split())
    return spaced + math.ceil(unspaced / CHARACTERS_PER_WORD)


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
    feed_title: str = ""  # the feed's own title: the outlet, when the entry's text is all we have


def _one_line(text: str) -> str:
    # Controls go as everywhere text enters (quicklooks.text.characters).
    return " ".join(clean_controls(text or "").split())


def _is_host(name: str, url: str) -> bool:
    """True when ``name`` is only the page's host: trafilatura's own stand-in when a page names no site."""
    parts = urlsplit(url or "")
    hosts = {h.lower() for h in (parts.netloc, parts.hostname or "") if h}
    plain = name.strip().lower()
    return plain in hosts or plain.removeprefix("www.") in {h.removeprefix("www.") for h in hosts}


def _page_names(tree) -> list[str]:
    """Names a page gives its site: og:site_name (as property or name), then the title's "| Site" suffix."""
    names = list(tree.xpath('//meta[@property="og:site_name" or @name="og:site_name"]/@content'))
    titles = tree.xpath("//head/title/text()")
    if titles and " | " in titles[0]:
        names.append(titles[0].rsplit(" | ", 1)[1])
    return names


def site_name(page_names: list[str], sitename: str, url: str) -> str:
    """The outlet: og:site_name, trafilatura's sitename, the title's "| Site" suffix; the host only as a last resort.

    trafilatura reads ``<meta property="og:site_name">`` but not the common
    ``<meta name="og:site_name">``, and puts the host name in ``sitename``
    when it finds no name, so a sitename that is only the host is passed over.
    """
    candidates = page_names[:1] + [sitename or ""] + page_names[1:]
    for candidate in candidates:
        candidate = _one_line(candidate)
        if candidate and not _is_host(candidate, url):
            return candidate[:120]
    return (urlsplit(url or "").hostname or "").removeprefix("www.")


def story_from_blocks(
    blocks: list[Block], *, title: str, author: str = "", outlet: str = "", date: str = ""
) -> Story:
    """A Story from extracted blocks: the headline dropped from the body, subheads checked, the dateline found.

    A heading becomes a subhead when the story format would read it back as
    one (at most 14 words, no closing punctuation), otherwise a paragraph, so
    ``/story/<slug>/export.txt`` imports again unchanged. Headings before the
    first paragraph (kickers, the headline again) are not part of the body.
    """
    title = _one_line(title)
    body: list[Block] = []
    for block in blocks:
        if block.kind != "list" and title and block.text == title and not any(b.kind == "paragraph" for b in body):
            continue  # the headline repeated at the top of the article
        if block.kind == "subhead":
            if not body:
                continue
            if not looks_like_subhead(block.text):
                block = Block("paragraph", text=block.text)
        body.append(block)
    while body and body[-1].kind == "subhead":
        body.pop()  # a heading with nothing under it
    words = sum(article_words(b.text) + sum(article_words(i) for i in b.items) for b in body if b.kind != "subhead")
    if not title:
        first = next((b.text for b in body if b.kind == "paragraph"), "")
        title = first[:200]
    if words < MIN_ARTICLE_WORDS or not title:
        raise ExtractionError(
            f"no article found ({words} words of body text; an article needs {MIN_ARTICLE_WORDS}). "
            "The page may be an index, a login wall or need JavaScript."
        )
    items = sum(len(b.items) for b in body)
    if items > MAX_LIST_ITEMS:
        raise ExtractionError(
            f"the article has {items:,} list items; a story may have {MAX_LIST_ITEMS:,}. "
            "A list that long is a data page, not a story: link to it from a story instead."
        )
    dateline = split_dateline(body[0].text)[0] if body[0].kind == "paragraph" else ""
    return Story(
        headline=title[:300],
        outlet=_one_line(outlet)[:120],
        dateline=dateline,
        bylines=split_authors(_one_line(author)) if author else (),
        standfirst="",
        deep_look_dateline=dateline,
        blocks=tuple(body),
    )


def story_from_text(text: str, *, title: str, author: str = "", outlet: str = "", date: str = "") -> Story:
    """A Story from plain text, one paragraph a line (a feed entry's text, trafilatura's text output)."""
    text = clean_controls(text or "")
    paragraphs = [_one_line(p) for p in re.split(r"\n\s*\n|\n", text or "")]
    blocks = [Block(kind="paragraph", text=p) for p in paragraphs if p]
    return story_from_blocks(blocks, title=title, author=author, outlet=outlet, date=date)


def _raw_text(element, line_break: str = " ") -> str:
    """The text inside ``element`` (not its tail), each line break as ``line_break``."""
    parts = [element.text or ""]
    for child in element:
        parts.append(line_break if child.tag == "lb" else _raw_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _element_text(element) -> str:
    """All the text inside ``element`` on one line: a line break inside a paragraph separates words."""
    return _one_line(_raw_text(element))


def _paragraphs(element) -> list[str]:
    """A paragraph's text, split where it has a blank line (two line breaks): a <div> of <br>-spaced paragraphs."""
    return [text for piece in re.split(r"\n[^\S\n]*\n", _raw_text(element, "\n")) if (text := _one_line(piece))]


def _blocks_from_body(body) -> list[Block]:
    """trafilatura's XML body (head, p, list/item, quote, table/row/cell) as Deep Look blocks.

    Text trafilatura keeps outside any element (the body's own text, or an
    element's tail: loose text after a heading, a list or a quote) is a
    paragraph of its own, as in trafilatura's text output.
    """
    blocks: list[Block] = []

    def loose(text: str | None) -> None:
        if text and (text := _one_line(text)):
            blocks.append(Block("paragraph", text=text))

    loose(body.text)
    for element in body:
        _block(element, blocks)
        loose(element.tail)
    return blocks


def _block(element, blocks: list[Block]) -> None:
    """The block(s) one element of trafilatura's body makes, appended to ``blocks``."""
    if element.tag == "head":
        text = _element_text(element)
        if text:
            blocks.append(Block("subhead", text=text))
    elif element.tag == "list":
        items = tuple(text for item in element.iter("item") if (text := _element_text(item)))
        if items:
            blocks.append(Block("list", items=items))
    elif element.tag == "table":
        for row in element.iter("row"):
            text = " | ".join(cell for cell in (_element_text(c) for c in row.iter("cell")) if cell)
            if text:
                blocks.append(Block("paragraph", text=text))
    else:
        for text in _paragraphs(element):
            blocks.append(Block("paragraph", text=text))


def story_from_html(html: bytes | str, *, url: str) -> Story:
    """The article in a web page, as a Story; ExtractionError when there is none.

    ``url`` is where the page came from (an http(s) URL, or "" for a local
    file); it only helps trafilatura and names the host when the page names
    no site.
    """
    tree = trafilatura.load_html(html)
    if tree is None:
        raise ExtractionError("no article found: this is not an HTML page trafilatura can read.")
    page_names = _page_names(tree)  # before trafilatura prunes the tree
    document = trafilatura.bare_extraction(tree, url=url or None, with_metadata=True, include_comments=False)
    if document is None:
        raise ExtractionError("no article found: trafilatura found no main text in the page.")
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    outlet = site_name(page_names, data.get("sitename") or "", url)
    body = getattr(document, "body", None)
    blocks = _blocks_from_body(body) if body is not None and len(body) else None
    if not blocks:
        return story_from_text(data.get("text") or "", title=data.get("title") or "", author=data.get("author") or "",
                               outlet=outlet)
    return story_from_blocks(blocks, title=data.get("title") or "", author=data.get("author") or "", outlet=outlet)


@dataclass(frozen=True)
class PageImage:
    """A page's lead image as the page describes it: where it is, and its own alt text, caption and credit."""

    url: str
    alt: str = ""
    caption: str = ""
    credit: str = ""


def _meta(tree, *names: str) -> str:
    """The first non-empty ``content`` of a <meta> named (property= or name=) any of ``names``."""
    for name in names:
        for value in tree.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content'):
            if value.strip():
                return value.strip()
    return ""


def _image_source(img) -> str:
    """An <img>'s address: src, else a lazy loader's data-src, else the widest srcset candidate."""
    for attribute in ("src", "data-src", "data-original", "data-lazy-src"):
        value = (img.get(attribute) or "").strip()
        if value and not value.startswith("data:"):
            return value
    candidates = [part.strip().split() for part in (img.get("srcset") or img.get("data-srcset") or "").split(",") if part.strip()]

    def width(candidate: list[str]) -> float:
        descriptor = candidate[1] if len(candidate) > 1 else "1x"
        try:
            return float(descriptor[:-1])
        except ValueError:
            return 0.0

    usable = [c for c in candidates if c and not c[0].startswith("data:")]
    return max(usable, key=width)[0] if usable else ""


def _figure_words(figure) -> tuple[str, str]:
    """(caption, credit) of a <figure>: its figcaption, with an element marked as the credit taken apart."""
    captions = figure.xpath(".//figcaption")
    if not captions:
        return "", ""
    caption = captions[0]
    credits = caption.xpath('.//*[contains(concat(" ", normalize-space(@class), " "), " credit ")'
                            ' or contains(@class, "credit") or contains(@class, "byline") or contains(@class, "copyright")]')
    credit = _one_line(credits[0].text_content()) if credits else ""
    text = _one_line(caption.text_content())
    if credit and text.endswith(credit):
        text = text[: -len(credit)].rstrip(" |·—–-")
    return text[:1000], credit[:200]


def _same_picture(a: str, b: str) -> bool:
    """Two addresses of one picture (the page and its og:image often differ only in host, size or query)."""
    name_a, name_b = urlsplit(a).path.rsplit("/", 1)[-1], urlsplit(b).path.rsplit("/", 1)[-1]
    return bool(name_a) and name_a == name_b


def lead_image(html: bytes | str, *, url: str) -> PageImage | None:
    """The page's lead image: og:image (or twitter:image), else the article's first <figure> picture.

    Alt text comes from og:image:alt / twitter:image:alt, or from the <img>
    itself; the caption and credit from the picture's <figure>, when the page
    has one. Addresses are made absolute against ``url``; a relative one on a
    page with no address (a local file), and anything not http(s), is none.
    """
    tree = trafilatura.load_html(html)
    if tree is None:
        return None
    figures = []
    for scope in ("//article//figure[.//img]", "//main//figure[.//img]", "//figure[.//img]"):
        figures = tree.xpath(scope)
        if figures:
            break

    def absolute(src: str) -> str:
        address = urljoin(url, src.strip()) if url else src.strip()
        return address if urlsplit(address).scheme in ("http", "https") and urlsplit(address).hostname else ""

    shared = _meta(tree, "og:image:secure_url", "og:image", "og:image:url", "twitter:image", "twitter:image:src")
    if shared and (address := absolute(shared)):
        alt = _meta(tree, "og:image:alt", "twitter:image:alt")
        caption = credit = ""
        for figure in figures:
            img = figure.xpath(".//img")[0]
            if _same_picture(absolute(_image_source(img)), address):
                alt = alt or (img.get("alt") or "")
                caption, credit = _figure_words(figure)
                break
        return PageImage(address, alt=_one_line(alt)[:400], caption=caption, credit=credit)
    for figure in figures:
        img = figure.xpath(".//img")[0]
        address = absolute(_image_source(img))
        if address:
            caption, credit = _figure_words(figure)
            return PageImage(address, alt=_one_line(img.get("alt") or "")[:400], caption=caption, credit=credit)
    return None


def _html_to_text(html: str) -> str:
    """Entry HTML to plain paragraphs: block tags become line breaks, every other tag goes."""
    marked = re.sub(r"(?i)</?(p|div|br|li|h[1-6]|blockquote)[^>]*>", "\n", html or "")
    return unescape(nh3.clean(marked, tags=set())).strip()


@dataclass(frozen=True)
class Feed:
    title: str
    entries: list[Entry]


def read_feed(body: bytes, *, url: str, local: bool = False) -> Feed:
    """Parse RSS 2.0 or Atom; ExtractionError when it is not a readable feed.

    ``url`` names the feed in messages; ``local`` says it is a file on this
    machine, so the advice is about the file rather than its address.
    """
    parsed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    usable = [item for item in parsed.entries if item.get("link") or item.get("title") or item.get("summary")]
    problem = parsed.get("bozo_exception")
    if not parsed.get("version") and not usable:
        raise ExtractionError(
            f"{url}: not an RSS or Atom feed" + (f" ({problem})" if problem else "")
            + (". Check that the file is the feed you meant." if local else ". Check the feed's address.")
        )
    if parsed.get("bozo") and not isinstance(problem, feedparser.CharacterEncodingOverride) and not usable:
        raise ExtractionError(
            f"{url}: the feed is malformed ({problem}) and no entry could be read from it. "
            + ("Fix the file, or fetch the feed again from its publisher." if local else "Ask its publisher to fix it.")
        )
    feed_title = _one_line(parsed.feed.get("title", ""))
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
                feed_title=feed_title,
            )
        )
    return Feed(title=feed_title, entries=entries)


def looks_like_feed(response_content_type: str, body: bytes) -> bool:
    if any(kind in response_content_type for kind in ("rss", "atom", "xml")):
        return True
    head = body[:512].lstrip().lower()
    return head.startswith(b"<?xml") or head.startswith(b"<rss") or head.startswith(b"<feed")
