"""Comment text becomes safe HTML: paragraphs, breaks and nofollow links only."""

from html.parser import HTMLParser

import pytest

from quicklooks.comments.rendering import has_links, render


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hello", "<p>Hello</p>"),
        ("One\n\nTwo", "<p>One</p><p>Two</p>"),
        ("Line\nbreak", "<p>Line<br>break</p>"),
        ("See https://example.org/a?b=1&c=2.", '<p>See <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc">https://example.org/a?b=1&amp;c=2</a>.</p>'),
        ("(http://example.org)", '<p>(<a href="http://example.org" rel="nofollow ugc">http://example.org</a>)</p>'),
        ("5 < 6 & 7 > 3", "<p>5 &lt; 6 &amp; 7 &gt; 3</p>"),
    ],
)
def test_plain_text_with_paragraphs_and_links(text, expected):
    assert render(text) == expected


XSS = [
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(1)",
    '<img src=x onerror="alert(1)">',
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '"><iframe src="https://evil.example"></iframe>',
    "https://example.org/\"onmouseover=\"alert(1)",
    '<div style="background:url(javascript:alert(1))">x</div>',
]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("payload", XSS)
def test_stored_xss_renders_inert(payload):
    parser = _Tags()
    parser.feed(render(payload))
    for tag, attrs in parser.tags:
        assert tag in {"p", "br", "a"}, (payload, tag)
        assert set(attrs) <= {"href", "rel"}, (payload, attrs)
        if tag == "a":
            assert attrs["href"].startswith(("http://", "https://")), attrs
            assert attrs["rel"] == "nofollow ugc"


def test_has_links():
    assert has_links("see https://x.org")
    assert has_links("see www.x.org")
    assert not has_links("no links here")
