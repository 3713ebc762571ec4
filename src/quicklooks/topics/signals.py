"""Keeping readers' indexes in step with the stories: search, and topics.

Both run after the story's transaction commits: an import saves the Story row
first and its Quick Looks and blocks after, and clustering or indexing the row
alone would see a story without its text. Once per transaction for every
story it saved, or once per import batch (:mod:`quicklooks.stories.batches`).
"""

from __future__ import annotations

import logging

from django.db.models import Q
from django.db.models.signals import post_save

from quicklooks.stories import search
from quicklooks.stories.batches import after_commit
from quicklooks.stories.models import Story

log = logging.getLogger(__name__)

search.connect()


def _cluster(story_ids: frozenset) -> None:
    """Place each story the transaction (or import batch) touched, oldest first, after one prefetch."""
    from quicklooks.topics.clustering import assign

    # Only a published story is placed, and only one in a topic can be taken
    # out of it: the rest of a batch (drafts, stories waiting for review) is
    # left out here, in one query, before any text is loaded.
    placeable = Q(status=Story.Status.PUBLISHED, published_at__isnull=False) | Q(topic_link__isnull=False)
    stories = (
        Story.objects.filter(pk__in=story_ids).filter(placeable)
        .prefetch_related("quick_looks", "blocks").order_by("published_at", "pk")
    )
    for story in stories:
        try:
            assign(story)
        except Exception:
            # A story is published whether or not it finds its topic; a rebuild
            # (`quicklooks topics rebuild`) puts it right later.
            log.exception("could not place story %s in a topic; run `quicklooks topics rebuild`", story.pk)


def _story_saved(sender, instance: Story, raw=False, **kwargs):
    if raw:
        return
    after_commit(_cluster, instance.pk)


post_save.connect(_story_saved, sender=Story, dispatch_uid="topics-story-saved")
