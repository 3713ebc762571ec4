"""``|flatpage_html``: an editor's flat page text, cleaned before it reaches a reader."""

from __future__ import annotations

import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# What an About or Privacy page needs, and nothing that runs: the CSP forbids
# inline scripts and styles anyway, and nh3 drops them before the browser sees them.
TAGS = {"p", "h2", "h3", "ul", "ol", "li", "a", "strong", "em", "b", "i", "br", "blockquote", "abbr"}


@register.filter
def flatpage_html(text: str) -> str:
    return mark_safe(nh3.clean(text or "", tags=TAGS, attributes={"a": {"href"}, "abbr": {"title"}}))
