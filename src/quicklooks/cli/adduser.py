import click

ROLE_FLAGS = ("moderator", "editor", "reporter", "admin")


@click.command()
@click.argument("email")
@click.option("--password", required=True, help="The account's password (at least 10 characters, not a common one).")
@click.option("--name", default="", help="Public display name shown on comments; must not be another account's.")
@click.option("--moderator", is_flag=True, help="Give the moderator role: works the comment queue.")
@click.option("--editor", is_flag=True, help="Give the editor role: edits and publishes stories, also moderates.")
@click.option("--reporter", is_flag=True, help="Give the reporter role: writes and submits stories.")
@click.option("--admin", is_flag=True, help="Give the admin role: everything, including Django admin.")
def adduser(email: str, password: str, name: str, **flags: bool) -> None:
    """Create an account with EMAIL, already verified, optionally with one staff role.

    The roles are exclusive: give at most one. An editor also moderates and an
    admin holds every role, so no combination is needed.
    """
    chosen = [role for role in ROLE_FLAGS if flags[role]]
    if len(chosen) > 1:
        raise click.UsageError(
            f"give one role, not {' and '.join('--' + r for r in chosen)}: "
            "an editor also moderates, and an admin holds every role."
        )
    role = chosen[0] if chosen else None
    from quicklooks.bootstrap import setup_django

    setup_django()
    from quicklooks.accounts.creating import AccountError, create_verified_account

    try:
        user = create_verified_account(email, password, name=name, roles=(role,) if role else ())
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {user.email} (verified{', ' + role if role else ''}).")
