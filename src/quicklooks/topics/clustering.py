"""Putting stories into topics: when a story is published, and in bulk with ``quicklooks topics rebuild``.

The scoring lives in :mod:`quicklooks.topics.similarity`; this module keeps
its inputs (one :class:`~quicklooks.topics.models.StoryFeatures` row per
story, recomputed only when the story's text changes) and writes the result.
Stories an editor placed by hand (``pinned``) are never moved.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from datetime import timedelta
from typing import Callable, Iterable

from django.db import transaction
from django.utils.text import slugify

from quicklooks.stories.models import Story
from quicklooks.text.document import analyse
from quicklooks.text.story import Story as TextStory
from quicklooks.topics import similarity
from quicklooks.topics.models import StoryFeatures, Topic, TopicStory

log = logging.getLogger(__name__)

WINDOW = timedelta(days=120)
"""How far apart in time two stories may be and still share a topic."""
MEMBERS_COMPARED = 25
"""A long-running topic is compared through its latest stories only: events drift."""


def _story_text(story: Story) -> tuple[str, list[str], TextStory]:
    return story.headline, [b.text for b in story.quick_looks.all()], story.to_text_story()


def _embedder():
    """MiniLM embeddings when the site asks for them (QUICKLOOKS_TOPIC_EMBEDDINGS=1) and the model package is installed."""
    from django.conf import settings

    if not getattr(settings, "QUICKLOOKS_TOPIC_EMBEDDINGS", False):
        return None
    from quicklooks.text import embeddings

    if not embeddings.available():
        log.warning("QUICKLOOKS_TOPIC_EMBEDDINGS is on but %s is not installed; clustering without it", embeddings.PACKAGE)
        return None
    return embeddings.embed


def features_for(story: Story) -> similarity.StoryFeatures:
    """The story's features, from the stored row when its text (and the embeddings setting) has not changed since."""
    headline, bullets, text_story = _story_text(story)
    embed = _embedder()
    mode = "semantic" if embed is not None else "lexical"
    digest = hashlib.sha256("\x1f".join([mode, headline, *bullets, text_story.deep_look_text()]).encode()).hexdigest()
    row = StoryFeatures.objects.filter(story=story).first()
    if row is not None and row.content_hash == digest:
        return similarity.StoryFeatures.from_dict(row.data)
    # The story's own analysis (kept by headline and blocks), which the Quick
    # Looks writer and the facts read too: its text alone would be parsed again.
    features = similarity.features_of(headline, bullets, analyse(text_story), embed=embed)
    StoryFeatures.objects.update_or_create(story=story, defaults={"content_hash": digest, "data": features.to_dict()})
    return features


def _unique_slug(name: str, *, exclude: int | None = None) -> str:
    base = slugify(name)[:180].strip("-") or "topic"
    slug, counter = base, 2
    while Topic.objects.filter(slug=slug).exclude(pk=exclude).exists():
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def name_for(members: Iterable[similarity.StoryFeatures], headlines: Iterable[str], fallback: str) -> str:
    """The names the topic's stories share and their headlines use, e.g. "Camila Rojas and Chile".

    A name scores one point per story that mentions it and one per headline
    that does (by its last word, so "Rojas Wins" counts for Camila Rojas):
    datelines such as "Washington" are everywhere in the text but rarely in a
    headline.
    """
    members = list(members)
    headline_words = [set(similarity.terms_of(h)) for h in headlines]
    counts: Counter = Counter()
    spelled: dict[str, str] = {}
    for item in members:
        counts.update(item.entities)
        for key, name in item.names.items():
            spelled.setdefault(key, name)
    if not counts:
        return fallback[:200]
    # "Rojas" in one story is "Camila Rojas" in another: count them as one.
    for key in [k for k in counts if " " not in k]:
        full = [k for k in counts if k.endswith(" " + key)]
        if full:
            counts[max(full, key=lambda k: counts[k])] += counts.pop(key)
    score = {
        key: counts[key] + sum(similarity._stem(key.split()[-1]) in words for words in headline_words) for key in counts
    }
    # Longer names break ties: "Cedar Ridge Fire" says more than "California".
    ranked = sorted(score, key=lambda key: (-score[key], -len(key), key))
    first = ranked[0]
    name = spelled.get(first, first.title())
    if len(ranked) > 1 and len(members) > 1 and score[ranked[1]] * 4 >= score[first] * 3:
        name = f"{name} and {spelled.get(ranked[1], ranked[1].title())}"
    return name[:200]


