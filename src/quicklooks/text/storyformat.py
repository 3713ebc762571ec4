"""Read and write the outlet's story text format.

The format (specified in ``docs/story-format.md``) is what the outlet's pages
look like as text::

    Headline/ Outlet/ DATELINE/ Author/ Show/ Standfirst

    Label Words: Quick Looks
    - bullet
    - bullet

    Deep Look: Deep Look headline
    CITY, Country — first paragraph ...
    Subhead Without Closing Punctuation
    Paragraph ending with a colon:
    - list item

A file without the meta line is read as plain text: the first line is the
headline and everything else is body. Nothing here touches a database; the
importer calls :func:`read_story_file` and stores what it returns.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from quicklooks.text.characters import clean_controls
from quicklooks.text.vocabulary import words
from quicklooks.text.story import Block, Story

MAX_BYTES = 2 * 1024 * 1024
"""Largest story file accepted (2 MiB). A real story is a few tens of KiB."""
MAX_QUICK_LOOKS = 12
"""Most bullets a Quick Looks box may have: the box is about eight one-line bullets."""
MAX_LIST_ITEMS = 1000
"""Most list items one story may have; a real story's lists hold dozens, and each stage reads every item."""

_META_SEPARATOR = re.compile(r"/(?:[ \t]+|$)")
# "Putin Threatens Foreign Troop Presence: Quick Looks", or a bare "Quick Looks".
_QUICK_LOOKS_HEADER = re.compile(r"^(?:(?P<label>.*?)\s*:\s*)?Quick Looks\s*:?\s*$", re.IGNORECASE)
_DEEP_LOOK_HEADER = re.compile(r"^Deep Look\s*:\s*(?P<headline>.*)$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•–]|\u2022)\s+(?P<text>\S.*)$")
# "VLADIVOSTOK, Russia — ", "WASHINGTON — ", "KYIV, Ukraine (AP) — ", "NEW YORK -- ",
# "HALIFAX, Nova Scotia — ": a place in capitals, its region as written, a
# credit in parentheses, then a dash (a plain hyphen only with spaces round it).
_DATELINE = re.compile(
    r"(?P<dateline>[A-Z][A-Z.'’\- ]+[A-Z.](?:,\s*(?P<region>[A-Z][\w.'’\- ]*?))?)(?:\s*\([^)]{1,30}\))?"
    r"\s*(?:(?:—|–|--)\s*|\s-\s+)"
)
# "LONDON (Reuters) - ", "london , england ( cnn ) -- ": a place and a news
# agency's credit (vocabulary/wire_services.txt), in any case, end a dateline.
_WIRE_DATELINE = re.compile(
    r"(?P<dateline>[\w.'’\- ]{0,40}?(?:\s*,\s*(?P<region>[\w.'’\- ]{1,40}?))?)\s*\(\s*(?:"
    + "|".join(re.escape(name) for name in sorted(words("wire_services"), key=len, reverse=True))
    + r")\s*\)\s*(?:—|–|--|-)?\s*",
    re.IGNORECASE,
)
_AUTHOR_SEPARATOR = re.compile(r"\s*(?:,\s*and\s+|\s+and\s+|\s*&\s*|,\s*)\s*")
_CLOSING_PUNCTUATION = tuple('.!?:;,"”’)…')
_OPENING_QUOTES = tuple('"“‘\'')
_SUBHEAD_MAX_WORDS = 14

# Lines the outlet's page template adds around every story. They are site
# chrome, not the story, and are dropped wherever they trail the body.
SITE_CHROME = (
    re.compile(r"^You must Register or Login to post a comment\.?$", re.IGNORECASE),
    re.compile(r"^(?:Share|Share this|Related|Related stories|Leave a comment|Comments)\s*:?\s*$", re.IGNORECASE),
)


class StoryFormatError(ValueError):
    """A story text that cannot be read, with where and how to fix it."""

    def __init__(self, message: str, *, name: str = "<text>", line: int = 0, fix: str = ""):
        self.name = name
        self.line = line
        self.message = message
        self.fix = fix
        where = f"{name}:{line}" if line else name
        super().__init__(f"{where}: {message}" + (f" {fix}" if fix else ""))


def decode_story_bytes(data: bytes, *, name: str = "<bytes>") -> str:
    """Turn a file's bytes into text: UTF-8 (with or without BOM), else Windows-1252.

    Refuses empty input, input over :data:`MAX_BYTES` and binary data, since
    any of those would import as a garbage story.
    """
    if len(data) > MAX_BYTES:
        raise StoryFormatError(
            f"the file is {len(data):,} bytes; stories are limited to {MAX_BYTES:,} bytes.",
            name=name,
            fix="Split it into one file per story.",
        )
    if not data.strip():
        raise StoryFormatError("the file is empty.", name=name, line=1, fix="Write a story in it, or leave it out.")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise StoryFormatError(
            "this looks like binary data, not a story text (it contains NUL bytes).",
            name=name,
            line=line,
            fix="Import a UTF-8 or Windows-1252 text file.",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Newsroom tools on Windows still export cp1252; it decodes every byte
        # but five, so a failure here really is not text.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise StoryFormatError(
                "the file is neither UTF-8 nor Windows-1252 text.",
                name=name,
                line=line,
                fix="Save it as UTF-8 and import it again.",
            ) from None


