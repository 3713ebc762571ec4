import click


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command: quicklooks manage COMMAND [ARGS].

    For example `quicklooks manage createsuperuser` or
    `quicklooks manage check --deploy`. `quicklooks manage help` lists them.
    """
    from quicklooks.bootstrap import setup_django

    setup_django(migrate=not args or args[0] not in {"migrate", "makemigrations", "sqlmigrate", "showmigrations"})
    from django.core.management import execute_from_command_line

    execute_from_command_line(["quicklooks manage", *args])
