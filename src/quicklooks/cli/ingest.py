import sys

import click


@click.command("ingest")
@click.argument("targets", nargs=-1, required=True, metavar="URL|FEED|PATH...")
@click.option(
    "--allow-private",
    is_flag=True,
    help="Allow private, loopback and link-local addresses (an intranet feed, a local test server).",
)
@click.option(
    "--publish",
    is_flag=True,
    help="Publish new stories at once, even with Quick Looks the engine wrote, instead of sending them to the desk "
    "inbox for review (recorded on each story with your user name).",
)
@click.option("--section", default="", help="Put new stories in this section (created if new).")
@click.option("--no-robots", is_flag=True, hidden=True, help="Skip robots.txt (only for your own servers).")
def ingest(targets: tuple[str, ...], allow_private: bool, publish: bool, section: str, no_robots: bool) -> None:
    """Ingest web pages, RSS/Atom feeds, story files or folders of them, once.

    A URL is fetched politely (our User-Agent, timeouts, size limit,
    robots.txt) and read as a feed or as an article page; each feed entry's
    page is fetched and its article extracted, falling back to the entry's own
    text. A PATH is a local file or a folder of them (.txt, .story, .md, .html,
    .htm, .xml, .rss, .atom), each read by its content: an HTML page is
    extracted like a fetched page, an RSS/Atom feed is read like a fetched
    feed (an entry's own text is used when it holds the article; its page is
    fetched only when it does not), anything else is a story file. Stories already stored
    (same address, same text or near-identical text) are reported as
    duplicates and linked, not stored twice. New stories go to the desk inbox
    unless --publish: as "needs review" when the engine wrote their Quick
    Looks, as drafts when they came with their own.

    Prints added / duplicate / failed with each failure's reason. Exit status:
    0 when everything was read, 1 when some entries failed, 2 when a source
    could not be read at all (for example a malformed feed).
    """
    from quicklooks.bootstrap import setup_django

    setup_django()
    from pathlib import Path

    from tqdm import tqdm

    from quicklooks.ingest.fetching import Fetcher
    from quicklooks.ingest.ingesting import (
        Report,
        SourceUnreadable,
        folder_files,
        ingest_entry,
        ingest_file,
        ingest_page_body,
        local_file_kind,
        read_feed_file,
        read_source_entries,
    )
    from quicklooks.stories.batches import batch
    from quicklooks.stories.importing import get_or_create_named
    from quicklooks.stories.models import Section

    section_obj = get_or_create_named(Section, section) if section else None
    fetcher = Fetcher(allow_private=allow_private, obey_robots=not no_robots)
    report = Report()
    unreadable = []

    def show(outcome, bar):
        line = {
            "added": lambda o: f"added: {o.story.slug} ({o.where})"
            + (" (needs review: the engine wrote its Quick Looks)" if o.story.status == "review" else ""),
            "duplicate": lambda o: f"duplicate: {o.where}: {o.reason}",
            "failed": lambda o: f"failed: {o.where}: {o.reason}",
        }[outcome.kind](outcome)
        bar.write(line, file=sys.stderr)
        report.outcomes.append(outcome)

    def placed(outcome):
        if section_obj and outcome.story is not None and outcome.kind == "added":
            outcome.story.section = section_obj
            outcome.story.save(update_fields=["section", "updated_at"])
        return outcome

    def unreadable_source(error):
        unreadable.append(str(error))
        click.echo(f"unreadable: {error}", err=True)

    def ingest_path(target):
        path = Path(target)
        if not path.exists():
            raise SourceUnreadable(f"{target}: no such file or folder (and not an http(s) URL).")
        files = folder_files(target) if path.is_dir() else [path]
        with tqdm(files, desc=target, unit="file", file=sys.stderr, disable=len(files) < 2) as bar:
            for file in bar:
                if local_file_kind(file) != "feed":
                    show(placed(ingest_file(file, publish=publish)), bar)
                    continue
                try:
                    feed_key, entries = read_feed_file(file)
                except SourceUnreadable as error:
                    unreadable_source(error)  # one bad feed does not stop the rest of the folder
                    continue
                for entry in entries:
                    outcome = ingest_entry(entry, feed_url=feed_key, fetcher=fetcher, publish=publish, text_first=True)
                    show(placed(outcome), bar)

    # Each story commits on its own; the search index, topics and the page
    # cache are brought up to date once, for all of them, at the end.
    with batch():
        for target in targets:
            try:
                if target.lower().startswith("file:"):
                    from urllib.parse import urlsplit
                    from urllib.request import url2pathname

                    local = url2pathname(urlsplit(target).path)
                    raise SourceUnreadable(
                        f"{target}: file:// URLs are not fetched. Pass the path instead: quicklooks ingest {local}"
                    )
                if "://" not in target:
                    ingest_path(target)
                    continue
                kind, entries, body = read_source_entries(target, fetcher=fetcher)
                if kind == "feed":
                    with tqdm(entries, desc=target, unit="entry", file=sys.stderr) as bar:
                        for entry in bar:
                            show(placed(ingest_entry(entry, feed_url=target, fetcher=fetcher, publish=publish)), bar)
                else:
                    with tqdm([body], desc=target, unit="page", file=sys.stderr, disable=True) as bar:
                        show(placed(ingest_page_body(body, url=target, publish=publish, fetcher=fetcher)), bar)
            except SourceUnreadable as error:
                unreadable_source(error)

    click.echo(report.summary() + (f", {len(unreadable)} unreadable source(s)" if unreadable else ""))
    if unreadable:
        sys.exit(2)
    if report.count("failed"):
        sys.exit(1)
