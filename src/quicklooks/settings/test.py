"""Settings for the test suite: embedded mode, plus speed where safety is not under test."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("QUICKLOOKS_DATA_DIR", tempfile.mkdtemp(prefix="quicklooks-test-"))

from quicklooks.settings.embedded import *  # noqa: E402,F403
from quicklooks.settings.embedded import PASSWORD_HASHERS as _PRODUCTION_HASHERS  # noqa: E402

# Argon2 is slow on purpose; tests that log in hundreds of users would crawl.
# tests/stories/test_settings.py checks production still leads with Argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *_PRODUCTION_HASHERS]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(os.environ["QUICKLOOKS_DATA_DIR"]) / "media"

# Several test runs may share one PostgreSQL server; QUICKLOOKS_TEST_DB_NAME
# keeps their test databases apart.
# SQLite tests run in memory, so the name only matters for a server.
if os.environ.get("QUICKLOOKS_TEST_DB_NAME") and "sqlite" not in DATABASES["default"]["ENGINE"]:  # noqa: F405
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ["QUICKLOOKS_TEST_DB_NAME"]  # noqa: F405

# The page cache lives in a process-wide local-memory cache, and rolled-back
# test transactions send no signals to invalidate it: tests/caching switches
# it on for each test that is about caching.
QUICKLOOKS_PAGE_CACHE_SECONDS = 0
