"""`quicklooks facts` as a user runs it: reading a story, and --rebuild over the stored ones."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

from tests.conftest import quicklooks_command

from .conftest import FERRY

SAMPLE = Path(__file__).resolve().parent.parent / "files" / "stories" / "putin-foreign-troops.txt"


def run(args, env, **kwargs):
    return subprocess.run([*quicklooks_command(), *args], env=env, capture_output=True, text=True, timeout=180, **kwargs)


def test_import_stores_facts_and_rebuild_reports_them(cli_env):
    # This test reads and changes the SQLite file behind the commands' backs.
    cli_env.pop("DATABASE_URL", None)
    imported = run(["import", str(SAMPLE), str(FERRY)], cli_env)
    assert imported.returncode == 0, imported.stderr
    database = Path(cli_env["QUICKLOOKS_DATA_DIR"]) / "quicklooks.sqlite3"
    with sqlite3.connect(database) as db:
        assert db.execute("select count(*) from facts_quote where kind = 'direct'").fetchone() == (10,)
        assert db.execute("select count(*) from facts_figure").fetchone()[0] >= 11
        db.execute("delete from facts_quote")

    unchanged = run(["facts", "--rebuild"], cli_env)
    assert unchanged.returncode == 0, unchanged.stderr
    assert "0 stories extracted, 2 unchanged, 0 failed." in unchanged.stdout

    forced = run(["facts", "--rebuild", "--force"], cli_env)
    assert forced.returncode == 0, forced.stderr
    assert "2 stories extracted, 0 unchanged, 0 failed." in forced.stdout
    assert "Extracting facts" in forced.stderr  # the progress bar
    with sqlite3.connect(database) as db:
        assert db.execute("select count(*) from facts_quote where kind = 'direct'").fetchone() == (10,)
        speakers = {row[0] for row in db.execute("select speaker from facts_quote")}
    assert {"Vladimir Putin", "Dmitry Peskov", "Joan Pike", None} <= speakers


def test_story_file_from_standard_input_as_json(cli_env):
    result = run(["facts", "--json", "-"], cli_env, input=SAMPLE.read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert len([q for q in found["quotes"] if q["direct"]]) == 7 and len(found["figures"]) == 8
    assert {q["kind"] for q in found["quotes"]} == {"direct", "indirect", "mixed"}


def test_mistakes_get_one_clear_line(cli_env, tmp_path):
    missing = run(["facts", str(tmp_path / "nope.txt")], cli_env)
    assert missing.returncode != 0 and "nope.txt: cannot read the file" in missing.stderr
    assert "Traceback" not in missing.stderr
    neither = run(["facts"], cli_env)
    assert neither.returncode == 2 and "or --rebuild" in neither.stderr
    both = run(["facts", "--rebuild", str(SAMPLE)], cli_env)
    assert both.returncode == 2 and "give it no PATH" in both.stderr
