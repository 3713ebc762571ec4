"""Production settings: secrets from the environment, loud failures, a clean deploy check."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "quicklooks.settings.production",
    "SECRET_KEY": "k" * 20 + "-production-test-key-" + "x9Y" * 10,
    "ALLOWED_HOSTS": "news.example.org",
}


def _run(args, env_overrides, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env["QUICKLOOKS_DATA_DIR"] = str(tmp_path)
    env.update(env_overrides)
    return subprocess.run([sys.executable, "-m", "quicklooks", *args], env=env, capture_output=True, text=True, timeout=120)


def test_production_refuses_to_start_without_secret_key(tmp_path):
    overrides = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _run(["manage", "check"], overrides, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    overrides = {k: v for k, v in PRODUCTION_ENV.items() if k != "ALLOWED_HOSTS"}
    result = _run(["manage", "check"], overrides, tmp_path)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is not set" in result.stderr


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = _run(["manage", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV, tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_passwords_are_hashed_with_argon2_outside_tests():
    from quicklooks.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.Argon2PasswordHasher" in settings.PASSWORD_HASHERS


def test_session_cookies_are_httponly_and_samesite():
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
