"""Storing parsed stories: idempotent, one transaction per story, honest reports."""

import io
import shutil

import pytest

from quicklooks.facts.storing import text_hash
from quicklooks.stories.importing import command_override, content_hash, import_story
from quicklooks.stories.library import import_paths
from quicklooks.stories.models import BodyBlock, QuickLook, Story
from quicklooks.text.storyformat import read_story_file

pytestmark = pytest.mark.django_db


def test_sample_is_stored_with_every_part(files_dir):
    parsed = read_story_file(files_dir / "stories" / "putin-foreign-troops.txt")
    result = import_story(parsed, source="sample")
    story = result.story
    assert result.outcome == "created"
    assert story.status == Story.Status.PUBLISHED and story.published_at
    assert story.quick_looks.count() == 8
    assert set(story.quick_looks.values_list("origin", flat=True)) == {QuickLook.Origin.HUMAN}
    assert story.blocks.filter(kind="subhead").count() == 6
    assert story.blocks.filter(kind="paragraph").count() == 19
    assert [b.author.name for b in story.bylines.all()] == ["J. Mansour"]
    assert story.show.name == "Morning Edition"
    assert story.content_hash == content_hash(parsed)
    assert story.to_text_story() == parsed


def test_same_file_twice_changes_nothing(files_dir):
    path = str(files_dir / "stories" / "putin-foreign-troops.txt")
    first = import_paths([path], echo=lambda line: None)
    story = Story.objects.get()
    updated_at = story.updated_at
    second = import_paths([path], echo=lambda line: None)
    assert first.counts["created"] == 1
    assert second.counts["unchanged"] == 1 and second.counts["created"] == 0
    story.refresh_from_db()
    assert story.updated_at == updated_at
    assert Story.objects.count() == 1


def test_changed_file_is_updated_in_place(files_dir, tmp_path):
    path = tmp_path / "story.txt"
    shutil.copy(files_dir / "stories" / "no-show.txt", path)
    import_paths([str(path)], echo=lambda line: None)
    path.write_text(path.read_text(encoding="utf-8").replace("every 30 minutes", "every 20 minutes"), encoding="utf-8")
    report = import_paths([str(path)], echo=lambda line: None)
    assert report.counts["updated"] == 1
    story = Story.objects.get()
    assert "every 20 minutes" in story.deep_look_text()
    assert BodyBlock.objects.filter(story=story).count() == 2


def test_failures_are_reported_and_do_not_stop_the_rest(files_dir):
    stories = files_dir / "stories"
    report = import_paths(
        [str(stories / "empty.txt"), str(stories / "no-show.txt"), str(stories / "binary.bin.txt")],
        echo=lambda line: None,
    )
    assert report.counts["created"] == 1
    assert report.failed == 2
    assert any("empty.txt:1:" in failure for failure in report.failures)
    assert Story.objects.count() == 1


def test_stdin_is_read_with_a_dash(files_dir):
    data = (files_dir / "stories" / "no-show.txt").read_bytes()
    report = import_paths(["-"], stdin=io.BytesIO(data), echo=lambda line: None)
    assert report.counts["created"] == 1


def test_draft_import_is_not_published(files_dir):
    import_paths([str(files_dir / "stories" / "no-show.txt")], publish=False, echo=lambda line: None)
    story = Story.objects.get()
    assert story.status == Story.Status.DRAFT
    assert not Story.objects.published().exists()


