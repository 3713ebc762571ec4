"""Settings shared by every environment."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from quicklooks.settings.environment import env_bool, env_int, env_list

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("QUICKLOOKS_DATA_DIR", "quicklooks-data")).resolve()

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
# Filled in by each environment module: embedded keeps one in the data
# directory, production insists on the environment.
SECRET_KEY = ""

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # About and Privacy are flat pages editors edit (quicklooks.pages); flatpages needs sites.
    "django.contrib.sites",
    "django.contrib.flatpages",
    "django_htmx",
    "csp",
    "allauth",
    "allauth.account",
    "quicklooks.stories",
    "quicklooks.topics",
    "ninja",  # serves the API docs' Swagger UI from our own static files, not a CDN
    "quicklooks.api",
    "quicklooks.caching",
    "quicklooks.accounts",
    "quicklooks.comments",
    "quicklooks.ingest",
    "quicklooks.desk",
    "quicklooks.facts",
    "quicklooks.newsletters",
    "quicklooks.pages",
]
SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before the page cache, so cached pages carry the policies too.
    "csp.middleware.CSPMiddleware",
    "quicklooks.security.PermissionsPolicyMiddleware",
    "quicklooks.stories.middleware.QueryNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous page hits return here, before sessions and views (quicklooks.caching).
    "quicklooks.caching.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "quicklooks.accounts.middleware.PrivateForReadersMiddleware",
]

ROOT_URLCONF = "quicklooks.urls"
WSGI_APPLICATION = "quicklooks.wsgi.application"

CSRF_FAILURE_VIEW = "quicklooks.errors.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "quicklooks.stories.context_processors.site",
            ],
        },
    },
]


def database_from_environment(default_sqlite: Path) -> dict:
    """PostgreSQL when DATABASE_URL is set, otherwise SQLite in the data directory."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": default_sqlite,
        "OPTIONS": {
            # WAL lets readers go on while a comment or an import is written;
            # IMMEDIATE takes the write lock up front so concurrent writers
            # queue on busy_timeout instead of failing with "database is locked".
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


def replicas_from_environment() -> dict:
    """``replica_1``, ``replica_2``... from DATABASE_REPLICA_URLS (comma-separated) or DATABASE_REPLICA_URL."""
    urls = env_list("DATABASE_REPLICA_URLS", []) or env_list("DATABASE_REPLICA_URL", [])
    if urls and not os.environ.get("DATABASE_URL", "").strip():
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("DATABASE_REPLICA_URLS is set but DATABASE_URL is not: set the primary's URL too.")
    replicas = {}
    for number, url in enumerate(urls, start=1):
        replica = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True)
        # Tests run against the primary's test database: a replica copies it.
        replica["TEST"] = {"MIRROR": "default"}
        replicas[f"replica_{number}"] = replica
    return replicas


DATABASES = {"default": database_from_environment(DATA_DIR / "quicklooks.sqlite3"), **replicas_from_environment()}
# Reads to replicas, writes and transactions to the primary (quicklooks.replicas).
DATABASE_ROUTERS = ["quicklooks.replicas.ReplicaRouter"] if len(DATABASES) > 1 else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# The site's time zone: every date and time on its pages is written in it (an IANA name, e.g. Europe/London).
TIME_ZONE = os.environ.get("TIME_ZONE", "").strip() or os.environ.get("QUICKLOOKS_TIME_ZONE", "").strip() or "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# Uploaded pictures (quicklooks.stories.images) go through Django's default
# storage: files under DATA_DIR/media unless QUICKLOOKS_MEDIA_STORAGE names
# another backend (shared storage for several app servers, e.g.
# "storages.backends.s3.S3Storage"), with QUICKLOOKS_MEDIA_OPTIONS as its JSON
# options and MEDIA_URL where readers fetch the files. docs/deployment.md.
MEDIA_URL = os.environ.get("MEDIA_URL", "").strip() or "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", "").strip() or DATA_DIR / "media")


def _media_storage() -> dict:
    import json

    from django.core.exceptions import ImproperlyConfigured

    backend = os.environ.get("QUICKLOOKS_MEDIA_STORAGE", "").strip() or "django.core.files.storage.FileSystemStorage"
    raw = os.environ.get("QUICKLOOKS_MEDIA_OPTIONS", "").strip()
    try:
        options = json.loads(raw) if raw else {}
    except ValueError as error:
        raise ImproperlyConfigured(f"QUICKLOOKS_MEDIA_OPTIONS: not JSON ({error}). Give an object, e.g. {{\"bucket_name\": \"news-media\"}}.") from None
    if not isinstance(options, dict):
        raise ImproperlyConfigured("QUICKLOOKS_MEDIA_OPTIONS: give a JSON object of the storage's options, e.g. {\"bucket_name\": \"news-media\"}.")
    return {"BACKEND": backend, "OPTIONS": options} if options else {"BACKEND": backend}


