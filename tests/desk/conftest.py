import pytest
from django.contrib.auth.models import Group

from quicklooks.stories.importing import import_story
from quicklooks.stories.quick_looks import generate_for_import
from quicklooks.text.storyformat import read_story_file


def make_user(django_user_model, name, role):
    user = django_user_model.objects.create_user(username=name, email=f"{name}@example.org", password="desk-pass-123")
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def reporter(django_user_model):
    return make_user(django_user_model, "rita", "reporter")


@pytest.fixture
def editor(django_user_model):
    return make_user(django_user_model, "eddie", "editor")


@pytest.fixture
def second_editor(django_user_model):
    return make_user(django_user_model, "erin", "editor")


@pytest.fixture
def draft(files_dir):
    """The sample story as a draft with generated Quick Looks (a desk draft: the review gate is tested apart)."""
    parsed = read_story_file(files_dir / "stories" / "putin-foreign-troops.txt")
    from dataclasses import replace

    parsed = replace(parsed, quick_looks=(), quick_looks_label="")
    return import_story(
        parsed, source="https://wire.example/putin", publish=False, quick_looks_writer=generate_for_import, hold_generated=False
    ).story
