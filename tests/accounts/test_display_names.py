"""Display names are unique: no reader may take another's name, nor a staff member's."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.urls import reverse

from quicklooks.accounts import names
from quicklooks.accounts.creating import AccountError, create_verified_account
from quicklooks.accounts.models import Profile
from tests.comments.conftest import make_reader

pytestmark = pytest.mark.django_db
PASSWORD = "plum orchard lantern 42"



@pytest.fixture
def reader_one(db):
    return make_reader("reader1@example.org", name="Reader One")


@pytest.fixture
def editor(db):
    return make_reader("eddie@example.org", name="Eddie Editor", roles=("editor",))


@pytest.mark.parametrize(
    "lookalike",
    ["Reader One", "reader one", "  READER   one ", "Reader\tOne", "Ｒｅａｄｅｒ Ｏｎｅ", "Rea\u200bder One", "Reader\u00a0One"],
)
def test_lookalikes_share_a_key(lookalike):
    assert names.name_key(lookalike) == names.name_key("Reader One")


def test_different_names_differ():
    assert names.name_key("Reader One") != names.name_key("Reader Two")
    assert names.name_key("Straße") == names.name_key("STRASSE")


@pytest.mark.parametrize("taken", ["Reader One", "reader  ONE", "Eddie Editor", "EDDIE editor"])
def test_account_page_refuses_a_taken_name(client, reader_one, editor, taken):
    me = make_reader("me@example.org", name="Someone Else")
    client.force_login(me)
    response = client.post(reverse("accounts:settings"), {"display_name": taken})
    assert response.status_code == 200
    html = response.content.decode()
    assert names.TAKEN in html and 'name="display_name"' in html
    assert "Readers see you as <strong>Someone Else</strong>" in html
    me.profile.refresh_from_db()
    assert me.profile.display_name == "Someone Else"


def test_a_reader_may_recase_their_own_name(client, reader_one):
    client.force_login(reader_one)
    response = client.post(reverse("accounts:settings"), {"display_name": "READER one"})
    assert response.status_code == 302
    reader_one.profile.refresh_from_db()
    assert reader_one.profile.display_name == "READER one"


@pytest.mark.parametrize("reserved", ["deleted reader", "Reader 12"])
def test_names_the_site_prints_itself_are_reserved(client, reserved):
    me = make_reader("me@example.org", name="Someone Else")
    client.force_login(me)
    response = client.post(reverse("accounts:settings"), {"display_name": reserved})
    assert names.RESERVED in response.content.decode()


@pytest.mark.parametrize("taken", ["Reader One", " reader one ", "Eddie  Editor"])
def test_signup_refuses_a_taken_name(client, reader_one, editor, taken):
    data = {"email": "new@example.org", "display_name": taken, "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200
    assert names.TAKEN in response.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()


def test_signup_with_a_free_name_works(client, reader_one):
    data = {"email": "new@example.org", "display_name": "Reader  Three", "password1": PASSWORD, "password2": PASSWORD}
    assert client.post(reverse("account_signup"), data).status_code == 302
    assert User.objects.get(email="new@example.org").profile.display_name == "Reader Three"


def test_the_database_refuses_a_duplicate_that_skipped_the_forms(reader_one):
    other = make_reader("other@example.org", name="Other")
    other.profile.display_name = "ＲＥＡＤＥＲ one"
    with pytest.raises(IntegrityError), transaction.atomic():
        other.profile.save()


def test_readers_without_a_name_do_not_clash(db):
    a = User.objects.create_user("a", "a@example.org", PASSWORD)
    b = User.objects.create_user("b", "b@example.org", PASSWORD)
    assert a.profile.display_name_key == b.profile.display_name_key == ""


def test_a_lost_race_at_signup_numbers_the_name(reader_one, rf):
    from quicklooks.accounts.forms import SignupForm

    form = SignupForm({"display_name": "Reader Two"})
    assert form.is_valid()
    # Someone else takes the name after the form was checked.
    make_reader("quick@example.org", name="reader two")
    user = User.objects.create_user("late", "late@example.org", PASSWORD)
    form.signup(rf.get("/"), user)
    user.profile.refresh_from_db()
    assert user.profile.display_name == "Reader Two 2"


def test_adduser_refuses_a_taken_name(reader_one):
    with pytest.raises(AccountError, match="taken"):
        create_verified_account("staff@example.org", "a long staff password 1", name="reader one", roles=("editor",))
    assert not User.objects.filter(email="staff@example.org").exists()


def test_migration_numbers_existing_duplicates(db):
    migration = importlib.import_module("quicklooks.accounts.migrations.0003_display_name_key")
    users = [User.objects.create_user(f"u{n}", f"u{n}@example.org", PASSWORD) for n in range(4)]
    # As before the migration: free-for-all names, no keys.
    for user, name in zip(users, ["Reader One", "reader  one", "READER ONE", "Reader 7"]):
        Profile.objects.filter(user=user).update(display_name=name, display_name_key="")
    migration.fill_keys(apps, None)
    shown = [Profile.objects.get(user=user).display_name for user in users]
    assert shown == ["Reader One", "reader one 2", "READER ONE 3", "Reader 7 2"]
    keys = list(Profile.objects.filter(user__in=users).values_list("display_name_key", flat=True))
    assert len(set(keys)) == 4 and all(keys)
