"""Embedded mode: one process on a laptop, SQLite in the data directory, no services.

This is what ``quicklooks serve`` runs. It needs no configuration at all: the
secret key is made once and kept in the data directory, so sessions survive a
restart. A newsroom's servers use ``quicklooks.settings.production`` instead.
"""

from __future__ import annotations

import os

from quicklooks.settings.base import *  # noqa: F403
from quicklooks.settings.base import DATA_DIR
from quicklooks.settings.environment import kept_secret


def _data_dir_secret_key() -> str:
    from_environment = os.environ.get("SECRET_KEY", "").strip()
    return from_environment or kept_secret(DATA_DIR / "secret_key")


SECRET_KEY = _data_dir_secret_key()
QUICKLOOKS_EMBEDDED = True

# `quicklooks serve`, its worker and every `quicklooks import` or `topics
# rebuild` are separate processes. The page cache's generation token (and the
# rate limits) must be one for all of them, so a change made in any process
# shows on the next request in the others: that cache lives in files in the
# data directory. The pages themselves are keyed by the shared token, so each
# process may keep its own copies in memory.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "cache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "quicklooks-embedded-pages",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}
QUICKLOOKS_PAGE_CACHE_ALIAS = "pages"
# Static files straight from the apps: no collectstatic step on a laptop.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None
WHITENOISE_AUTOREFRESH = DEBUG  # noqa: F405
STORAGES = {
    # Pictures in DATA_DIR/media (settings.base), served by `quicklooks serve` itself.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
QUICKLOOKS_SERVE_MEDIA = True
# Mail: EMAIL_URL when set, else files in DATA_DIR/mail (settings.base).
