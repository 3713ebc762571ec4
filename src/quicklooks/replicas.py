"""Read replicas: reads go to a replica, writes and everything in a transaction to the primary.

Switched on by ``DATABASE_REPLICA_URLS`` (or ``DATABASE_REPLICA_URL``):
settings add one ``replica_N`` database per URL and this router (see
``quicklooks.settings.base``). The primary stays ``default``.

Where a read goes:

- inside a transaction on the primary (``transaction.atomic``: imports,
  comment posting, moderation, ``select_for_update``): the primary, so a
  transaction reads what it wrote and locks what it reads;
- after this thread wrote anything during the current request or
  background job: the primary, so a reader who just posted a form sees the
  result even if the replica is a moment behind, and a job reads back what
  it wrote. A new request (``request_started``) or job (Celery's
  ``task_prerun``, connected in ``quicklooks.celery``) starts clean;
- models of ``QUICKLOOKS_PRIMARY_READ_APPS`` (sessions by default: a
  session written at sign-in must be found on the very next request);
- inside :func:`primary_reads`: the page cache renders every page (and
  panel) it may store this way. Its correctness rests on a render that
  read the current generation seeing every change bumped before it
  (``quicklooks.caching.generation``); a replica a moment behind would
  store an old page under the new generation, where it would stay until
  the next change. Those renders are once per page per change, so the
  primary hardly notices them;
- anything else: a replica, chosen at random. That is search, the API,
  person and place pages, exports, "load more" comments and the desk's
  reads outside transactions.

Replicas are never migrated (``allow_migrate``): they copy the primary's
schema by replication.
"""

from __future__ import annotations

import random
import threading
from contextlib import contextmanager

from django.conf import settings
from django.core.signals import request_started
from django.db import DEFAULT_DB_ALIAS, connections

PRIMARY = DEFAULT_DB_ALIAS
REPLICA_PREFIX = "replica_"
DEFAULT_PRIMARY_READ_APPS = ("sessions",)

_local = threading.local()


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


def forget_writes(**kwargs) -> None:
    """Start a new unit of work: its reads may go to a replica until it writes."""
    _local.wrote = False


@contextmanager
def primary_reads():
    """Every read in this block goes to the primary (see the module's notes)."""
    before = getattr(_local, "primary_only", False)
    _local.primary_only = True
    try:
        yield
    finally:
        _local.primary_only = before


request_started.connect(forget_writes, dispatch_uid="quicklooks.replicas.request_started")


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        replicas = replica_aliases()
        if not replicas or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        if getattr(_local, "wrote", False) or getattr(_local, "primary_only", False):
            return PRIMARY
        if model._meta.app_label in getattr(settings, "QUICKLOOKS_PRIMARY_READ_APPS", DEFAULT_PRIMARY_READ_APPS):
            return PRIMARY
        return random.choice(replicas)

    def db_for_write(self, model, **hints):
        _local.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Every database holds the same rows: objects read from a replica
        # may be related to objects from the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
