"""``{% running_topics %}``: the topics the masthead and the front page's strip link to."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag
def running_topics(count: int = 6):
    """Running events (two or more published stories), the most recently updated first.

    A queryset, so the query runs only where a template shows the topics.
    """
    from quicklooks.topics.models import Topic

    return Topic.objects.with_published().order_by("-latest_at", "name")[:count]
