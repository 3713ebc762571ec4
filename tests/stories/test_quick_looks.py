"""Stories imported without Quick Looks get generated ones, traced to their sentences."""

import pytest

from quicklooks.stories.library import import_paths
from quicklooks.stories.models import QuickLook, Story
from quicklooks.stories.quick_looks import attach_sources, regenerate_quick_looks
from quicklooks.text.pruning import MAX_WORDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(files_dir):
    """Imported without Quick Looks: held for review, then approved by an editor, as the desk does."""
    from quicklooks.desk import workflow

    import_paths([str(files_dir / "stories" / "no-quick-looks.txt")], echo=lambda line: None)
    story = Story.objects.get()
    assert story.status == Story.Status.REVIEW
    workflow.publish_now(story)
    return Story.objects.get()


def test_missing_quick_looks_are_generated_with_provenance(imported):
    bullets = list(imported.quick_looks.all())
    assert 3 <= len(bullets) <= 8
    assert {bullet.origin for bullet in bullets} == {QuickLook.Origin.GENERATED}
    assert imported.quick_looks_label
    text = imported.deep_look_text()
    for bullet in bullets:
        assert bullet.sources, bullet.text
        for span in bullet.sources:
            sentence = text[span["start"] : span["end"]]
            assert sentence.strip() == sentence and sentence
        assert len(bullet.text.split()) <= MAX_WORDS


def test_human_quick_looks_are_kept_as_written(files_dir):
    import_paths([str(files_dir / "stories" / "putin-foreign-troops.txt")], echo=lambda line: None)
    story = Story.objects.get()
    assert set(story.quick_looks.values_list("origin", flat=True)) == {QuickLook.Origin.HUMAN}
    assert all(bullet.sources == [] for bullet in story.quick_looks.all())


def test_story_page_marks_generated_bullets_and_shows_their_sources(client, imported):
    html = client.get(imported.get_absolute_url()).content.decode()
    assert "generated automatically" in html
    bullets = attach_sources(imported, list(imported.quick_looks.all()))
    for bullet in bullets:
        assert f'id="quick-look-source-{bullet.pk}"' in html
        for sentence in bullet.source_texts:
            assert sentence.replace("’", "&#x27;") in html or sentence in html
        assert f'href="#{bullet.source_anchor}"' in html
        assert f'id="{bullet.source_anchor}"' in html


def test_source_anchor_points_at_the_block_holding_the_sentence(imported):
    bullets = attach_sources(imported, list(imported.quick_looks.all()))
    blocks = {f"block-{block.position}": block for block in imported.blocks.all()}
    for bullet in bullets:
        block = blocks[bullet.source_anchor]
        body = block.text if block.kind != "list" else "\n".join(f"- {item}" for item in block.items)
        assert bullet.source_texts[0] in body


def test_regenerate_replaces_bullets(imported):
    imported.quick_looks.update(text="A bullet someone wrote badly")
    written = regenerate_quick_looks(imported, bullets=3)
    assert written == 3
    assert imported.quick_looks.count() == 3
    assert not imported.quick_looks.filter(text="A bullet someone wrote badly").exists()


def test_text_the_engine_cannot_use_stores_no_box(tmp_path):
    path = tmp_path / "headings.txt"
    path.write_text("Only Headings Here\nSection One\nSection Two\n", encoding="utf-8")
    report = import_paths([str(path)], echo=lambda line: None)
    assert report.counts["created"] == 1
    story = Story.objects.get()
    assert story.quick_looks.count() == 0


def test_a_bullet_an_editor_rewrote_is_not_called_automatic(client, imported):
    first = imported.quick_looks.order_by("position").first()
    first.text = "Editors rewrote this bullet by hand."
    first.origin = QuickLook.Origin.HUMAN
    first.save()
    html = client.get(imported.get_absolute_url()).content.decode()
    import re

    item = re.search(r'<li class="([^"]*)">Editors rewrote this bullet by hand\.', html)
    assert item and "quick-look-generated" not in item.group(1)
    assert "These Quick Looks were generated automatically" not in html
    assert "Bullets marked “(automatic)” were generated" in html
    assert html.count('<span class="auto-mark">(automatic)</span>') == imported.quick_looks.count() - 1

    imported.quick_looks.update(origin=QuickLook.Origin.HUMAN)
    html = client.get(imported.get_absolute_url()).content.decode()
    assert "generated" not in html.split('class="quick-looks"', 1)[1].split("</section>", 1)[0]


def test_cards_do_not_promise_source_links(client, imported):
    from django.urls import reverse

    home = client.get(reverse("stories:home")).content.decode()
    assert "These Quick Looks were generated automatically from the Deep Look." in home
    assert "source link" not in home
    assert "source link" in client.get(imported.get_absolute_url()).content.decode()


def test_generated_bullets_store_their_confidence(imported):
    bullets = list(imported.quick_looks.all())
    assert bullets and all(b.confidence is not None and 0 < b.confidence <= 1 for b in bullets)


def test_human_bullets_have_no_confidence(files_dir):
    import_paths([str(files_dir / "stories" / "putin-foreign-troops.txt")], echo=lambda line: None)
    assert all(b.confidence is None for b in Story.objects.get().quick_looks.all())