def _refresh_name(topic: Topic) -> None:
    if topic.name_locked:
        return
    stories = list(
        Story.objects.filter(topic_link__topic=topic).prefetch_related("quick_looks", "blocks").order_by("published_at")
    )
    if not stories:
        return
    name = name_for((features_for(s) for s in stories), (s.headline for s in stories), stories[0].headline)
    if name != topic.name:
        topic.name = name
        fields = ["name", "updated_at"]
        if len(stories) <= 2:
            # Pages list a topic from its second story on; until then its
            # address may still follow its name.
            topic.slug = _unique_slug(name, exclude=topic.pk)
            fields.append("slug")
        topic.save(update_fields=fields)


def assign(story: Story) -> Topic | None:
    """Put a published story into the topic it is most like, or a new one of its own.

    Returns the story's topic; ``None`` for an unpublished story (which is
    taken out of any topic clustering put it in).
    """
    link = TopicStory.objects.filter(story=story).select_related("topic").first()
    if link is not None and link.pinned:
        return link.topic
    if not story.is_published:
        if link is not None:
            link.delete()
        return None
    features = features_for(story)
    start, end = story.published_at - WINDOW, story.published_at + WINDOW
    candidates = (
        Story.objects.published()
        .filter(published_at__range=(start, end), topic_link__isnull=False)
        .exclude(pk=story.pk)
        .select_related("topic_link")
        .order_by("-published_at")
    )
    rows = {row.story_id: row.data for row in StoryFeatures.objects.filter(story__in=candidates)}
    groups: dict[int, list[similarity.StoryFeatures]] = {}
    for other in candidates:
        members = groups.setdefault(other.topic_link.topic_id, [])
        if len(members) < MEMBERS_COMPARED:
            data = rows.get(other.pk)
            members.append(similarity.StoryFeatures.from_dict(data) if data else features_for(other))
    corpus = similarity.Corpus([features, *(m for members in groups.values() for m in members)])
    best, score = similarity.best_group(corpus, features, groups)
    with transaction.atomic():
        previous = link.topic if link is not None else None
        if best is not None and score >= similarity.THRESHOLD:
            topic = Topic.objects.get(pk=best)
        elif previous is not None and previous.links.count() == 1:
            topic = previous  # alone before, alone still: keep its page and slug
        else:
            name = name_for([features], [story.headline], story.headline)
            topic = Topic.objects.create(name=name, slug=_unique_slug(name))
        TopicStory.objects.update_or_create(story=story, defaults={"topic": topic, "score": score, "pinned": False})
        _refresh_name(topic)
        if previous is not None and previous.pk != topic.pk:
            _settle(previous)
        topic.save(update_fields=["updated_at"])
    return topic


def _settle(topic: Topic) -> None:
    """After a story left: drop the topic if it is empty, else rename it for who is left."""
    if not topic.links.exists():
        topic.delete()
    else:
        _refresh_name(topic)


