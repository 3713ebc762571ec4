"""Work that follows a story's commit: once per transaction, or once per import batch.

Storing one story saves its row several times (the row, its Quick Looks
label, the review gate's status) and each save sends ``post_save``. The
readers' indexes (search, topics) and the page cache's generation only need
to hear once, after the transaction commits, about every story it touched:
:func:`after_commit` queues one Django ``transaction.on_commit`` callback per
action per transaction and hands it the set of keys (story ids).

Inside :func:`batch` (``quicklooks import``, ``quicklooks ingest``, a poll of
a source) the committed keys are kept instead, and each action runs once when
the batch ends, for all of them: the search index is written in one statement
per batch, topics are assigned after one prefetch, and the pages are
invalidated once. Each story is still stored in its own transaction; a story
whose transaction rolls back never reaches the batch (Django drops its
on-commit callbacks). A batch that stops on an error still runs its actions
for the stories already committed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections, transaction

log = logging.getLogger(__name__)

Action = Callable[[frozenset], None]

FIRST, LAST = 0, 100
"""Orders for :func:`after_commit`: the cache is invalidated after the indexes it shows are written."""


class Batch:
    """Keys committed during a batch, by action, for one call each when the batch ends."""

    def __init__(self) -> None:
        self.pending: dict[Action, set] = {}
        self.order: dict[Action, int] = {}

    def add(self, action: Action, keys, order: int) -> None:
        self.pending.setdefault(action, set()).update(keys)
        self.order[action] = order

    def flush(self) -> None:
        # An action may queue more (assigning topics saves topics, which the
        # cache watches), so take the lowest order each time until none is left.
        while self.pending:
            action = min(self.pending, key=lambda a: self.order[a])
            keys = frozenset(self.pending.pop(action))
            try:
                action(keys)
            except Exception:
                # The stories are stored; one failed follow-up must not hide the others.
                log.exception("%s failed for %d stories after a batch; see the action's docstring for how to redo it",
                              getattr(action, "__qualname__", action), len(keys))


_current: ContextVar[Batch | None] = ContextVar("quicklooks_stories_batch", default=None)


@contextmanager
def batch() -> Iterator[Batch]:
    """Run every :func:`after_commit` action once, at the end, for all the stories stored inside.

    Nested batches join the outer one.
    """
    outer = _current.get()
    if outer is not None:
        yield outer
        return
    current = Batch()
    token = _current.set(current)
    try:
        yield current
    finally:
        # Still current while flushing: what the actions save themselves
        # (topics, which the cache watches) joins the batch too.
        try:
            current.flush()
        finally:
            _current.reset(token)


class _Pending:
    """The one on-commit callback of ``action`` in a transaction, with every key the transaction gave it."""

    def __init__(self, action: Action, order: int, batch: Batch | None) -> None:
        self.action = action
        self.order = order
        self.batch = batch
        self.keys: set = set()
        self.done = False

    def __call__(self) -> None:
        self.done = True
        if self.batch is not None and _current.get() is self.batch:
            self.batch.add(self.action, self.keys, self.order)
        else:
            self.action(frozenset(self.keys))


def after_commit(action: Action, key: Hashable, *, order: int = FIRST, using: str = DEFAULT_DB_ALIAS) -> None:
    """Call ``action(keys)`` once the current transaction commits, with every key given to it in that transaction.

    Inside :func:`batch`, the call waits for the end of the batch instead.
    Outside a transaction the change is committed already: the call is made
    at once (or kept for the batch). A key added from a savepoint that later
    rolls back stays in the set, so actions must accept a key whose row is
    gone (they look the rows up again).
    """
    current = _current.get()
    connection = connections[using]
    if not connection.in_atomic_block:
        if current is not None:
            current.add(action, {key}, order)
        else:
            action(frozenset({key}))
        return
    for entry in connection.run_on_commit:
        callback = entry[1]
        if isinstance(callback, _Pending) and callback.action is action and not callback.done:
            callback.keys.add(key)
            return
    pending = _Pending(action, order, current)
    pending.keys.add(key)
    transaction.on_commit(pending, using=using)