def read_story_file(path: str | Path) -> Story:
    """Read and parse one story file; errors name the file and the line."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise StoryFormatError(
                f"the file is {size:,} bytes; stories are limited to {MAX_BYTES:,} bytes.",
                name=str(path),
                fix="Split it into one file per story.",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise StoryFormatError(f"cannot read the file ({exc.strerror}).", name=str(path)) from None
    return parse_story(decode_story_bytes(data, name=str(path)), name=str(path))


def join_authors(names: tuple[str, ...] | list[str]) -> str:
    """The author field for ``names``: joined with "and" unless a name would then split differently.

    A name that itself ends in "and" or starts with "By" is written with
    commas, or after an extra "By ", so :func:`split_authors` reads back the
    same names.
    """
    names = tuple(names)
    for joiner in (" and ", ", ", " & "):
        for prefix in ("", "By "):
            field = prefix + joiner.join(names)
            if split_authors(field) == names:
                return field
    return " and ".join(names)


def split_authors(field: str) -> tuple[str, ...]:
    """'Lena Ortiz and Sam Whitaker' -> ('Lena Ortiz', 'Sam Whitaker')."""
    field = re.sub(r"^\s*By\s+", "", field.strip(), flags=re.IGNORECASE)
    return tuple(name for name in _AUTHOR_SEPARATOR.split(field) if name)


def match_dateline(text: str, pos: int = 0) -> re.Match[str] | None:
    """The dateline opening ``text`` at ``pos``, or None.

    Group "dateline" is the whole place ("HALIFAX, Nova Scotia"), "region"
    what follows its comma (None without one), and ``end()`` is where the
    story starts.
    """
    return _DATELINE.match(text, pos) or _WIRE_DATELINE.match(text, pos)


def split_dateline(paragraph: str) -> tuple[str, str]:
    """Return (dateline, rest) for a first paragraph, or ('', paragraph)."""
    match = _DATELINE.match(paragraph)
    if not match:
        return "", paragraph
    return match.group("dateline").strip(), paragraph[match.end() :]


def looks_like_subhead(line: str) -> bool:
    """A subhead is a short line with no closing punctuation.

    It may contain a colon inside ("Putin: Peace Deal Possible, But Only With
    Security Guarantees"); what gives a paragraph away is how it ends.
    """
    text = line.strip()
    if not text or _BULLET.match(text):
        return False
    if text.endswith(_CLOSING_PUNCTUATION) or text.startswith(_OPENING_QUOTES):
        # A line opening with a quotation mark is a quote cut off from its
        # attribution, never a heading.
        return False
    return len(text.split()) <= _SUBHEAD_MAX_WORDS


def parse_story(text: str, *, name: str = "<text>") -> Story:
    """Parse one story in the outlet's text format (or plain text) into a Story.

    ``name`` is used in error messages only. Line numbers on blocks are
    1-based and refer to ``text`` after BOM and line-end normalisation.
    """
    # One policy for every entry (quicklooks.text.characters): controls other
    # than tab and newline are removed; lines keep their numbers.
    text = clean_controls(text.lstrip("\ufeff"))
    lines = text.split("\n")
    numbered = [(number, line.rstrip()) for number, line in enumerate(lines, start=1)]
    numbered = _drop_trailing_chrome(numbered)
    content = [(n, line) for n, line in numbered if line.strip()]
    if not content:
        raise StoryFormatError("the story has no text.", name=name, line=1, fix="Write a headline on the first line.")

    first_number, first_line = content[0]
    fields = split_meta_line(first_line.strip())
    meta = _read_meta(fields, name=name, line=first_number)
    rest = content[1:]

    label, bullets, rest = _read_quick_looks(rest, name=name)
    read_so_far = content[: len(content) - len(rest)]
    deep_look_headline = meta["headline"]
    deep_look_line = 0
    if rest and (match := _DEEP_LOOK_HEADER.match(rest[0][1].strip())):
        deep_look_headline = match.group("headline").strip() or meta["headline"]
        deep_look_line = rest[0][0]
        rest = rest[1:]

    blocks = _read_blocks(rest, name=name)
    if not blocks:
        _no_body(fields, first_line, name=name, first_number=first_number, deep_look_line=deep_look_line,
                 last_line=read_so_far[-1][0])
    deep_look_dateline = ""
    if blocks[0].kind == "paragraph":
        deep_look_dateline, _ = split_dateline(blocks[0].text)

    return Story(
        headline=meta["headline"],
        outlet=meta["outlet"],
        dateline=meta["dateline"],
        bylines=split_authors(meta["author"]),
        show=meta["show"],
        standfirst=meta["standfirst"],
        quick_looks_label=label,
        quick_looks=bullets,
        deep_look_headline=deep_look_headline,
        deep_look_dateline=deep_look_dateline,
        blocks=tuple(blocks),
    )


def _no_body(fields: list[str], first_line: str, *, name: str, first_number: int, deep_look_line: int, last_line: int):
    """Raise the error for a story with nothing after its headline, pointing at the line to write under."""
    if deep_look_line:
        raise StoryFormatError(
            "the story has a headline but no Deep Look text: nothing follows its 'Deep Look:' line.",
            name=name,
            line=deep_look_line,
            fix="Write the story under that line, one paragraph a line.",
        )
    if len(fields) < 5 and last_line == first_number:
        # Plain text of a single line: that line was read as the headline, and nothing is under it.
        example = ("A minimal story is a headline line, then the story: 'Council closes Mill Street bridge' on line 1, "
                   "'RIVERSIDE — The city council voted on Tuesday to close ...' on line 2 (docs/story-format.md).")
        single = first_line.strip()
        if single.endswith(_CLOSING_PUNCTUATION) or len(single.split()) > _SUBHEAD_MAX_WORDS:
            raise StoryFormatError(
                "this plain text is a single paragraph with no headline line; the first line of plain text is "
                "the headline, so there is no story text under it.",
                name=name,
                line=last_line,
                fix=f"Add a headline on its own line above the paragraph. {example}",
            )
        raise StoryFormatError(
            "this plain text has a headline but no story text under it.",
            name=name,
            line=last_line,
            fix=f"Write the story on the lines below the headline. {example}",
        )
    raise StoryFormatError(
        "the story has a headline but no Deep Look text.",
        name=name,
        line=last_line,
        fix="Add the body after a 'Deep Look: <headline>' line.",
    )


META_FIELDS = ("headline", "outlet", "dateline", "author", "show", "standfirst")
MAX_HEADLINE = 300
"""Longest headline accepted, in characters (what the site stores)."""

# One token of the meta line: an escape, a separator, or text up to the next of either.
_META_TOKEN = re.compile(r"\\[\\/]|/(?:[ \t]+|$)|[^\\/]+|[\\/]")
# What the writer escapes in a field: a backslash before a slash or a backslash
# (or at the field's end, where the separator's slash follows), and a slash
# before white space or at the field's end.
_META_ESCAPE = re.compile(r"\\(?=[\\/]|$)|/(?=\s|$)")


def split_meta_line(line: str) -> list[str]:
    """The first line's fields, stripped and unescaped.

    A slash followed by white space (or ending the line) separates fields;
    ``\\/`` stands for a slash that is part of a field and ``\\\\`` for a
    backslash; any other backslash is an ordinary character
    (docs/story-format.md, "A slash inside a field").
    """
    fields: list[str] = []
    current: list[str] = []
    for match in _META_TOKEN.finditer(line):
        token = match.group()
        if token[0] == "\\" and len(token) == 2:
            current.append(token[1])
        elif token[0] == "/" and (len(token) > 1 or match.end() == len(line)):
            fields.append("".join(current).strip())
            current = []
        else:
            current.append(token)
    fields.append("".join(current).strip())
    return fields


def escape_meta_field(value: str) -> str:
    """``value`` as it is written in the meta line, so :func:`split_meta_line` reads it back unchanged."""
    return _META_ESCAPE.sub(lambda match: "\\" + match.group(), value)


def _quoted(value: str, limit: int = 60) -> str:
    return "“" + (value if len(value) <= limit else value[: limit - 1] + "…") + "”"


def _read_meta(fields: list[str], *, name: str, line: int) -> dict[str, str]:
    keys = META_FIELDS
    if len(fields) >= 6:
        values = fields[:5] + ["/ ".join(fields[5:]).strip()]
    elif len(fields) == 5:
        # Stories outside a show leave the field out altogether.
        values = fields[:4] + [""] + fields[4:]
    elif len(fields) == 1:
        # Plain text: the whole first line is the headline.
        values = fields + [""] * 5
    else:
        # Two to four fields is a meta line with separators missing, not a
        # headline: read as one, "Budget/ Newslooks/ SPRINGFIELD/ Jo Lee
        # Morning Edition" would publish a 108-character headline.
        found = ", ".join(f"{key} {_quoted(value)}" for key, value in zip(keys, fields))
        raise StoryFormatError(
            f"the first line has {len(fields)} fields separated by '/ ', but a meta line has five or six "
            f"(Headline/ Outlet/ DATELINE/ Author/ Show/ Standfirst, the show may be left out). Found: {found}. "
            "Nothing was stored.",
            name=name,
            line=line,
            fix="Add the missing '/ ' between the fields; or, if the slash belongs to the headline, write it as '\\/ ' "
            "(“Cats\\/ Dogs debate”) and the story is read as plain text with that headline (docs/story-format.md).",
        )
    meta = dict(zip(keys, values))
    if not meta["headline"]:
        raise StoryFormatError(
            "the meta line has no headline.",
            name=name,
            line=line,
            fix="Start the line with 'Headline/ Outlet/ DATELINE/ Author/ Show/ Standfirst'.",
        )
    if len(meta["headline"]) > MAX_HEADLINE:
        raise StoryFormatError(
            f"the headline is {len(meta['headline']):,} characters; headlines are limited to {MAX_HEADLINE}.",
            name=name,
            line=line,
            fix="Shorten it. In plain text the first line is the headline: put a short headline on its own line above the story.",
        )
    return meta


def _read_quick_looks(rest, *, name: str):
    if not rest:
        return "", (), rest
    number, line = rest[0]
    match = _QUICK_LOOKS_HEADER.match(line.strip())
    if not match:
        return "", (), rest
    bullets = []
    index = 1
    while index < len(rest) and (bullet := _BULLET.match(rest[index][1])):
        if len(bullets) == MAX_QUICK_LOOKS:
            raise StoryFormatError(
                f"the Quick Looks box has more than {MAX_QUICK_LOOKS} bullets; this is bullet {MAX_QUICK_LOOKS + 1}.",
                name=name,
                line=rest[index][0],
                fix=f"Keep the {MAX_QUICK_LOOKS} bullets that matter most (about eight read best); the rest belong in the Deep Look.",
            )
        bullets.append(bullet.group("text").strip())
        index += 1
    if not bullets:
        raise StoryFormatError(
            "the Quick Looks box has no bullets.",
            name=name,
            line=number,
            fix="Put '- ' bullets under it, or delete the line to have Quick Looks written automatically.",
        )
    return (match.group("label") or "").strip(), tuple(bullets), rest[index:]


def _read_blocks(rest, *, name: str = "<text>") -> list[Block]:
    blocks: list[Block] = []
    items: list[str] = []
    items_line = 0
    item_count = 0
    for number, line in rest:
        bullet = _BULLET.match(line)
        if bullet:
            item_count += 1
            if item_count > MAX_LIST_ITEMS:
                raise StoryFormatError(
                    f"the Deep Look has more than {MAX_LIST_ITEMS:,} list items; this is item {item_count:,}.",
                    name=name,
                    line=number,
                    fix="Publish a list that long as a linked document or a table, not as story text.",
                )
            if not items:
                items_line = number
            items.append(bullet.group("text").strip())
            continue
        if items:
            blocks.append(Block("list", items=tuple(items), line=items_line))
            items = []
        text = line.strip()
        if blocks and looks_like_subhead(text):
            blocks.append(Block("subhead", text=text, line=number))
        else:
            blocks.append(Block("paragraph", text=text, line=number))
    if items:
        blocks.append(Block("list", items=tuple(items), line=items_line))
    return blocks


def _drop_trailing_chrome(numbered):
    end = len(numbered)
    while end:
        line = numbered[end - 1][1].strip()
        if not line or any(pattern.match(line) for pattern in SITE_CHROME):
            end -= 1
            continue
        break
    return numbered[:end]


def write_story(story: Story) -> str:
    """Write a Story in the outlet's text format; ``parse_story`` reads it back equal."""
    meta = [
        story.headline,
        story.outlet,
        story.dateline,
        join_authors(story.bylines),
        story.show,
        story.standfirst,
    ]
    out = ["/ ".join(escape_meta_field(field) for field in meta).rstrip()]
    if story.quick_looks:
        out.append("")
        out.append(f"{story.quick_looks_label}: Quick Looks" if story.quick_looks_label else "Quick Looks")
        out.extend(f"- {bullet}" for bullet in story.quick_looks)
    out.append("")
    out.append(f"Deep Look: {story.deep_look_headline or story.headline}")
    for block in story.blocks:
        if block.kind == "list":
            out.extend(f"- {item}" for item in block.items)
        else:
            out.append(block.text)
    return "\n".join(out) + "\n"


def with_quick_looks(story: Story, label: str, bullets: tuple[str, ...]) -> Story:
    """A copy of ``story`` carrying the given Quick Looks box."""
    return replace(story, quick_looks_label=label, quick_looks=tuple(bullets))
