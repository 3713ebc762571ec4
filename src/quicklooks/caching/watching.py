"""Which saves make cached pages stale, and bumping the generation after they commit.

Every save or delete of a model in a watched app (or a watched ``app.Model``)
bumps the generation once its transaction commits: the stories app by
default, where everything a public page shows lives. Apps with models whose
every change shows on pages add themselves in ``QUICKLOOKS_PAGE_CACHE_WATCH``.
Apps where only *some* changes show (a comment that is still waiting for a
moderator changes no page) call ``quicklooks.caching.invalidate()``
themselves when a change becomes visible, and stay off the list, so a flood
of pending comments does not empty the cache twenty times a second.

A change to settings (tests use ``override_settings``) bumps too, because
pages are rendered from settings as well.
"""

from __future__ import annotations

import atexit
import threading
import time
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import m2m_changed, post_delete, post_save

# Stories (and their sections, tags, Quick Looks, blocks), topics, the
# corrections the desk prints under a headline, and the facts a story page and
# the people and places pages show (re-extracted after an edit, or corrected by
# hand in the admin: a renamed person is seen at once). Comments are not here: the
# comments app sends public_comments_changed when a reader could see a
# difference (see connect()), and a pending comment changes nothing.
DEFAULT_WATCH = ("stories", "topics", "desk.Correction", "facts")


@lru_cache(maxsize=None)
def _watch() -> frozenset[str]:
    return frozenset(getattr(settings, "QUICKLOOKS_PAGE_CACHE_WATCH", DEFAULT_WATCH))


def is_watched(model) -> bool:
    meta = model._meta
    watch = _watch()
    return meta.app_label in watch or meta.label in watch


def _bump_after_commit(keys: frozenset = frozenset()) -> None:
    from quicklooks.caching.generation import bump

    bump()


def _bump_comments() -> None:
    # Only comments changed: story panels that show none stay cached.
    from quicklooks.caching.generation import bump

    bump(comments_only=True)


def schedule_bump(using: str = DEFAULT_DB_ALIAS) -> None:
    """Bump when the current transaction commits, once however many rows it saved.

    Inside an import batch (``quicklooks.stories.batches.batch``), once when the
    batch ends, after the search index and topics are written.
    """
    from quicklooks.stories.batches import LAST, after_commit

    after_commit(_bump_after_commit, None, order=LAST, using=using)


def _on_save_or_delete(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    if is_watched(sender):
        schedule_bump(using)


def _on_m2m(sender, action, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and is_watched(sender):
        schedule_bump(using)


def _on_setting_changed(setting, **kwargs) -> None:
    if setting == "QUICKLOOKS_PAGE_CACHE_WATCH":
        _watch.cache_clear()
    from quicklooks.caching import policy

    policy.settings_changed(setting)
    _bump_after_commit()


class Debounced:
    """Bump at once, then at most once per ``interval`` while changes keep coming.

    Comments can arrive twenty a second on a breaking story; bumping for each
    would re-render every page twenty times a second. The first change bumps
    at once, later ones within ``interval`` share one trailing bump, so a
    comment shows within ``interval`` plus one render. A process that exits
    with a bump pending does it on the way out.
    """

    def __init__(self, interval: float, action=_bump_after_commit):
        self.interval = interval
        self.action = action
        self._lock = threading.Lock()
        self._last = 0.0
        self._timer: threading.Timer | None = None
        atexit.register(self.flush)

    def __call__(self) -> None:
        with self._lock:
            if self._timer is not None:
                return  # a trailing bump is already on its way
            wait = self._last + self.interval - time.monotonic()
            if wait > 0:
                self._timer = threading.Timer(wait, self._fire)
                self._timer.daemon = True
                self._timer.start()
                return
            self._last = time.monotonic()
        self.action()

    def _fire(self) -> None:
        with self._lock:
            self._timer = None
            self._last = time.monotonic()
        self.action()

    def flush(self) -> None:
        with self._lock:
            timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
            self.action()


COMMENT_BUMP_INTERVAL = 0.5
comments_changed = Debounced(COMMENT_BUMP_INTERVAL, _bump_comments)


def _on_public_comments_changed(sender, **kwargs) -> None:
    # Sent after the comment's transaction has committed.
    comments_changed()


def _connect_comments() -> None:
    from quicklooks.stories.signals import public_comments_changed

    public_comments_changed.connect(_on_public_comments_changed, dispatch_uid="quicklooks.caching.comments")


# Staff roles. Comments carry a Staff badge by their author's roles, and who
# is staff is remembered per *content* generation (comments.threads.mark_staff),
# so a change to anyone's roles is a full bump: a rare event, and a comments
# bump would leave the remembered set in place. Roles are groups (or being a
# superuser), held by active users only (accounts.roles.staff_users).
_STAFF_FIELDS = ("is_superuser", "is_active")


def _any_role_group(pks) -> bool:
    from django.contrib.auth.models import Group

    from quicklooks.accounts.roles import ROLES

    return Group.objects.filter(pk__in=pks, name__in=ROLES).exists()


def _on_groups_changed(sender, instance, action, reverse, pk_set, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    from quicklooks.accounts.roles import ROLES

    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # group.user_set.add(...): the instance is the group
        touches_a_role = instance.name in ROLES
    else:  # user.groups.add(...): the groups are pk_set (None when cleared)
        touches_a_role = pk_set is None or bool(pk_set and _any_role_group(pk_set))
    if touches_a_role:
        schedule_bump(using)


def _before_user_save(sender, instance, raw=False, update_fields=None, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    # Compared with what is stored, so only a real change bumps (a login saves
    # the user too, with update_fields=["last_login"], and is skipped at once).
    instance._quicklooks_staff_changed = False
    if raw or instance.pk is None or (update_fields is not None and not set(update_fields) & set(_STAFF_FIELDS)):
        return
    stored = sender._default_manager.using(using).filter(pk=instance.pk).values_list(*_STAFF_FIELDS).first()
    instance._quicklooks_staff_changed = stored is not None and stored != tuple(getattr(instance, f) for f in _STAFF_FIELDS)


def _after_user_save(sender, instance, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    if getattr(instance, "_quicklooks_staff_changed", False):
        instance._quicklooks_staff_changed = False
        schedule_bump(using)


def _connect_roles() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import pre_save

    user_model = get_user_model()
    m2m_changed.connect(_on_groups_changed, sender=user_model.groups.through, dispatch_uid="quicklooks.caching.roles")
    pre_save.connect(_before_user_save, sender=user_model, dispatch_uid="quicklooks.caching.staff_fields.pre")
    post_save.connect(_after_user_save, sender=user_model, dispatch_uid="quicklooks.caching.staff_fields.post")


def connect() -> None:
    _connect_comments()
    _connect_roles()
    post_save.connect(_on_save_or_delete, dispatch_uid="quicklooks.caching.save")
    post_delete.connect(_on_save_or_delete, dispatch_uid="quicklooks.caching.delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="quicklooks.caching.m2m")
    setting_changed.connect(_on_setting_changed, dispatch_uid="quicklooks.caching.settings")
