"""Staff roles: groups made by the migration, implications, and the view guards."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from quicklooks.accounts.roles import ROLES, RoleRequiredMixin, has_role, role_required

pytestmark = pytest.mark.django_db


def make_user(username, *groups, **extra):
    user = User.objects.create_user(username, f"{username}@example.org", "x", **extra)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return User.objects.get(pk=user.pk)


def test_the_migration_makes_every_role_group():
    assert set(Group.objects.filter(name__in=ROLES).values_list("name", flat=True)) == set(ROLES)


def test_role_groups_get_sensible_permissions():
    reporter = Group.objects.get(name="reporter").permissions.values_list("codename", flat=True)
    editor = Group.objects.get(name="editor").permissions.values_list("codename", flat=True)
    assert "add_story" in reporter and "change_story" in reporter
    assert "delete_story" not in reporter
    assert "delete_story" in editor and "change_section" in editor
    admin_count = Group.objects.get(name="admin").permissions.count()
    assert admin_count >= Group.objects.get(name="editor").permissions.count()
    assert make_user("rita", "reporter").has_perm("stories.add_story")
    assert not make_user("mo", "moderator").has_perm("stories.add_story")


@pytest.mark.parametrize(
    "groups, expected",
    [
        ((), set()),
        (("reporter",), {"reporter"}),
        (("editor",), {"reporter", "editor", "moderator"}),
        (("moderator",), {"moderator"}),
        (("admin",), set(ROLES)),
    ],
)
def test_roles_imply_others(groups, expected):
    user = make_user("u", *groups)
    assert {role for role in ROLES if has_role(user, role)} == expected


def test_superuser_holds_every_role_and_anonymous_none():
    boss = make_user("boss", is_superuser=True)
    assert all(has_role(boss, role) for role in ROLES)
    assert not has_role(AnonymousUser(), *ROLES)


def test_inactive_user_holds_no_role():
    assert not has_role(make_user("gone", "admin", is_active=False), "admin")


def test_unknown_role_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown role.*'boss'.*reporter"):
        has_role(AnonymousUser(), "boss")


def test_role_required_redirects_anonymous_and_forbids_readers():
    @role_required("moderator")
    def queue(request):
        return HttpResponse("queue")

    factory = RequestFactory()
    request = factory.get("/moderation/")
    request.user = AnonymousUser()
    response = queue(request)
    assert response.status_code == 302 and "next=/moderation/" in response["Location"]

    request.user = make_user("reader")
    with pytest.raises(PermissionDenied):
        queue(request)

    request.user = make_user("ed", "editor")
    assert queue(request).content == b"queue"


def test_role_required_mixin():
    from django.views import View

    class Desk(RoleRequiredMixin, View):
        required_roles = ("editor",)

        def get(self, request):
            return HttpResponse("desk")

    request = RequestFactory().get("/desk/")
    request.user = make_user("mod", "moderator")
    with pytest.raises(PermissionDenied):
        Desk.as_view()(request)
    request.user = make_user("ed2", "editor")
    assert Desk.as_view()(request).content == b"desk"
