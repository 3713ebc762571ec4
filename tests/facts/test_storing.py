"""Facts stored per story: what the sample gives, and re-extraction when (and only when) the Deep Look changes."""

from __future__ import annotations

import pytest

from quicklooks.facts.models import Figure, Person, PersonMention, Place, Quote, StoryFacts
from quicklooks.facts.storing import rebuild_all, refresh_facts, text_hash
from quicklooks.stories.importing import import_story
from quicklooks.stories.library import import_paths
from quicklooks.stories.models import BodyBlock, Story
from quicklooks.text.facts import extract_facts, facts_to_dict
from quicklooks.text.storyformat import parse_story

from .conftest import FERRY

pytestmark = pytest.mark.django_db


def _plain(text: str) -> str:
    return text.strip().rstrip(",.;:").replace("’", "'")


def test_sample_stores_the_gold_quotes_with_their_speakers(sample, gold):
    stored = [(_plain(q.text), q.speaker, q.form) for q in sample.quotes.filter(kind="direct")]
    expected = [(_plain(q["text"]), q["speaker"], q["kind"]) for q in gold["quotes"]]
    assert stored == expected
    assert len(stored) == 7
    # Indirect speech is stored beside the quotes, marked as such and never given a form.
    paraphrases = sample.quotes.exclude(kind="direct")
    assert paraphrases.exists() and set(paraphrases.values_list("form", flat=True)) == {None}
    assert set(paraphrases.values_list("kind", flat=True)) <= {"indirect", "mixed"}
    peskov = sample.quotes.get(medium__isnull=False)
    assert (peskov.speaker, peskov.medium) == ("Dmitry Peskov", "Argumenty i Fakty")


def test_stored_quote_offsets_point_into_the_deep_look(sample):
    text = sample.deep_look_text()
    for quote in sample.quotes.all():
        assert text[quote.start : quote.end] == quote.text


def test_sample_stores_the_eight_gold_figures_with_claimants(sample, gold):
    figures = list(sample.figures.all())
    assert [f.as_dict()["value"] for f in figures] == [f["value"] for f in gold["figures"]]
    claims = {f.counts: f.claimed_by for f in figures}
    assert claims["strike and decoy drones"] == "Ukraine’s Air Force"
    assert claims["Ukrainian drones"] == "Russia’s Defense Ministry"
    assert sample.figures.get(unit="km").value == 200


def test_speakers_link_to_people_with_their_roles(sample, gold):
    roles = {m.person.name: m.role for m in PersonMention.objects.filter(story=sample).select_related("person")}
    assert roles == {p["name"]: p["role"] for p in gold["people"]}
    putin = Person.objects.get(name="Vladimir Putin")
    assert set(sample.quotes.filter(speaker_person=putin, kind="direct").values_list("form", flat=True)) == {"full", "partial"}
    ryazan = Place.objects.get(name="Ryazan")
    assert (ryazan.country, round(ryazan.lat), round(ryazan.lon)) == ("Russia", 55, 40)


def test_as_dict_gives_the_documented_shape(sample):
    """The read API reuses as_dict: it must equal what the extractor's own JSON says."""
    expected = facts_to_dict(extract_facts(sample.deep_look_text()))
    assert [q.as_dict() for q in sample.quotes.all()] == expected["quotes"]
    assert [f.as_dict() for f in sample.figures.all()] == expected["figures"]
    assert [m.as_dict() for m in sample.person_mentions.all()] == expected["people"]
    assert [m.as_dict() for m in sample.place_mentions.all()] == expected["places"]
    assert [m.as_dict() for m in sample.organization_mentions.all()] == expected["organizations"]


def test_an_unnamed_speaker_is_stored_as_unknown(ferry):
    notice = ferry.quotes.get(text__startswith="No refunds")
    assert notice.speaker is None and notice.speaker_person is None
    assert ferry.quotes.get(text__startswith="We carried").speaker == "Joan Pike"


