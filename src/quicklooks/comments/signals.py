"""Signals for whoever caches pages with comments on them.

``public_comments_changed`` fires (after the transaction commits) whenever
what an anonymous reader sees of a story's comments changes: a comment
appears, is approved, edited, deleted, rejected, featured or unfeatured,
its reaction count changes, its author's display name changes, or the
story's comment policy changes (open, pre-moderated, closed). Arguments: ``story_id`` and ``comment`` (may be
None for bulk changes, e.g. a ban or a deleted account). A page cache
should drop the story page (and listing cards showing its comment count).

``comment_visible`` is the narrower event "a comment became public" (posted
on an open story, or approved), with the same arguments.
"""

from django.dispatch import Signal

# Defined upstream in stories, so that a page cache hears it without
# importing this app; the same object under its old name here.
from quicklooks.stories.signals import public_comments_changed

comment_visible = Signal()

__all__ = ["comment_visible", "public_comments_changed"]
