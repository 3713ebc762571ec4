"""One page for every reader, with the reader's own parts stitched in.

A cacheable page (a story, the front page, a listing) is rendered once, as
an anonymous reader sees it, and that one copy is stored and served to
everyone: by the page cache, and by nginx from page files. What differs per
reader (the account menu, the comment form or gate, the reader's own
comments and reactions, a moderator's tools) sits in the page as an
*include point*: the anonymous version of that part, marked with Server
Side Include comments that name a fragment URL::

    <!--# block name="ql_account" -->…anonymous menu…<!--# endblock -->
    <!--# include virtual="/_reader/account/?page=/story/x/&g=…" stub="ql_account" -->

- An anonymous reader gets the page as stored. Browsers treat the SSI
  commands as comments, so they see the anonymous version, and nginx serves
  the page file without parsing it.
- A signed-in reader's request goes through nginx's SSI module (``ssi on``
  in ``quicklooks.deploy.nginx``): the ``block`` is kept aside and the
  ``include`` becomes a subrequest to the fragment URL, rendered for that
  reader alone. When the subrequest fails (the app is down, an error),
  nginx puts the block back, so the page still renders, with "Log in" links.
- Without nginx (embedded mode, or the app reached directly),
  :func:`stitch` does the same in-process.

Parts that only this process can stitch (flash messages, whose cookie the
response must clear) use the same markup with ``ql:`` instead of ``#``;
nginx leaves those alone, and it sends requests that carry a messages
cookie to the app, which stitches them here.

The CSRF token lives only in fragments: the stored page is rendered for no
one, so it has none (``policy.is_storable`` refuses a page that set one).
"""

from __future__ import annotations

import re
from typing import Callable
from urllib.parse import quote

# Set by nginx (and only nginx: it replaces whatever a client sent) when it
# will process the response's SSI commands itself.
SSI_HEADER = "X-Quicklooks-Ssi"
SSI_META = "HTTP_X_QUICKLOOKS_SSI"

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_POINT = re.compile(
    r'<!--(?P<kind>#|ql:) block name="(?P<name>ql_[a-z0-9_]+)" -->(?P<stub>.*?)<!--(?P=kind) endblock -->'
    r'<!--(?P=kind) include virtual="(?P<url>[^"]*)" stub="(?P=name)" -->',
    re.DOTALL,
)


def include_point(name: str, url: str, stub: str, *, nginx: bool = True) -> str:
    """The markup for one include point: ``stub`` is what anonymous readers, and everyone on a failure, see.

    ``url`` is the fragment's own URL (query string included); it is written
    raw, as nginx reads it, so it may hold no quote or SSI delimiter.
    """
    if not _NAME.match(name):
        raise ValueError(f"include point name {name!r}: use lower-case letters, digits and _")
    if '"' in url or "-->" in url or "<" in url:
        raise ValueError(f"fragment URL {url!r} must be URL-quoted (no quotes or angle brackets)")
    if "<!--#" in stub or "<!--ql:" in stub:
        raise ValueError(f"the anonymous version of {name!r} may not hold include points of its own")
    kind = "#" if nginx else "ql:"
    block = f"ql_{name}"
    return (
        f'<!--{kind} block name="{block}" -->{stub}<!--{kind} endblock -->'
        f'<!--{kind} include virtual="{url}" stub="{block}" -->'
    )


def fragment_url(path: str, page: str, token: str | None) -> str:
    """``path`` with the page it is for (its links come back there) and the content token.

    The token makes the URL change with every published change but
    comments, so nginx's short per-reader cache of fragments never outlives
    an edit; what a comment changes in a reader's fragment (their own list)
    may take those few seconds to show.
    """
    url = f"{path}?page={quote(page, safe='/')}"
    return url + (f"&g={quote(token, safe='')}" if token else "")


def has_points(body: bytes) -> bool:
    return b"<!--# block " in body or b"<!--ql: block " in body


def stitch(body: str, render: Callable[[str], str | None]) -> str:
    """``body`` with each include point replaced by ``render(url)``, or by its stub when that is None."""

    def replace(match: re.Match) -> str:
        html = render(match.group("url"))
        return match.group("stub") if html is None else html

    return _POINT.sub(replace, body)


def stub_only(body: str) -> str:
    """``body`` as an anonymous reader sees it once rendered: every include point gives its stub."""
    return stitch(body, lambda url: None)
