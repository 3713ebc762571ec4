"""Read replicas on two real SQLite databases: which one each read and write goes to.

The replica starts as a copy of the primary (what replication makes it),
then each gets a row the other lacks, so every read shows where it went.
Settings come from the environment, as on a server, in a child process.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

CHECKS = r"""
import json
from quicklooks.bootstrap import setup_django
setup_django(migrate=False)
from django.contrib.sessions.models import Session
from django.core.signals import request_started
from django.db import router, transaction
from django.test import Client
from quicklooks import replicas
from quicklooks.stories.models import Section

def slugs():
    return sorted(Section.objects.values_list("slug", flat=True))

def nav(path):
    # A section shows as a link in the navigation, or as a choice in the search form.
    html = Client(HTTP_HOST="127.0.0.1").get(path).content.decode()
    return [slug for slug in ("primary-only", "replica-only")
            if f'href="/section/{slug}/"' in html or f'value="{slug}"' in html]

def section_pages():
    # Only the database the page was rendered from knows the section: the other gives 404.
    client = Client(HTTP_HOST="127.0.0.1")
    return [slug for slug in ("primary-only", "replica-only") if client.get(f"/section/{slug}/").status_code == 200]

out = {"aliases": replicas.replica_aliases(), "read": slugs()}
with transaction.atomic():
    out["in_transaction"] = slugs()
with replicas.primary_reads():
    out["primary_reads"] = slugs()
out["session_read"] = router.db_for_read(Session)
out["migrate_replica"] = router.allow_migrate("replica_1", "stories")
out["cached_page"] = section_pages()  # the page cache stores them: rendered from the primary
out["uncached_page"] = nav("/search/")  # never stored: rendered from the replica
request_started.send(sender=None)
Section.objects.create(name="Written", slug="written")
out["after_write"] = slugs()
request_started.send(sender=None)
out["next_request"] = slugs()

# Background jobs: a job reads back its own writes from the primary, and
# the next job on the same worker thread starts on the replica again.
from quicklooks.celery import ready_app
jobs = ready_app()

@jobs.task
def write_then_read(slug):
    Section.objects.create(name=slug.title(), slug=slug)
    return slugs()

@jobs.task
def read():
    return slugs()

out["job_after_write"] = write_then_read.apply(args=["job-written"]).get()
out["next_job"] = read.apply().get()
print(json.dumps(out))
"""


def _run(args, env):
    done = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _add_section(path, slug):
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO stories_section (name, slug, description, position) VALUES (?, ?, '', 0)", (slug.title(), slug))


@pytest.fixture
def databases(tmp_path):
    primary, replica = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "DJANGO_", "QUICKLOOKS_", "REDIS_"))}
    env.update(QUICKLOOKS_DATA_DIR=str(tmp_path / "data"), DJANGO_SETTINGS_MODULE="quicklooks.settings.embedded",
               DATABASE_URL=f"sqlite:///{primary}")
    _run(["-m", "quicklooks", "manage", "migrate", "--verbosity", "0"], env)
    shutil.copyfile(primary, replica)  # the replica, caught up
    _add_section(primary, "primary-only")
    _add_section(replica, "replica-only")
    env["DATABASE_REPLICA_URL"] = f"sqlite:///{replica}"
    return env, primary, replica


def test_reads_go_to_the_replica_and_writes_and_transactions_to_the_primary(databases):
    env, primary, replica = databases
    seen = json.loads(_run(["-c", CHECKS], env).strip().splitlines()[-1])

    assert seen["aliases"] == ["replica_1"]
    assert seen["read"] == ["replica-only"]
    assert seen["in_transaction"] == ["primary-only"]
    assert seen["primary_reads"] == ["primary-only"]
    assert seen["session_read"] == "default"  # a new session is read back at once
    assert seen["migrate_replica"] is False
    assert seen["cached_page"] == ["primary-only"]
    assert seen["uncached_page"] == ["replica-only"]
    # A write goes to the primary, and the rest of that request reads it back from there.
    assert seen["after_write"] == ["primary-only", "written"]
    assert seen["next_request"] == ["replica-only"]
    assert seen["job_after_write"] == ["job-written", "primary-only", "written"]
    assert seen["next_job"] == ["replica-only"]
    with sqlite3.connect(primary) as db:
        assert db.execute("SELECT COUNT(*) FROM stories_section WHERE slug = 'written'").fetchone()[0] == 1
    with sqlite3.connect(replica) as db:
        assert db.execute("SELECT COUNT(*) FROM stories_section WHERE slug = 'written'").fetchone()[0] == 0


def test_several_replica_urls_make_several_replicas(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "DJANGO_", "QUICKLOOKS_"))}
    env.update(QUICKLOOKS_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="quicklooks.settings.embedded",
               DATABASE_URL="postgres://app@primary:5432/news",
               DATABASE_REPLICA_URLS="postgres://app@replica-a:5432/news, postgres://app@replica-b:5432/news")
    code = ("import django, json; django.setup(); from django.conf import settings; "
            "print(json.dumps({alias: db['HOST'] for alias, db in settings.DATABASES.items()}), settings.DATABASE_ROUTERS)")
    out = _run(["-c", code], env)
    assert '{"default": "primary", "replica_1": "replica-a", "replica_2": "replica-b"}' in out
    assert "quicklooks.replicas.ReplicaRouter" in out


def test_replicas_without_a_primary_url_are_refused(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "DJANGO_", "QUICKLOOKS_"))}
    env.update(QUICKLOOKS_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="quicklooks.settings.embedded",
               DATABASE_REPLICA_URL="postgres://app@replica-a:5432/news")
    done = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True)
    assert done.returncode != 0
    assert "set the primary's URL too" in done.stderr
