"""Who may do what on the desk: reporters write and submit; editors approve and publish; admins everything."""

from __future__ import annotations

from quicklooks.accounts.roles import ADMIN, EDITOR, REPORTER, has_role


def can_use_desk(user) -> bool:
    return user.is_authenticated and has_role(user, REPORTER)


def can_publish(user) -> bool:
    return user.is_authenticated and has_role(user, EDITOR, ADMIN)


def can_edit(user, story) -> bool:
    """Reporters edit stories until they are published; a published story is an editor's."""
    if can_publish(user):
        return True
    return can_use_desk(user) and story.status != story.Status.PUBLISHED
