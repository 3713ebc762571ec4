"""``{% reader_fragment %}``: a part of a shared page that each reader gets their own version of.

::

    {% load reader_fragments %}
    {% reader_fragment "account" %}…the menu, as the context's reader sees it…{% endreader_fragment %}
    {% reader_fragment "comments" url %}…{% endreader_fragment %}
    {% reader_fragment "messages" nginx=False %}…{% endreader_fragment %}

On a page rendered to be shared (the page cache marks the request
``shared_page``), the body renders for the anonymous reader the shared
render is made as, and becomes the include point's stub; the fragment URL
(``url``, or the caching app's endpoint for ``name``) gives each reader
theirs (``quicklooks.caching.stitching``). On any other page (a personal
one, or with the page cache off) the body simply renders for the reader at
hand, so the fragment and the inline version are the same template.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from quicklooks.caching import stitching

register = template.Library()


class ReaderFragmentNode(template.Node):
    def __init__(self, name, url, nginx, nodelist):
        self.name, self.url, self.nginx, self.nodelist = name, url, nginx, nodelist

    def render(self, context):
        body = self.nodelist.render(context)
        request = context.get("request")
        if request is None or not getattr(request, "shared_page", False):
            return body
        name = self.name.resolve(context)
        path = self.url.resolve(context) if self.url is not None else reverse("caching:fragment", args=[name])
        fragments = getattr(request, "page_fragments", None)
        # The content token, which comments leave alone: on a busy thread the
        # page token changes twice a second, and each change would make every
        # reader's fragments new URLs that nginx has not kept yet.
        token = fragments.tokens.content if fragments is not None else None
        url = stitching.fragment_url(path, request.get_full_path(), token)
        nginx = self.nginx.resolve(context) if self.nginx is not None else True
        return mark_safe(stitching.include_point(name, url, body, nginx=bool(nginx)))


@register.tag("reader_fragment")
def reader_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError('{% reader_fragment "name" [url] [nginx=False] %} needs a name.')
    name, url, nginx = parser.compile_filter(bits[1]), None, None
    for bit in bits[2:]:
        if bit.startswith("nginx="):
            nginx = parser.compile_filter(bit.split("=", 1)[1])
        elif url is None:
            url = parser.compile_filter(bit)
        else:
            raise template.TemplateSyntaxError(f"reader_fragment: unexpected {bit!r}; give a name, a URL and nginx=False at most.")
    nodelist = parser.parse(("endreader_fragment",))
    parser.delete_first_token()
    return ReaderFragmentNode(name, url, nginx, nodelist)
