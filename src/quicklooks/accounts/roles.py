"""Staff roles, kept as Django groups so admins can grant them in Django admin.

The groups are created by the data migration ``accounts/0002_roles``. What
each role may do:

``reporter``
    Writes stories and submits them for review. Model permissions: add, change
    and view stories and their parts (Quick Looks, body blocks, bylines); view
    sections, shows, authors and tags. A reporter cannot publish.

``editor``
    Everything a reporter may do, plus approve and publish stories, delete
    them, and manage sections, shows, authors and tags. Editors also moderate
    comments: on a small desk the editor on shift is the moderator, and a story's
    editor is the person readers expect to answer for its comment thread.
    So ``has_role(user, "moderator")`` is true for an editor.

``moderator``
    Moderates comments only: works the moderation queue (approve, reject,
    feature), suspends and bans readers, edits the banned and suspect word
    lists. Cannot touch stories.

``admin``
    Everything, including granting roles. ``has_role(user, <any role>)`` is
    true for an admin; so it is for a Django superuser.

Roles imply others as listed in ``IMPLIED_BY``; check a role with
``has_role`` rather than looking at groups directly, so the implications hold.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

REPORTER = "reporter"
EDITOR = "editor"
MODERATOR = "moderator"
ADMIN = "admin"
ROLES = (REPORTER, EDITOR, MODERATOR, ADMIN)

# role -> the groups whose members also hold it.
IMPLIED_BY = {
    REPORTER: {REPORTER, EDITOR, ADMIN},
    EDITOR: {EDITOR, ADMIN},
    MODERATOR: {MODERATOR, EDITOR, ADMIN},
    ADMIN: {ADMIN},
}

# Model permissions per role, as "app_label.codename". Comment-moderation
# permissions are added to these groups by the comments app's own migration,
# so the accounts app does not depend on it.
STORY_PARTS = ("story", "quicklook", "bodyblock", "byline")
CATALOGUE = ("section", "show", "author", "tag")
PERMISSIONS = {
    REPORTER: [f"stories.{action}_{model}" for model in STORY_PARTS for action in ("add", "change", "view")]
    + [f"stories.view_{model}" for model in CATALOGUE],
    EDITOR: [f"stories.{action}_{model}" for model in STORY_PARTS + CATALOGUE for action in ("add", "change", "delete", "view")],
    MODERATOR: [],
    ADMIN: "__all__",
}


def _check_role_names(roles) -> None:
    unknown = [role for role in roles if role not in IMPLIED_BY]
    if unknown:
        raise ValueError(f"unknown role(s) {', '.join(map(repr, unknown))}; use one of: {', '.join(ROLES)}")


def staff_users():
    """Users who hold any staff role (or are superusers): the people a staff badge marks."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    return get_user_model().objects.filter(Q(is_superuser=True) | Q(groups__name__in=ROLES), is_active=True).distinct()


def is_staff_member(user) -> bool:
    """True when ``user`` holds any staff role: reporter, editor, moderator or admin."""
    return bool(user_roles(user))


def user_roles(user) -> set[str]:
    """Every role the user holds, implications included."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return set(ROLES)
    cached = getattr(user, "_quicklooks_roles", None)
    if cached is None:
        groups = set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
        cached = {role for role, holders in IMPLIED_BY.items() if holders & groups}
        user._quicklooks_roles = cached
    return set(cached)


def has_role(user, *roles: str) -> bool:
    """True when ``user`` holds at least one of ``roles``; superusers hold every role."""
    _check_role_names(roles)
    return bool(user_roles(user) & set(roles))


def role_required(*roles: str):
    """View decorator: anonymous readers go to login, others without the role get 403."""
    _check_role_names(roles)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise PermissionDenied(f"This page needs the {' or '.join(roles)} role.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class RoleRequiredMixin(AccessMixin):
    """Class-based views: set ``required_roles = ("editor",)``."""

    required_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        _check_role_names(self.required_roles)
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_role(request.user, *self.required_roles):
            raise PermissionDenied(f"This page needs the {' or '.join(self.required_roles)} role.")
        return super().dispatch(request, *args, **kwargs)


def sync_role_permissions(group_model, permission_model) -> None:
    """Create the role groups and give them ``PERMISSIONS``; safe to run again."""
    for role in ROLES:
        group, _ = group_model.objects.get_or_create(name=role)
        wanted = PERMISSIONS[role]
        if wanted == "__all__":
            perms = list(permission_model.objects.all())
        else:
            perms = []
            for dotted in wanted:
                app_label, codename = dotted.split(".", 1)
                perms.extend(permission_model.objects.filter(content_type__app_label=app_label, codename=codename))
        group.permissions.add(*perms)
