"""Fixtures for comments: the demo story, verified readers, a moderator."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.utils import timezone

from quicklooks.stories.demo import load_demo

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh_limits():
    # Rate-limit counters live in the cache; each test starts with none used.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def story(db):
    return load_demo().story


def make_reader(email, *, name=None, verified=True, days_old=30, roles=()):
    user = User.objects.create_user(email.split("@")[0] + str(User.objects.count()), email, PASSWORD)
    user.date_joined = timezone.now() - timedelta(days=days_old)
    user.save(update_fields=["date_joined"])
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    if name is None:
        # Display names are unique: number a default one that is already taken.
        from quicklooks.accounts.models import Profile
        from quicklooks.accounts.names import name_key

        name = email.split("@")[0].title()
        if Profile.objects.filter(display_name_key=name_key(name)).exists():
            name = f"{name} {user.pk}"
    user.profile.display_name = name
    user.profile.save()
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def reader(db):
    return make_reader("alice@example.org", name="Alice")


@pytest.fixture
def other_reader(db):
    return make_reader("bob@example.org", name="Bob")


@pytest.fixture
def moderator(db):
    return make_reader("mo@example.org", name="Mo", roles=("moderator",))


@pytest.fixture
def alice(client, reader):
    client.force_login(reader)
    return client
