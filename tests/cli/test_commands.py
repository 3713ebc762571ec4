"""The `quicklooks` command as a user runs it: a subprocess on an empty data directory."""

import json
import subprocess
import sys
import urllib.request

import pytest

from quicklooks.cli import main
from tests.conftest import free_port, quicklooks_command, wait_for_page, wait_for_port


def run(args, env, **kwargs):
    return subprocess.run([*quicklooks_command(), *args], env=env, capture_output=True, text=True, timeout=120, **kwargs)


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_subcommand_has_help_text(name, cli_env):
    result = run([name, "--help"], cli_env) if name != "manage" else run(["manage", "help"], cli_env)
    assert result.returncode == 0, result.stderr
    assert main.commands[name].help


def test_import_then_list_as_json(files_dir, cli_env):
    sample = str(files_dir / "stories" / "putin-foreign-troops.txt")
    first = run(["import", sample], cli_env)
    assert first.returncode == 0, first.stderr
    assert "1 created" in first.stdout
    second = run(["import", sample], cli_env)
    assert "1 unchanged" in second.stdout and "0 created" in second.stdout
    listed = run(["stories", "--json"], cli_env)
    records = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(records) == 1
    record = records[0]
    assert {"slug", "headline", "status", "quick_looks", "source", "url"} <= set(record)
    assert record["status"] == "published"
    assert len(record["quick_looks"]) == 8
    assert record["url"].endswith(f"/story/{record['slug']}/")


def test_import_failure_names_file_and_line_and_exits_nonzero(files_dir, cli_env):
    result = run(["import", str(files_dir / "stories" / "empty.txt")], cli_env)
    assert result.returncode == 1
    assert "empty.txt:1:" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_from_stdin(files_dir, cli_env):
    data = (files_dir / "stories" / "no-show.txt").read_text(encoding="utf-8")
    result = run(["import", "-"], cli_env, input=data)
    assert result.returncode == 0, result.stderr
    assert "1 created" in result.stdout


def test_import_shows_a_progress_bar_for_many_files(files_dir, cli_env, tmp_path):
    paths = []
    for number in range(5):
        path = tmp_path / f"story-{number}.txt"
        path.write_text(f"Story number {number} about the harbour\nThe harbour reopened on day {number}.\n", encoding="utf-8")
        paths.append(str(path))
    result = run(["import", *paths], cli_env)
    assert result.returncode == 0, result.stderr
    assert "Importing" in result.stderr and "5/5" in result.stderr
    assert "5 created" in result.stdout


def test_import_of_many_files_leaves_every_story_searchable_and_in_a_topic(cli_env, tmp_path):
    # The import batches search, topics and the page cache to its end; they must still happen.
    paths = []
    for number, place in enumerate(["Harbourton", "Millbrook", "Quarrydale", "Fernhill"]):
        path = tmp_path / f"story-{number}.txt"
        path.write_text(
            f"{place} reopens its ferry pier/ Test Times/ {place.upper()}/ Staff Reporter/ The pier closed in spring.\n\n"
            f"Deep Look: {place} reopens its ferry pier\nThe {place} council reopened the ferry pier on Tuesday.\n"
            "Repairs cost 2 million dollars, the council said.\n",
            encoding="utf-8",
        )
        paths.append(str(path))
    result = run(["import", "--publish", *paths], cli_env)
    assert result.returncode == 0, result.stderr
    check = (
        "from quicklooks.bootstrap import setup_django; setup_django()\n"
        "from quicklooks.stories.search import search_stories\n"
        "from quicklooks.topics.models import TopicStory\n"
        "print(sorted(r.story.headline.split()[0] for r in search_stories('ferry pier')), TopicStory.objects.count())\n"
    )
    found = subprocess.run([sys.executable, "-c", check], env=cli_env, capture_output=True, text=True, timeout=120)
    assert found.stdout.strip() == "['Fernhill', 'Harbourton', 'Millbrook', 'Quarrydale'] 4", found.stderr


def test_serve_on_an_empty_data_directory_publishes_the_sample(cli_env):
    port = free_port()
    process = subprocess.Popen([*quicklooks_command(), "serve", "--port", str(port)], env=cli_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for_port(port, process)
        wait_for_page(f"http://127.0.0.1:{port}/", process)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            html = response.read().decode()
        assert "Putin: Foreign Troops Deployed to Ukraine Would be Legitimate Targets" in html
        assert "Quick Looks" in html
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/quicklooks/site.css", timeout=10) as response:
            assert response.status == 200
        # Absolute links point at this server, not at the default port 8000.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/feeds/rss/", timeout=10) as response:
            feed = response.read().decode()
        assert f"http://127.0.0.1:{port}/story/" in feed and "127.0.0.1:8000" not in feed
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize(
    ("host", "url"),
    [("127.0.0.1", "http://127.0.0.1:8765"), ("0.0.0.0", "http://127.0.0.1:8765"), ("::1", "http://[::1]:8765"), ("news.local", "http://news.local:8765")],
)
def test_serve_links_to_where_it_listens(host, url):
    from quicklooks.cli.server import listening_url

    assert listening_url(host, 8765) == url
