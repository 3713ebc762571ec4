"""Re-extracting facts when a story's Deep Look changes.

The importer, the desk and the admin all save the Story row first and its
blocks after, in one transaction, and blocks are often written with
``bulk_create``, which sends no signal. So a save of the story (or of any one
block) only *schedules* a refresh, to run once the transaction commits, when
the blocks are final; :func:`~quicklooks.facts.storing.refresh_facts` then
compares the Deep Look's hash with the stored one, so a save that did not
touch the body extracts nothing. One refresh per story per transaction,
however many rows it saved.
"""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_delete, post_save

from quicklooks.stories.models import BodyBlock, Story

log = logging.getLogger(__name__)


class _Refresh:
    """An on-commit callback that knows its story, so a transaction queues it once."""

    def __init__(self, story_id: int) -> None:
        self.story_id = story_id
        self.done = False

    def __call__(self) -> None:
        from quicklooks.facts.storing import refresh_facts

        self.done = True
        story = Story.objects.filter(pk=self.story_id).prefetch_related("blocks").first()
        if story is None:
            return  # deleted in the same transaction; its facts went with it
        try:
            refresh_facts(story)
        except Exception:
            # The story is saved whether or not its facts could be read;
            # `quicklooks facts --rebuild` puts them right later.
            log.exception("could not extract the facts of story %s; run `quicklooks facts --rebuild`", self.story_id)


def schedule_refresh(story_id: int, using: str = DEFAULT_DB_ALIAS) -> None:
    """Refresh ``story_id``'s facts after the current transaction commits (at once outside one)."""
    connection = connections[using]
    if connection.in_atomic_block and any(
        isinstance(entry[1], _Refresh) and entry[1].story_id == story_id and not entry[1].done for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(_Refresh(story_id), using=using)


def _story_saved(sender, instance: Story, raw=False, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    if not raw:
        schedule_refresh(instance.pk, using)


def _block_changed(sender, instance: BodyBlock, raw=False, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    if not raw and instance.story_id is not None:
        schedule_refresh(instance.story_id, using)


post_save.connect(_story_saved, sender=Story, dispatch_uid="facts-story-saved")
post_save.connect(_block_changed, sender=BodyBlock, dispatch_uid="facts-block-saved")
post_delete.connect(_block_changed, sender=BodyBlock, dispatch_uid="facts-block-deleted")
