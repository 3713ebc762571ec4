import json

import click


@click.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line (JSON Lines).")
@click.option("--status", type=click.Choice(["draft", "review", "published"]), help="Only stories with this status.")
def stories(as_json: bool, status: str | None) -> None:
    """List stored stories, newest first."""
    from quicklooks.bootstrap import setup_django

    setup_django()
    from quicklooks.stories.library import story_records

    for record in story_records(status=status):
        if as_json:
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            click.echo(f"{record['status']:<10} {record['slug']}\n           {record['headline']}")
