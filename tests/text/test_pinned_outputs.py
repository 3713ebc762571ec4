"""The engines' outputs, pinned: every change to Quick Looks, facts or entities shows in review.

``tests/text/pins/ENGINE.json`` holds what each engine gave, on the day it was
pinned, for the sample story, the 50 CNN/DailyMail dev documents and every
story file in ``tests/files`` (see ``bench/pin_outputs.py`` for the list).
Each document is one test case per engine, so a failure names the document.

When a change of behaviour is intended, the engine's owner regenerates only
that engine's pin file, and commits it with the change that caused it, so
the reviewer sees every output that moved:

    PYTHONPATH=src .venv/bin/python bench/pin_outputs.py --write quick_looks
    PYTHONPATH=src .venv/bin/python bench/pin_outputs.py --write facts
    PYTHONPATH=src .venv/bin/python bench/pin_outputs.py --write entities

Never regenerate another engine's file to make a test pass; a change there
is a finding for its owner.
"""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path

import pytest

_SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "pin_outputs.py"
_spec = importlib.util.spec_from_file_location("pin_outputs", _SCRIPT)
pin_outputs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pin_outputs)


@lru_cache(maxsize=None)
def _texts() -> dict[str, str]:
    return dict(pin_outputs.documents())


@lru_cache(maxsize=None)
def _pins(engine: str) -> dict:
    return pin_outputs.load_pins(engine)


def _cases():
    for engine in pin_outputs.ENGINES:
        for name in _pins(engine):
            yield pytest.param(engine, name, id=f"{engine}:{name}")


@pytest.mark.parametrize("engine, name", list(_cases()))
def test_output_matches_its_pin(engine, name):
    texts = _texts()
    if name not in texts:
        # The CNN/DailyMail dev documents live beside the repository, not in it.
        pytest.skip(f"{name} is not available here ({pin_outputs.CNNDM_DEV} is missing)")
    expected = _pins(engine)[name]
    got = pin_outputs.output_of(engine, texts[name])
    assert got == expected, (
        f"{engine} output for {name} changed. If intended, regenerate with "
        f"`bench/pin_outputs.py --write {engine}` and commit the pin with the change."
    )


def test_every_document_is_pinned():
    names = set(_texts())
    for engine in pin_outputs.ENGINES:
        missing = names - set(_pins(engine))
        assert not missing, f"{engine} has no pin for {sorted(missing)}; run bench/pin_outputs.py --write {engine}"


def test_pins_are_json_of_the_engines_shapes():
    sample = _pins("quick_looks")["sample"]
    assert sample["label"] and len(sample["bullets"]) >= 3
    facts = _pins("facts")["sample"]
    assert set(facts) == {"quotes", "figures", "people", "places", "organizations"}
    assert json.loads(json.dumps(_pins("entities")["sample"]))["mentions"]