STORAGES = {
    "default": _media_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Django itself serves /media/ only where nothing in front of it does: embedded
# mode turns it on; behind nginx (quicklooks deploy) nginx serves the files.
QUICKLOOKS_SERVE_MEDIA = env_bool("QUICKLOOKS_SERVE_MEDIA", DEBUG)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# A strict Content-Security-Policy (django-csp); the directives, and why no
# nonce is needed, are in quicklooks.security, which nginx's config shares.
from quicklooks.security import csp_directives  # noqa: E402

# Pictures on shared storage or a CDN (an absolute MEDIA_URL) are allowed as images.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": csp_directives(MEDIA_URL)}

# The client's address for rate limits (allauth's login and signup limits,
# comments, newsletters). Embedded mode has no proxy: REMOTE_ADDR is the
# client. Production trusts exactly the proxies the deployment puts in front
# (see production.py); a client's own X-Forwarded-For is never believed.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("QUICKLOOKS_TRUSTED_PROXY_COUNT", 0)

# The outlet's identity, shown in the masthead, feeds and metadata.
QUICKLOOKS_SITE_NAME = os.environ.get("QUICKLOOKS_SITE_NAME", "Newslooks")
QUICKLOOKS_SITE_TAGLINE = os.environ.get("QUICKLOOKS_SITE_TAGLINE", "The whole story at a glance, then the deep look.")
QUICKLOOKS_PAGE_SIZE = env_int("QUICKLOOKS_PAGE_SIZE", 12)
# Topics: add MiniLM sentence embeddings to the clustering (needs the 'semantic'
# extra; slower, see bench/RESULTS-topics.md).
QUICKLOOKS_TOPIC_EMBEDDINGS = env_bool("QUICKLOOKS_TOPIC_EMBEDDINGS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # A refused request (403) is one line in the log, not a traceback.
    "filters": {"refusals": {"()": "quicklooks.desk.refusals.RefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["refusals"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("QUICKLOOKS_LOG_LEVEL", "WARNING")},
    "loggers": {"quicklooks": {"level": os.environ.get("QUICKLOOKS_LOG_LEVEL", "INFO")}},
}
# Absolute links in feeds, exports and `quicklooks stories --json`.
QUICKLOOKS_BASE_URL = os.environ.get("QUICKLOOKS_BASE_URL", "http://127.0.0.1:8000")

# Reader accounts (django-allauth): email is the login, verification is
# mandatory before a reader may comment, and the limits below throttle
# guessing passwords and mass signups. Rate limits are counted in the Django
# cache (Redis in production), so they hold across processes there.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "quicklooks.accounts.forms.SignupForm"
# Account mail that the mail server will not take is queued and sent again,
# never failing the signup that sent it (quicklooks.accounts.mail).
ACCOUNT_ADAPTER = "quicklooks.accounts.mail.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{QUICKLOOKS_SITE_NAME}] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get("QUICKLOOKS_LOGIN_FAILED_RATE", "10/m/ip,5/5m/key"),
    "signup": os.environ.get("QUICKLOOKS_SIGNUP_RATE", "10/h/ip"),
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "stories:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "stories:home"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "quicklooks <no-reply@localhost>")

# Outgoing mail from one EMAIL_URL (smtp://, smtp+tls://, smtp+ssl://, file://);
# without it, mail is written to files in the data directory (docs/deployment.md).
from quicklooks.settings.mail import email_settings  # noqa: E402

globals().update(email_settings(os.environ.get("EMAIL_URL", ""), default_file_path=DATA_DIR / "mail"))
# Newsletters (quicklooks.newsletters): the sender, the sending rate in
# messages per second (0: as fast as the server takes them), messages per
# SMTP connection, and the first wait before retrying a 4xx refusal (doubling).
QUICKLOOKS_NEWSLETTER_FROM = os.environ.get("QUICKLOOKS_NEWSLETTER_FROM", "").strip() or DEFAULT_FROM_EMAIL
QUICKLOOKS_NEWSLETTER_RATE = float(os.environ.get("QUICKLOOKS_NEWSLETTER_RATE", "0") or 0)
QUICKLOOKS_NEWSLETTER_BATCH = env_int("QUICKLOOKS_NEWSLETTER_BATCH", 100)
QUICKLOOKS_NEWSLETTER_RETRY_SECONDS = env_int("QUICKLOOKS_NEWSLETTER_RETRY_SECONDS", 300)
QUICKLOOKS_NEWSLETTER_MAX_ATTEMPTS = env_int("QUICKLOOKS_NEWSLETTER_MAX_ATTEMPTS", 6)
QUICKLOOKS_NEWSLETTER_LEASE_SECONDS = env_int("QUICKLOOKS_NEWSLETTER_LEASE_SECONDS", 120)
QUICKLOOKS_NEWSLETTER_DIGEST_AT = os.environ.get("QUICKLOOKS_NEWSLETTER_DIGEST_AT", "").strip()
QUICKLOOKS_NEWSLETTER_SIGNUP_RATE = os.environ.get("QUICKLOOKS_NEWSLETTER_SIGNUP_RATE", "5/h")

# Whole-page cache for anonymous readers (quicklooks.caching): how long a page
# may live in the cache (0 switches it off), how long a CDN may hold one
# without asking, and where nginx finds page files (set by `quicklooks deploy`).
QUICKLOOKS_PAGE_CACHE_SECONDS = env_int("QUICKLOOKS_PAGE_CACHE_SECONDS", 600)
QUICKLOOKS_CDN_MAX_AGE = env_int("QUICKLOOKS_CDN_MAX_AGE", 0)
QUICKLOOKS_PAGE_FILES_DIR = os.environ.get("QUICKLOOKS_PAGE_FILES_DIR", "").strip() or None
