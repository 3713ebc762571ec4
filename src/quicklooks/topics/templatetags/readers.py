"""Template tags for the readers' panels on story pages: metadata, related stories, the story's topic, avatars."""

from __future__ import annotations

import hashlib

from django import template

register = template.Library()

RELATED_COUNT = 4


@register.simple_tag
def story_metadata(story):
    from quicklooks.stories.metadata import story_metadata as build

    return build(story)


@register.simple_tag
def story_topic(story):
    """The story's topic when it is a running event (two or more published stories), else ``None``.

    Worked out once per story object: the topic line and the head's feed links both ask.
    """
    if not hasattr(story, "_running_topic"):
        from quicklooks.topics.models import Topic

        story._running_topic = Topic.objects.with_published().filter(links__story=story).first()
    return story._running_topic


@register.simple_tag
def related_stories(story):
    """Up to four other stories: from its topic first, then sharing its tags, then from its section."""
    from quicklooks.stories.queries import published_cards

    found: list = []
    seen = {story.pk}

    def take(queryset):
        for other in queryset.exclude(pk__in=seen)[: RELATED_COUNT - len(found)]:
            if other.pk not in seen:
                seen.add(other.pk)
                found.append(other)

    take(published_cards().filter(topic_link__topic__links__story=story))
    tag_ids = [tag.pk for tag in story.tags.all()]
    if len(found) < RELATED_COUNT and tag_ids:
        take(published_cards().filter(tags__in=tag_ids).distinct())
    if len(found) < RELATED_COUNT and story.section_id:
        take(published_cards().filter(section_id=story.section_id))
    return found


@register.simple_tag
def story_feed_links(story):
    """Feeds a story page advertises: the site's, and its section's and topic's."""
    from quicklooks.stories.feeds import feed_links, source_for, source_of

    links = feed_links(source_for())
    if story.section:
        links += feed_links(source_of("section", story.section))
    topic = story_topic(story)
    if topic is not None:
        links += feed_links(source_of("topic", topic))
    return links


# Fill colours with at least 4.5:1 contrast against white text (WCAG AA).
AVATAR_COLOURS = ("#1f4e79", "#6b2c91", "#8a3b12", "#245c2f", "#7a1f3d", "#3d4a5c")


@register.simple_tag
def avatar(name: str) -> dict:
    """Initials and a colour for an author without a photo, drawn as inline SVG."""
    words = [word for word in name.replace(".", " ").split() if word[:1].isalpha()]
    initials = (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper() if words else "?"
    index = int(hashlib.sha256(name.encode()).hexdigest(), 16) % len(AVATAR_COLOURS)
    return {"initials": initials, "colour": AVATAR_COLOURS[index]}
