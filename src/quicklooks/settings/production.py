"""Production: PostgreSQL, Redis for cache and sessions, behind nginx over HTTPS.

Every secret and address comes from the environment, and a missing one stops
the process at start with a message that names it. ``quicklooks manage check
--deploy`` is clean under these settings.
"""

from __future__ import annotations

import os

from quicklooks.settings.base import *  # noqa: F403
from quicklooks.settings.environment import env_bool, env_int, env_list, env_required

SECRET_KEY = env_required(
    "SECRET_KEY",
    "Production never invents one (sessions and password resets would break on restart). "
    'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(50))"',
)
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("ALLOWED_HOSTS is not set. List the site's host names, comma-separated.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
QUICKLOOKS_EMBEDDED = False

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    # Fail-soft: while Redis restarts, requests go on without the cache
    # rather than failing (quicklooks.caching.backends).
    CACHES = {"default": {"BACKEND": "quicklooks.caching.backends.FailSoftRedisCache", "LOCATION": REDIS_URL}}
    # Sessions live in the database with Redis as a read-through cache:
    # Redis is never the only copy of anything.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Without Redis the app server's workers still need one cache between
    # them (the page cache's generation must be the same in every worker),
    # so it lives in files in the data directory rather than in each
    # process's memory.
    # Cached pages themselves may differ per worker (each keys them by the
    # shared generation), so they stay in each worker's memory.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": DATA_DIR / "cache",  # noqa: F405
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "quicklooks-pages"},
    }
    QUICKLOOKS_PAGE_CACHE_ALIAS = "pages"

# One proxy, nginx, which sets X-Forwarded-For to the address it saw
# ($remote_addr) and drops whatever the client sent: the app reads that one
# entry. A load balancer in front of nginx makes two (and nginx's real_ip
# module should then be told about it); see docs/deployment.md.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("QUICKLOOKS_TRUSTED_PROXY_COUNT", 1)

# HTTPS: nginx terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)

# EMAIL_URL (settings.base) is the one way to set mail up; the separate
# EMAIL_* variables below still work when it is absent.
if not os.environ.get("EMAIL_URL", "").strip():
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "quicklooks <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
