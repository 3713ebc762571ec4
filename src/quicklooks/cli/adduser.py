import click


@click.command()
@click.argument("email")
@click.option("--password", required=True, help="The account's password (at least 10 characters, not a common one).")
@click.option("--name", default="", help="Public display name shown on comments.")
@click.option("--moderator", "role", flag_value="moderator", help="Give the moderator role: works the comment queue.")
@click.option("--editor", "role", flag_value="editor", help="Give the editor role: edits and publishes stories, also moderates.")
@click.option("--reporter", "role", flag_value="reporter", help="Give the reporter role: writes and submits stories.")
@click.option("--admin", "role", flag_value="admin", help="Give the admin role: everything, including Django admin.")
def adduser(email: str, password: str, name: str, role: str | None) -> None:
    """Create an account with EMAIL, already verified, optionally with a staff role."""
    from quicklooks.bootstrap import setup_django

    setup_django()
    from quicklooks.accounts.creating import AccountError, create_verified_account

    try:
        user = create_verified_account(email, password, name=name, roles=(role,) if role else ())
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {user.email} (verified{', ' + role if role else ''}).")
