"""One story's crash never stops a batch: `import` reports it per file, the API answers 422, `brief` prints one line.

The crash is made on purpose: the Quick Looks engine is replaced by one that
raises the IndexError a fuzzed input once raised, for one story only.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from quicklooks.api.models import ApiToken
from quicklooks.stories.library import import_paths
from quicklooks.stories.models import Story
from tests.api.test_api import post
from tests.conftest import FILES

pytestmark = pytest.mark.django_db
NO_BOX = (FILES / "stories" / "no-quick-looks.txt").read_text(encoding="utf-8")


@pytest.fixture
def engine_crashes_on(monkeypatch):
    """Make the engine raise for texts containing a marker word, as a bug in it would."""
    import quicklooks.stories.quick_looks as integration
    import quicklooks.text.quick_looks as engine

    real = engine.write_quick_looks

    def crashing(story, *args, **kwargs):
        text = story if isinstance(story, str) else story.deep_look_text()
        if "Zanzibarian" in text:
            raise IndexError("list index out of range")
        return real(story, *args, **kwargs)

    monkeypatch.setattr(integration, "write_quick_looks", crashing)
    monkeypatch.setattr(engine, "write_quick_looks", crashing)


def story_files(tmp_path) -> list[str]:
    paths = []
    for n, marker in enumerate(["first", "Zanzibarian", "third"]):
        path = tmp_path / f"{n}-{marker}.txt"
        path.write_text(NO_BOX.replace("Harbour Council", f"Harbour Council {n}", 1).replace("old quay.", f"old quay, {marker} side."), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_a_crashing_story_is_reported_and_the_rest_are_imported(tmp_path, engine_crashes_on):
    lines: list[str] = []
    report = import_paths(story_files(tmp_path), echo=lines.append)
    assert report.counts["created"] == 2 and report.failed == 1, (report.counts, lines)
    assert len(report.failures) == 1 and "1-Zanzibarian.txt" in report.failures[0]
    assert "IndexError" in report.failures[0] and "Nothing of it was stored" in report.failures[0]
    assert Story.objects.count() == 2  # the failed story left nothing half-stored
    assert not Story.objects.filter(headline__contains="Council 1").exists()


def test_the_api_answers_422_with_a_reason_not_500(client, engine_crashes_on):
    _, secret = ApiToken.objects.create_token("wire importer")
    response = post(client, {"text": NO_BOX.replace("old quay.", "old quay, Zanzibarian side.")}, token=secret)
    assert response.status_code == 422
    detail = json.loads(response.content)["detail"]
    assert "could not be stored" in detail and "IndexError" in detail
    assert not Story.objects.exists()
    # The next post goes through as usual.
    assert post(client, {"text": NO_BOX}, token=secret).status_code == 201


def test_brief_prints_one_line_not_a_traceback(tmp_path, engine_crashes_on):
    from quicklooks.cli import main

    path = tmp_path / "crash.txt"
    path.write_text(NO_BOX.replace("old quay.", "old quay, Zanzibarian side."), encoding="utf-8")
    result = CliRunner().invoke(main, ["brief", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "the Quick Looks engine failed on this text (IndexError" in result.output
    assert not isinstance(result.exception, IndexError)


def test_ingest_keeps_a_story_the_engine_crashes_on_for_the_desk(tmp_path, engine_crashes_on):
    from quicklooks.ingest.ingesting import ingest_file

    crash = tmp_path / "crash.txt"
    crash.write_text(NO_BOX.replace("old quay.", "old quay, Zanzibarian side."), encoding="utf-8")
    outcome = ingest_file(crash)
    assert outcome.kind == "added", outcome.reason
    assert not outcome.story.quick_looks.exists()  # it waits on the desk for a person to write them
    after = tmp_path / "next.txt"
    after.write_bytes((FILES / "stories" / "plain.txt").read_bytes())
    assert ingest_file(after).kind == "added"


def test_the_api_strips_control_characters_at_entry(client):
    _, secret = ApiToken.objects.create_token("wire importer")
    text = NO_BOX.replace("Harbour", "Har\x02bour", 1).replace("old quay.", "old\x1b quay\x85.")
    response = post(client, {"text": text, "section": "Lo\x07cal", "source_id": "wire-\x03-1"}, token=secret)
    assert response.status_code == 201, response.content
    story = Story.objects.get()
    stored = story.headline + story.section.name + story.source + " ".join(b.text for b in story.blocks.all())
    assert not any(ch in stored for ch in "\x02\x03\x07\x1b\x85")
