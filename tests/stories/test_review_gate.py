"""The review gate: Quick Looks the engine wrote wait for an editor, unless someone explicitly says to publish."""

from pathlib import Path

import pytest

from quicklooks.stories.importing import Override, import_story
from quicklooks.stories.library import import_paths, story_records
from quicklooks.stories.models import PublishOverride, QuickLook, Story
from quicklooks.text.storyformat import read_story_file

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent.parent / "files" / "stories"


def _quiet(line):
    pass


def test_the_sample_with_its_own_quick_looks_publishes_at_once():
    report = import_paths([str(FILES / "putin-foreign-troops.txt")], echo=_quiet)
    story = Story.objects.get()
    assert story.status == Story.Status.PUBLISHED and Story.objects.published().count() == 1
    assert report.counts["held"] == 0 and not story.publish_overrides.exists()


def test_generated_quick_looks_wait_for_review_and_are_not_published():
    lines = []
    report = import_paths([str(FILES / "no-quick-looks.txt")], echo=lines.append)
    story = Story.objects.get()
    assert story.quick_looks.filter(origin=QuickLook.Origin.GENERATED).exists()
    assert story.status == Story.Status.REVIEW and story.published_at is None
    assert not Story.objects.published().exists()
    assert report.counts["held"] == 1
    assert "needs review" in lines[0] and "waiting for review" in report.summary()


def test_publish_override_publishes_and_records_who_set_it():
    override = Override(PublishOverride.Channel.COMMAND, "alice@newsroom (--publish)")
    import_paths([str(FILES / "no-quick-looks.txt")], echo=_quiet, override=override)
    story = Story.objects.get()
    assert story.status == Story.Status.PUBLISHED
    recorded = story.publish_overrides.get()
    assert recorded.channel == "command" and recorded.set_by == "alice@newsroom (--publish)"
    assert recorded.generated_bullets == story.quick_looks.filter(origin="generated").count() > 0
    assert next(story_records())["publish_overrides"][0]["set_by"] == "alice@newsroom (--publish)"


def test_importing_a_held_story_again_with_publish_publishes_it():
    import_paths([str(FILES / "no-quick-looks.txt")], echo=_quiet)
    assert Story.objects.get().status == Story.Status.REVIEW
    override = Override("command", "bob@desk (--publish)")
    report = import_paths([str(FILES / "no-quick-looks.txt")], echo=_quiet, override=override)
    assert report.counts["unchanged"] == 1
    story = Story.objects.get()
    assert story.status == Story.Status.PUBLISHED and story.publish_overrides.get().set_by == "bob@desk (--publish)"


def test_a_live_story_updated_into_generated_bullets_goes_back_to_review():
    parsed = read_story_file(FILES / "putin-foreign-troops.txt")
    import_story(parsed, source="wire:1")
    story = Story.objects.get()
    assert story.is_published
    from dataclasses import replace

    from quicklooks.stories.quick_looks import generate_for_import

    result = import_story(replace(parsed, quick_looks=(), quick_looks_label=""), source="wire:1", quick_looks_writer=generate_for_import)
    story.refresh_from_db()
    assert result.held and story.status == Story.Status.REVIEW and not story.is_published


def test_the_desk_keeps_its_own_new_stories_as_drafts():
    from quicklooks.stories.quick_looks import generate_for_import

    parsed = read_story_file(FILES / "no-quick-looks.txt")
    result = import_story(parsed, source="desk:x", publish=False, quick_looks_writer=generate_for_import, hold_generated=False)
    assert result.story.status == Story.Status.DRAFT and not result.held


def test_a_broken_meta_line_is_refused_and_nothing_is_stored(tmp_path):
    path = tmp_path / "budget.txt"
    path.write_text(
        "City Council Approves $3M Budget/ Newslooks/ SPRINGFIELD/ Jo Lee Morning Edition The council voted.\n\n"
        "Deep Look: Budget\nSPRINGFIELD — The city council approved a $3 million budget on Tuesday.\n",
        encoding="utf-8",
    )
    lines = []
    report = import_paths([str(path)], echo=lines.append)
    assert report.failed == 1 and not Story.objects.exists()
    assert report.failures[0].startswith(f"{path}:1: the first line has 4 fields")
    assert "Found: headline “City Council Approves $3M Budget”" in report.failures[0]


def test_a_headline_with_a_slash_comes_back_from_the_export(client, tmp_path):
    from quicklooks.text.storyformat import parse_story

    path = tmp_path / "cats.txt"
    path.write_text(
        "Cats\\/ Dogs debate/ Newslooks/ SPRINGFIELD/ Jo Lee/ / Pet owners split.\n\nQuick Looks\n- Owners split over pets.\n\n"
        "Deep Look: Cats and dogs\nSPRINGFIELD — Pet owners split over the council's new rules on Tuesday.\n",
        encoding="utf-8",
    )
    import_paths([str(path)], echo=_quiet)
    story = Story.objects.get()
    assert story.headline == "Cats/ Dogs debate" and story.outlet == "Newslooks" and story.is_published
    exported = client.get(f"/story/{story.slug}/export.txt").content.decode()
    again = parse_story(exported)
    assert (again.headline, again.outlet, again.standfirst) == ("Cats/ Dogs debate", "Newslooks", "Pet owners split.")
    assert again == story.to_text_story()
