"""`quicklooks brief` on the sample story, on plain text and on bad paths (no Django)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from quicklooks.cli.brief import brief

SAMPLE = Path(__file__).parents[1] / "files" / "stories" / "putin-foreign-troops.txt"


def test_text_output_is_label_then_bullets() -> None:
    result = CliRunner().invoke(brief, [str(SAMPLE)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] and not lines[0].startswith("- ")
    assert len(lines) >= 4 and all(line.startswith("- ") for line in lines[1:])
    # The story's own Quick Looks are ignored: bullets come from the Deep Look.
    assert "- Russia strongly opposes proposed European peacekeeping deployments." not in lines


def test_a_story_file_is_read_as_a_story_so_the_label_sees_its_headline() -> None:
    # The desk writes Quick Looks from the parsed story, headline included;
    # brief must give the same box for the same file, not one from the bare Deep Look.
    from quicklooks.text.quick_looks import write_quick_looks
    from quicklooks.text.storyformat import parse_story

    path = Path(__file__).parents[1] / "files" / "stories" / "no-show.txt"
    story = parse_story(path.read_text(encoding="utf-8"))
    result = CliRunner().invoke(brief, [str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == write_quick_looks(story).label
    assert write_quick_looks(story).label != write_quick_looks(story.deep_look_text()).label


def test_json_from_stdin_with_fixed_count() -> None:
    text = (
        "The city council approved a budget of $4.2 million for new schools on Tuesday. "
        "Parents in the northern district said the money came too late for the repairs."
    )
    result = CliRunner().invoke(brief, ["--json", "--bullets", "2", "-"], input=text)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [b["sources"][0]["sentence"] for b in data["bullets"]] == [0, 1]
    first = data["bullets"][0]["sources"][0]
    assert text[first["start"] : first["end"]].startswith("The city council")


def test_errors_name_the_file_without_a_traceback(tmp_path: Path) -> None:
    missing = CliRunner().invoke(brief, [str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1 and "nope.txt" in missing.output
    assert "Traceback" not in missing.output
    headings = tmp_path / "headings.txt"
    headings.write_text("Pushback Against Peacekeeping Plans\n\nDrone Warfare Escalates Overnight\n")
    refused = CliRunner().invoke(brief, [str(headings)])
    assert refused.exit_code == 1 and "headings.txt" in refused.output


def test_fewer_bullets_than_asked_for_says_so() -> None:
    text = (
        "The city council approved a budget of $4.2 million for new schools on Tuesday. "
        "Parents in the northern district said the money came too late for the repairs."
    )
    result = CliRunner().invoke(brief, ["--bullets", "5", "-"], input=text)
    assert result.exit_code == 0, result.output
    assert len([line for line in result.stdout.splitlines() if line.startswith("- ")]) == 2
    assert "asked for 5 bullets; the text gives 2 distinct facts" in result.stderr


INGEST_FILES = Path(__file__).parents[1] / "files" / "ingest"


def test_a_saved_web_page_is_read_for_its_article() -> None:
    # The page's markup and navigation are not the story: its article is.
    result = CliRunner().invoke(brief, [str(INGEST_FILES / "articles" / "bridge.html")])
    assert result.exit_code == 0, result.output
    assert "<" not in result.output
    lines = result.output.splitlines()
    assert 3 <= len(lines[0].split()) <= 6 and lines[0][0].isupper()
    bullets = [line for line in lines[1:] if line.startswith("- ")]
    assert bullets and all(b.endswith((".", "”", "’")) for b in bullets)
    assert not any("Subscribe" in b or "Cookie" in b for b in bullets)


def test_a_feed_is_refused_with_what_to_do_instead() -> None:
    result = CliRunner().invoke(brief, [str(INGEST_FILES / "rss.xml")])
    assert result.exit_code == 1
    assert "rss.xml" in result.output and "feed" in result.output and "quicklooks ingest" in result.output
    assert "Traceback" not in result.output


def test_a_page_without_an_article_says_so() -> None:
    result = CliRunner().invoke(brief, [str(INGEST_FILES / "no-article.html")])
    assert result.exit_code == 1
    assert "no-article.html" in result.output and "no article found" in result.output
