"""Signals about stories that any app may send or hear, so that listeners need not import the sender.

``public_comments_changed`` fires (after the transaction commits) whenever
what an anonymous reader sees of a story's comments changes: a comment
appears, is approved, edited, deleted, rejected, featured or unfeatured, its
reaction count changes, its author's display name changes, or the story's
comment policy changes. Arguments: ``story_id`` and ``comment`` (may be None
for bulk changes, e.g. a ban or a deleted account). The comments app sends
it (``quicklooks.comments.signals`` names the same object); the page cache
hears it here, so it never imports the comments app.
"""

from django.dispatch import Signal

public_comments_changed = Signal()