def test_a_failing_story_leaves_nothing_half_written(files_dir, monkeypatch):
    parsed = read_story_file(files_dir / "stories" / "putin-foreign-troops.txt")

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(BodyBlock.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        import_story(parsed, source="sample")
    assert Story.objects.count() == 0
    assert QuickLook.objects.count() == 0


def test_same_headline_from_another_source_is_a_new_story(files_dir, tmp_path):
    original = (files_dir / "stories" / "no-show.txt").read_text(encoding="utf-8")
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(original, encoding="utf-8")
    second.write_text(original.replace("every 30 minutes", "every hour"), encoding="utf-8")
    import_paths([str(first), str(second)], echo=lambda line: None)
    slugs = sorted(Story.objects.values_list("slug", flat=True))
    assert len(slugs) == 2 and slugs[1] == slugs[0] + "-2"
    assert "every 30 minutes" in Story.objects.get(slug=slugs[0]).deep_look_text()


def test_identical_text_from_another_path_is_unchanged(files_dir, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes((files_dir / "stories" / "no-show.txt").read_bytes())
    import_paths([str(files_dir / "stories" / "no-show.txt")], echo=lambda line: None)
    report = import_paths([str(copy)], echo=lambda line: None)
    assert report.counts["unchanged"] == 1
    assert Story.objects.count() == 1



def _import(path, **options):
    return import_paths([str(path)], echo=lambda line: None, **options)


def _deep_looks(parses: list[str], story: Story) -> list[str]:
    """The story's texts parsed, leaving out its headline and Quick Looks, which the topics read as a text of their own."""
    return [text for text in parses if not text.startswith(story.headline)]


def test_a_story_is_analysed_once_per_change_of_its_deep_look(fresh_story_file, parses, django_capture_on_commit_callbacks):
    from quicklooks.facts.models import StoryFacts
    from quicklooks.topics.models import TopicStory

    # Published, so every engine runs: the Quick Looks writer in the import,
    # the facts and the topics once it commits.
    with django_capture_on_commit_callbacks(execute=True):
        assert _import(fresh_story_file, override=command_override()).counts["created"] == 1
    story = Story.objects.get()
    first = story.deep_look_text()
    assert story.quick_looks.filter(origin=QuickLook.Origin.GENERATED).exists()
    assert StoryFacts.objects.filter(story=story, text_hash=text_hash(first)).exists()
    assert story.place_mentions.exists() and TopicStory.objects.filter(story=story).exists()
    assert _deep_looks(parses, story) == [first]

    # Saved again with the same Deep Look: a new standfirst, a plain save of the row.
    text = fresh_story_file.read_text(encoding="utf-8")
    fresh_story_file.write_text(text.replace("after two winters of flooding.", "after two wet winters."), encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        assert _import(fresh_story_file, override=command_override()).counts["updated"] == 1
        Story.objects.get().save()
    assert Story.objects.get().standfirst == "The council voted to fund a sea wall after two wet winters."
    assert _deep_looks(parses, story) == [first]

    # A changed Deep Look is analysed again, once, and its facts follow it.
    fresh_story_file.write_text(
        fresh_story_file.read_text(encoding="utf-8").replace("next month", "in May"), encoding="utf-8"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert _import(fresh_story_file, override=command_override()).counts["updated"] == 1
    story = Story.objects.get()
    assert "in May" in story.deep_look_text()
    assert StoryFacts.objects.get(story=story).text_hash == text_hash(story.deep_look_text())
    assert _deep_looks(parses, story) == [first, story.deep_look_text()]


def test_a_new_story_is_written_once_with_its_label_and_the_gates_status(files_dir):
    """The row is saved once: every save sends post_save, and search, topics, facts and the cache all listen."""
    from django.db.models.signals import post_save

    saves = []

    def heard(sender, instance, created, **kwargs):
        saves.append((created, instance.status, instance.quick_looks_label))

    post_save.connect(heard, sender=Story, dispatch_uid="test-one-save")
    try:
        parsed = read_story_file(files_dir / "stories" / "no-quick-looks.txt")
        from quicklooks.stories.library import quick_looks_writer

        result = import_story(parsed, source="one-save", quick_looks_writer=quick_looks_writer())
    finally:
        post_save.disconnect(dispatch_uid="test-one-save")
    story = Story.objects.get()
    assert result.held and story.status == Story.Status.REVIEW and story.quick_looks_label
    assert saves == [(True, Story.Status.REVIEW, story.quick_looks_label)]
    assert story.quick_looks.filter(origin=QuickLook.Origin.GENERATED).count() == len(story.quick_looks.all()) > 0


def test_an_updated_story_replaces_its_bylines_blocks_and_bullets(files_dir, tmp_path):
    path = tmp_path / "story.txt"
    original = (files_dir / "stories" / "putin-foreign-troops.txt").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    import_paths([str(path)], echo=lambda line: None)
    story = Story.objects.get()
    before = (story.bylines.count(), story.blocks.count(), story.quick_looks.count())
    path.write_text(original.replace("legitimate targets", "lawful targets"), encoding="utf-8")
    assert import_paths([str(path)], echo=lambda line: None).counts["updated"] == 1
    story.refresh_from_db()
    assert (story.bylines.count(), story.blocks.count(), story.quick_looks.count()) == before
    assert "lawful targets" in story.deep_look_text() + " ".join(story.quick_looks.values_list("text", flat=True))
    assert "legitimate targets" not in story.deep_look_text()
