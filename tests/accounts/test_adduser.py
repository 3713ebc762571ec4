"""`quicklooks adduser`: one staff role at most, as its help and the README say."""

from __future__ import annotations

import subprocess

import pytest
from click.testing import CliRunner

from quicklooks.cli.adduser import adduser
from tests.conftest import quicklooks_command


@pytest.mark.parametrize(
    "flags", [["--editor", "--moderator"], ["--moderator", "--editor"], ["--admin", "--reporter"], ["--reporter", "--editor", "--admin"]]
)
def test_role_combinations_are_a_usage_error(flags):
    # Refused before Django starts: nothing can have been created.
    result = CliRunner().invoke(adduser, ["x@example.com", "--password", "a long password 2026", *flags])
    assert result.exit_code == 2
    assert "give one role, not" in result.output and "an editor also moderates" in result.output
    for flag in flags:
        assert flag in result.output


def test_help_says_the_roles_are_exclusive():
    result = CliRunner().invoke(adduser, ["--help"])
    assert result.exit_code == 0 and "at most one" in result.output and "also moderates" in result.output


def test_adduser_command_refuses_editor_and_moderator_together(cli_env):
    result = subprocess.run(
        [*quicklooks_command(), "adduser", "x@example.com", "--password", "a long password 2026", "--editor", "--moderator"],
        capture_output=True, text=True, env=cli_env, timeout=120,
    )
    assert result.returncode == 2 and "give one role, not --moderator and --editor" in result.stderr
    assert "Created" not in result.stdout and "Traceback" not in result.stderr


def test_adduser_command_gives_the_one_role_asked_for(cli_env):
    result = subprocess.run(
        [*quicklooks_command(), "adduser", "ed@example.com", "--password", "a long password 2026", "--name", "Ed", "--editor"],
        capture_output=True, text=True, env=cli_env, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "verified, editor" in result.stdout
