"""Keeping readers' indexes in step with the stories: search, and topics.

Both run after the story's transaction commits: an import saves the Story row
first and its Quick Looks and blocks after, and clustering or indexing the row
alone would see a story without its text.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save

from quicklooks.stories import search
from quicklooks.stories.models import Story

log = logging.getLogger(__name__)

search.connect()


def _cluster(story_id: int) -> None:
    from quicklooks.topics.clustering import assign

    story = Story.objects.filter(pk=story_id).prefetch_related("quick_looks", "blocks").first()
    if story is None:
        return
    try:
        assign(story)
    except Exception:
        # A story is published whether or not it finds its topic; a rebuild
        # (`quicklooks topics rebuild`) puts it right later.
        log.exception("could not place story %s in a topic; run `quicklooks topics rebuild`", story_id)


def _story_saved(sender, instance: Story, raw=False, **kwargs):
    if raw:
        return
    story_id = instance.pk
    transaction.on_commit(lambda: _cluster(story_id))


post_save.connect(_story_saved, sender=Story, dispatch_uid="topics-story-saved")
