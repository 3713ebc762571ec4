"""``quicklooks topics``: list topics, rebuild them from every published story."""

from __future__ import annotations

import click


@click.group()
def topics() -> None:
    """Topics: stories about the same running event, linked automatically."""


@topics.command("rebuild")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, only the summary.")
def rebuild_command(quiet: bool) -> None:
    """Cluster every published story into topics again, oldest first.

    Stories an editor placed by merging or splitting stay where they are, and
    names editors gave are kept. Runs in one transaction.
    """
    from quicklooks.bootstrap import setup_django

    setup_django()
    from tqdm import tqdm

    from quicklooks.topics.clustering import rebuild

    summary = rebuild(progress=lambda items: tqdm(items, unit="story", desc="Reading stories", disable=quiet))
    click.echo(f"{summary['stories']} stories in {summary['topics']} topics ({summary['created']} new topics).")


@topics.command("list")
@click.option("--all", "show_all", is_flag=True, help="Include topics with a single story.")
def list_command(show_all: bool) -> None:
    """List topics with their story counts, most recent first."""
    from quicklooks.bootstrap import setup_django

    setup_django()
    from quicklooks.topics.models import Topic

    for topic in Topic.objects.with_published(minimum=1 if show_all else 2).order_by("-latest_at", "name"):
        click.echo(f"{topic.published_count:>4}  {topic.slug:<40} {topic.name}")