def rebuild(*, progress: Callable[[Iterable], Iterable] = lambda items: items) -> dict[str, int]:
    """Cluster every published story again, oldest first, leaving editors' placements alone.

    A new group keeps the page (and slug) of the old topic that held most of
    its stories, so links to topic pages survive a rebuild. One transaction:
    a reader never sees the topics half rebuilt.
    """
    stories = list(Story.objects.published().prefetch_related("quick_looks", "blocks").order_by("published_at"))
    features = {story.pk: features_for(story) for story in progress(stories)}
    corpus = similarity.Corpus(list(features.values()))
    with transaction.atomic():
        before = dict(TopicStory.objects.values_list("story_id", "topic_id"))
        pinned = dict(TopicStory.objects.filter(pinned=True).values_list("story_id", "topic_id"))
        groups: dict[tuple, list[Story]] = {}
        for story in stories:
            if story.pk in pinned:
                groups.setdefault(("topic", pinned[story.pk]), []).append(story)
        scores: dict[int, float] = {}
        fresh = 0
        for story in stories:
            if story.pk in pinned:
                continue
            near = {
                key: [features[s.pk] for s in members[-MEMBERS_COMPARED:] if abs(s.published_at - story.published_at) <= WINDOW]
                for key, members in groups.items()
            }
            best, score = similarity.best_group(corpus, features[story.pk], near)
            if best is None or score < similarity.THRESHOLD:
                best = ("new", fresh)
                fresh += 1
            groups.setdefault(best, []).append(story)
            scores[story.pk] = score
        # Give each new group the old topic that held most of its stories.
        taken = {key[1] for key in groups if key[0] == "topic"}
        topic_of: dict[tuple, int | None] = {key: key[1] for key in groups if key[0] == "topic"}
        new_keys = sorted((k for k in groups if k[0] == "new"), key=lambda k: -len(groups[k]))
        for key in new_keys:
            votes = Counter(before[s.pk] for s in groups[key] if s.pk in before and before[s.pk] not in taken)
            topic_of[key] = votes.most_common(1)[0][0] if votes else None
            if topic_of[key] is not None:
                taken.add(topic_of[key])
        TopicStory.objects.filter(pinned=False).delete()
        created = 0
        for key, members in groups.items():
            topic = Topic.objects.filter(pk=topic_of[key]).first() if topic_of[key] else None
            name = name_for([features[s.pk] for s in members], [s.headline for s in members], members[0].headline)
            if topic is None:
                topic = Topic.objects.create(name=name, slug=_unique_slug(name))
                created += 1
            elif not topic.name_locked and topic.name != name:
                topic.name = name
                topic.save(update_fields=["name", "updated_at"])
            TopicStory.objects.bulk_create(
                TopicStory(story=s, topic=topic, score=scores.get(s.pk, 0.0)) for s in members if s.pk not in pinned
            )
        Topic.objects.filter(links__isnull=True).delete()
    return {"stories": len(stories), "topics": len(groups), "created": created}


# Editors' tools. Each moves stories by hand, so the moved links are pinned.


@transaction.atomic
def merge(target: Topic, others: Iterable[Topic]) -> Topic:
    """Fold ``others`` into ``target``; their stories stay together from now on."""
    for other in others:
        if other.pk == target.pk:
            continue
        TopicStory.objects.filter(topic=other).update(topic=target, pinned=True)
        other.delete()
    TopicStory.objects.filter(topic=target).update(pinned=True)
    _refresh_name(target)
    target.save(update_fields=["updated_at"])
    return target


@transaction.atomic
def split(topic: Topic, stories: Iterable[Story], name: str) -> Topic:
    """Move ``stories`` out of ``topic`` into a new topic called ``name``."""
    name = name.strip()
    if not name:
        raise ValueError("Give the new topic a name.")
    ids = [story.pk for story in stories]
    if not ids:
        raise ValueError("Choose at least one story to move to the new topic.")
    if TopicStory.objects.filter(topic=topic).exclude(story_id__in=ids).count() == 0:
        raise ValueError("Leave at least one story in the old topic; to rename it, use Rename.")
    new = Topic.objects.create(name=name[:200], slug=_unique_slug(name), name_locked=True)
    TopicStory.objects.filter(topic=topic, story_id__in=ids).update(topic=new, pinned=True)
    TopicStory.objects.filter(topic=topic).update(pinned=True)
    topic.save(update_fields=["updated_at"])
    return new


@transaction.atomic
def rename(topic: Topic, name: str) -> Topic:
    name = name.strip()
    if not name:
        raise ValueError("A topic needs a name.")
    topic.name = name[:200]
    topic.name_locked = True
    topic.save(update_fields=["name", "name_locked", "updated_at"])
    return topic