def test_saving_without_changing_the_deep_look_extracts_nothing(sample, django_capture_on_commit_callbacks):
    before = StoryFacts.objects.get(story=sample).extracted_at
    quote_ids = list(sample.quotes.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        sample.headline = "A new headline, same Deep Look"
        sample.save()
    assert StoryFacts.objects.get(story=sample).extracted_at == before
    assert list(sample.quotes.values_list("pk", flat=True)) == quote_ids
    assert refresh_facts(sample) == "unchanged"


def test_editing_a_block_re_extracts_the_facts(sample, django_capture_on_commit_callbacks):
    """The desk's way: the story saved, then its blocks rewritten with bulk_create."""
    block = sample.blocks.filter(text__contains="industrial enterprise").get()
    new_text = block.text.replace("“industrial enterprise”", "“chemical works”")
    blocks = [(b.kind, new_text if b.pk == block.pk else b.text, b.items) for b in sample.blocks.all()]
    with django_capture_on_commit_callbacks(execute=True):
        from django.db import transaction

        with transaction.atomic():
            sample.save()
            sample.blocks.all().delete()
            BodyBlock.objects.bulk_create(
                BodyBlock(story=sample, position=i, kind=kind, text=text, items=items) for i, (kind, text, items) in enumerate(blocks)
            )
    texts = list(sample.quotes.filter(kind="direct").values_list("text", flat=True))
    assert "chemical works" in texts and "industrial enterprise" not in texts
    assert len(texts) == 7
    assert StoryFacts.objects.get(story=sample).text_hash != ""


def test_re_importing_a_changed_story_re_extracts(db, django_capture_on_commit_callbacks):
    text = FERRY.read_text(encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        story = import_story(parse_story(text, name="ferry"), source="ferry").story
    assert story.quotes.filter(kind="direct").count() == 3
    changed = text.replace("“a tax on the island,” and others", "a tax on the island, and others")
    with django_capture_on_commit_callbacks(execute=True):
        result = import_story(parse_story(changed, name="ferry"), source="ferry")
    assert result.outcome == "updated"
    assert Quote.objects.filter(story=story, kind="direct").count() == 2
    assert not Quote.objects.filter(kind="direct", text__contains="tax on the island").exists()



def test_facts_reuse_the_analysis_the_quick_looks_writer_made(fresh_story_file, parses, django_capture_on_commit_callbacks):
    """A draft: only the Quick Looks writer and the facts read it, and the Deep Look is parsed once for both."""
    with django_capture_on_commit_callbacks(execute=True):
        import_paths([str(fresh_story_file)], publish=False, echo=lambda line: None)
    story = Story.objects.get()
    text = story.deep_look_text()
    assert story.quick_looks.exists() and StoryFacts.objects.filter(story=story, text_hash=text_hash(text)).exists()
    assert parses == [text]
    # Read back from the database (Quick Looks and label written since) and extracted again: no new parse.
    stored = Story.objects.prefetch_related("blocks").get(pk=story.pk)
    assert refresh_facts(stored, force=True) == "extracted"
    assert parses == [text]
    # The stored facts are those of the text itself, offsets and all.
    found = extract_facts(text)
    assert [(q.start, q.end, q.text) for q in stored.quotes.all()] == [(a.start, a.end, a.text) for a in found.attributions]
    assert [(f.start, f.end) for f in stored.figures.all()] == [(f.start, f.end) for f in found.figures]
    assert [m.place.name for m in stored.place_mentions.select_related("place")] == [p.name for p in found.places]


def test_one_refresh_per_story_per_transaction(sample, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            sample.save()
            for block in sample.blocks.all()[:5]:
                block.save()
    from quicklooks.facts.signals import _Refresh

    assert sum(isinstance(c, _Refresh) for c in callbacks) == 1


def test_deleting_a_story_takes_its_facts(sample):
    sample.delete()
    assert not Quote.objects.exists() and not Figure.objects.exists() and not StoryFacts.objects.exists()
    assert Person.objects.filter(name="Vladimir Putin").exists()  # people outlive one story


@pytest.mark.parametrize(
    "body",
    [
        "He said “this never closes.\n\nAnd “neither does this.",
        "no sentences here at all just words without an end " * 20,
        " ".join(f"“Quote number {i},” the official said." for i in range(500)),
    ],
    ids=["unbalanced-marks", "no-sentences", "500-quotes"],
)
def test_bad_input_is_stored_without_inventing_speakers(db, django_capture_on_commit_callbacks, body):
    story_text = f"Odd Story/ Newslooks/ LONDON/ A. Writer/ Morning Edition/ A story.\n\nDeep Look: Odd Story\n{body}\n"
    with django_capture_on_commit_callbacks(execute=True):
        story = import_story(parse_story(story_text, name="odd"), source="odd").story
    assert StoryFacts.objects.filter(story=story).exists()
    for quote in story.quotes.all():
        assert quote.speaker is None  # "the official" is no one's name


def test_rebuild_all_counts_each_story(sample, ferry):
    assert rebuild_all() == {"extracted": 0, "unchanged": 2, "failed": 0}
    Quote.objects.all().delete()
    assert rebuild_all(force=True) == {"extracted": 2, "unchanged": 0, "failed": 0}
    assert Quote.objects.filter(kind="direct").count() == 10
    assert Story.objects.count() == 2
