"""Ingesting one story, one feed entry, one page, one file or one saved source.

The command line, the desk's "poll now" and the Celery tasks all call these
functions. Each story is stored in one transaction together with its
provenance and its MinHash bands, so a worker killed mid-story leaves either
the whole story or nothing, and running the same ingest again adds nothing.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit
from typing import Callable, Literal

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from quicklooks.ingest import dedupe
from quicklooks.ingest.extraction import (
    Entry,
    ExtractionError,
    lead_image,
    looks_like_feed,
    read_feed,
    story_from_html,
    story_from_text,
)
from quicklooks.ingest.fetching import MAX_BYTES as MAX_PAGE_BYTES
from quicklooks.ingest.fetching import Fetcher, FetchError, host_and_port
from quicklooks.ingest.sniffing import FEED_SUFFIXES, HTML_SUFFIXES, sniff_file
from quicklooks.ingest.models import DuplicateLink, Failure, MinHashBand, Provenance, Source
from quicklooks.stories import images
from quicklooks.stories.batches import batch
from quicklooks.stories.importing import Override, command_line_user, content_hash, import_story
from quicklooks.stories.library import crash_safe_quick_looks_writer
from quicklooks.stories.models import Section, Story
from quicklooks.text import story as text_story
from quicklooks.text.storyformat import StoryFormatError, read_story_file

log = logging.getLogger("quicklooks.ingest")

Kind = Literal["added", "duplicate", "failed"]


@dataclass
class Outcome:
    kind: Kind
    where: str
    story: Story | None = None
    reason: str = ""


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)
    fatal: str = ""
    not_modified: bool = False

    def count(self, kind: Kind) -> int:
        return sum(1 for o in self.outcomes if o.kind == kind)

    def summary(self) -> str:
        return f"Ingested: {self.count('added')} added, {self.count('duplicate')} duplicate, {self.count('failed')} failed"


def quick_looks_writer():
    """The crash-safe Quick Looks writer every ingested story is imported with (see ``stories.library``)."""
    return crash_safe_quick_looks_writer()


def _link(story: Story, *, kind: str, url: str, headline: str, source: Source | None, similarity: float) -> None:
    DuplicateLink.objects.get_or_create(
        story=story,
        url=url,
        defaults={"kind": kind, "headline": headline[:300], "source": source, "similarity": similarity},
    )


def _near_duplicate(sig: list[int]) -> tuple[Story, float] | None:
    """The stored story most like ``sig``, if any is at least NEAR_THRESHOLD alike.

    Candidates share at least two LSH bands (one shared band is mostly chance
    between stories on the same subject); only their signatures are loaded.
    """
    # Plain SQL: the ORM spends ~20 ms cloning a 16-way OR through each queryset step, the query itself <1 ms.
    pairs = dedupe.bands(sig)
    table = connection.ops.quote_name(MinHashBand._meta.db_table)
    where = " OR ".join(["(band = %s AND digest = %s)"] * len(pairs))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT story_id FROM {table} WHERE {where} GROUP BY story_id HAVING COUNT(*) >= %s "
            "ORDER BY COUNT(*) DESC LIMIT 50",
            [value for pair in pairs for value in pair] + [dedupe.MIN_SHARED_BANDS],
        )
        candidates = [row[0] for row in cursor.fetchall()]
    best_id, best_score = None, 0.0
    for story_id, minhash in Provenance.objects.filter(story_id__in=candidates).values_list("story_id", "minhash"):
        score = dedupe.similarity(sig, minhash)
        if score >= dedupe.NEAR_THRESHOLD and score > best_score:
            best_id, best_score = story_id, score
    return (Story.objects.get(pk=best_id), best_score) if best_id is not None else None


def store(
    parsed: text_story.Story,
    *,
    where: str,
    method: str,
    source: Source | None = None,
    publish: bool = False,
    section: Section | None = None,
    override: Override | None = None,
    picture: PagePicture | None = None,
) -> Outcome:
    """Store ``parsed`` unless we have it already (same URL, same text, near-identical text).

    One transaction: the story, its Quick Looks, its provenance and its bands
    are all there afterwards, or none of them is. A story whose Quick Looks
    the engine wrote waits for review unless ``override`` (``--publish``, a
    source set to publish automatically) publishes it, recorded on the story.
    """
    text = parsed.deep_look_text()
    digest = dedupe.text_hash(text)
    sig = dedupe.signature(text)
    try:
        with transaction.atomic():
            # The same address, or the same text from anywhere: one query for both.
            same_address_or_text = (Q(url=where) | Q(text_hash=digest)) if where else Q(text_hash=digest)
            known = list(Provenance.objects.filter(same_address_or_text).select_related("story").order_by("pk"))
            seen = next((p for p in known if where and p.url == where), None)
            if seen is not None:
                return Outcome("duplicate", where, seen.story, "already ingested from this address")
            same = next((p for p in known if p.text_hash == digest), None)
            if same is not None:
                _link(same.story, kind="text", url=where, headline=parsed.headline, source=source, similarity=1.0)
                return Outcome("duplicate", where, same.story, f"same text as “{same.story.headline}”")
            near = _near_duplicate(sig)
            if near is not None:
                story, score = near
                _link(story, kind="near", url=where, headline=parsed.headline, source=source, similarity=score)
                return Outcome("duplicate", where, story, f"near-identical ({score:.0%}) to “{story.headline}”")

            if picture is not None and not picture.alt and (publish or override is not None):
                # Alt text is required to publish: the story waits on the desk, marked "image needs alt text".
                publish, override = False, None
            result = import_story(parsed, source=where, publish=publish, quick_looks_writer=quick_looks_writer(), override=override)
            story = result.story
            if result.outcome == "unchanged":
                # The same text was imported before by other means (`quicklooks import`), without provenance.
                _link(story, kind="text", url=where, headline=parsed.headline, source=source, similarity=1.0)
                return Outcome("duplicate", where, story, f"same text as “{story.headline}”")
            if picture is not None:
                images.attach_story_image(
                    story, picture.made, alt=picture.alt, caption=picture.caption, credit=picture.credit, source_url=picture.url
                )
                if story.image_needs_alt and story.status == Story.Status.DRAFT:
                    story.status = Story.Status.REVIEW
                    story.save(update_fields=["status", "updated_at"])
            if section is not None and story.section_id != section.pk:
                story.section = section
                story.save(update_fields=["section", "updated_at"])
            Provenance.objects.create(
                story=story,
                source=source,
                url=where,
                content_hash=content_hash(parsed),
                text_hash=digest,
                method=method,
                minhash=sig,
            )
            MinHashBand.objects.bulk_create(MinHashBand(story=story, band=b, digest=d) for b, d in dedupe.bands(sig))
            if source is not None:
                Source.objects.filter(pk=source.pk).update(last_added=F("last_added") + 1)
            return Outcome("added", where, story)
    except IntegrityError:
        # Another worker stored the same address or story a moment ago.
        seen = Provenance.objects.filter(Q(url=where) | Q(text_hash=digest)).select_related("story").first()
        if seen is None:
            raise
        return Outcome("duplicate", where, seen.story, "stored by another worker at the same moment")


@dataclass
class PagePicture:
    """A page's lead image, fetched and made into renditions before the story's transaction opens."""

    made: images.Made
    url: str
    alt: str
    caption: str
    credit: str


def page_picture(body: bytes, *, url: str, fetcher: Fetcher) -> PagePicture | None:
    """The page's lead image, fetched through ``fetcher`` (same politeness, same private-address rule).

    A picture that cannot be fetched or read never stops the story: it is
    stored without one, and the reason is logged.
    """
    found = lead_image(body, url=url)
    if found is None:
        return None
    try:
        response = fetcher.get_image(found.url)
        made = images.make(response.body, name=response.url)
    except (FetchError, images.ImageError) as error:
        log.warning("%s: stored without its lead image: %s", url, error)
        return None
    return PagePicture(made, found.url, found.alt, found.caption, found.credit)


def fetcher_for(source: Source | None) -> Fetcher:
    """A source an admin allowed may reach private addresses, but only on its own host."""
    if source is not None and source.allow_private:
        # The source's own host on its own port only: not every port on that host.
        return Fetcher(allow_private=frozenset({host_and_port(source.url)}))
    return Fetcher()


def _record_failure(source: Source | None, where: str, reason: str) -> Outcome:
    if source is not None:
        Failure.objects.create(source=source, url=where[:1000], reason=reason)
        # Entry tasks finish after their poll; the source shows their latest failure too.
        Source.objects.filter(pk=source.pk).update(last_error=reason)
    return Outcome("failed", where, reason=reason)


def _publish_for(source: Source | None, publish: bool | None) -> dict:
    """``publish`` and ``override`` for :func:`store`: publish when asked (``--publish``) or when the source says so.

    Either is an explicit decision to publish without review, so it is passed
    as an override naming who made it: the person running the command, or the
    source and whoever set it to publish automatically.
    """
    if publish is not None:
        if not publish:
            return {"publish": False, "override": None}
        return {"publish": True, "override": Override("command", f"{command_line_user()} (ingest --publish)")}
    if source is not None and source.auto_publish:
        who = f" by {source.auto_publish_set_by}" if source.auto_publish_set_by else " in the settings"
        return {"publish": True, "override": Override("source", f"source “{source.name}”, set to publish automatically{who}")}
    return {"publish": False, "override": None}


def entry_key(entry: Entry, feed_url: str) -> str:
    """The address an entry is known by: its link, or the feed plus a hash of its title and text."""
    if entry.link:
        return entry.link
    digest = hashlib.sha256((entry.title + "\n" + entry.content).encode()).hexdigest()[:16]
    return f"{feed_url}#entry-{digest}"


def ingest_entry(
    entry: Entry,
    *,
    feed_url: str,
    source: Source | None = None,
    fetcher: Fetcher | None = None,
    publish: bool | None = None,
    text_first: bool = False,
) -> Outcome:
    """Fetch the entry's page and store its article; fall back to the entry's own text.

    With ``text_first`` (a feed read from a local file) the entry's own text
    is used when it holds an article, and its page is fetched only when it
    does not, so a local feed makes no network calls it does not need.
    """
    fetcher = fetcher or fetcher_for(source)
    where = entry_key(entry, feed_url)
    if Provenance.objects.filter(url=where).exists():
        return Outcome("duplicate", where, reason="already ingested from this address")
    parsed, method, page_problem, text_problem = None, "feed-page", "", ""
    picture = None
    if text_first:
        try:
            parsed = story_from_text(entry.content, title=entry.title, author=entry.author, outlet=entry.feed_title)
            method = "feed-entry"
        except ExtractionError as error:
            text_problem = str(error)
    if parsed is None and entry.link:
        try:
            response = fetcher.get(entry.link, accept="text/html,application/xhtml+xml")
            parsed = story_from_html(response.body, url=response.url)
            picture = page_picture(response.body, url=response.url, fetcher=fetcher)
            if entry.title and parsed.headline != entry.title:
                # The feed's title is the outlet's own headline; page titles often carry "| Site name".
                parsed = replace(parsed, headline=entry.title[:300])
        except (FetchError, ExtractionError) as error:
            page_problem = str(error)
    if parsed is None:
        method = "feed-entry"
        try:
            if text_problem:
                raise ExtractionError(text_problem)
            parsed = story_from_text(entry.content, title=entry.title, author=entry.author, outlet=entry.feed_title)
        except ExtractionError as error:
            reason = f"{error}" + (f"; the page itself: {page_problem}" if page_problem else "")
            return _record_failure(source, where, reason)
    return store(
        parsed,
        where=where,
        method=method,
        source=source,
        section=source.section if source else None,
        picture=picture if method == "feed-page" else None,
        **_publish_for(source, publish),
    )


def _read_local(path: Path) -> tuple[str, bytes]:
    """(kind, bytes) of a local file: "feed", "page" or "text" (see sniffing.sniff_file)."""
    size = path.stat().st_size
    if size > MAX_PAGE_BYTES:
        raise OSError(0, f"the file is {size:,} bytes; local files are read up to {MAX_PAGE_BYTES:,} bytes")
    data = path.read_bytes()
    return sniff_file(data, suffix=path.suffix), data


def local_file_kind(path: Path) -> str:
    """"feed", "page" or "text" for a local file, by its content (its extension only breaks ties)."""
    try:
        return _read_local(path)[0]
    except OSError:
        return "text"  # ingest_file reports why it cannot be read


def ingest_file(path: Path, *, source: Source | None = None, publish: bool | None = None) -> Outcome:
    """Store one local file: a story file or plain text, or an HTML page (extracted like a fetched page).

    A feed file holds many stories: ingest those with ingest_feed_file.
    """
    where = str(path.resolve())
    try:
        kind, data = _read_local(path)
    except OSError as error:
        return _record_failure(source, where, f"cannot read the file ({error.strerror}).")
    # The reasons leave the path out: the failure is reported with `where`, the path itself.
    if kind == "feed":
        return _record_failure(source, where, "this is an RSS or Atom feed, not a single story.")
    if kind == "page":
        try:
            parsed = story_from_html(data, url="")
        except ExtractionError as error:
            return _record_failure(source, where, str(error))
        method = "file-page"
    else:
        try:
            parsed = read_story_file(path)
        except StoryFormatError as error:
            reason = " ".join(part for part in (error.message, error.fix) if part)
            return _record_failure(source, where, f"line {error.line}: {reason}" if error.line else reason)
        method = "file"
    return store(parsed, where=where, method=method, source=source, section=source.section if source else None,
                 **_publish_for(source, publish))


def read_feed_file(path: Path) -> tuple[str, list[Entry]]:
    """(the feed's key, its entries) for an RSS or Atom file; SourceUnreadable names the file and says why."""
    try:
        _, data = _read_local(path)
        return str(path.resolve()), read_feed(data, url=str(path), local=True).entries
    except OSError as error:
        raise SourceUnreadable(f"{path}: cannot read the file ({error.strerror}).") from error
    except ExtractionError as error:
        raise SourceUnreadable(str(error)) from error


def ingest_feed_file(
    path: Path,
    *,
    source: Source | None = None,
    fetcher: Fetcher | None = None,
    publish: bool | None = None,
) -> list[Outcome]:
    """Store each entry of a local RSS or Atom file, as a fetched feed's entries are stored.

    An entry's own text is used when it holds an article; its page is fetched
    (politely, through ``fetcher``) only when it does not. Raises
    SourceUnreadable for a file that is not a readable feed.
    """
    feed_key, entries = read_feed_file(path)
    fetcher = fetcher or fetcher_for(source)
    return [
        ingest_entry(entry, feed_url=feed_key, source=source, fetcher=fetcher, publish=publish, text_first=True)
        for entry in entries
    ]


class SourceUnreadable(Exception):
    """The source as a whole could not be read (the feed itself, the folder): the message says why."""


def read_source_entries(url: str, *, fetcher: Fetcher, source: Source | None = None) -> tuple[str, list[Entry] | None, bytes | None]:
    """Fetch a feed or page URL. Returns (kind, entries, page_body); entries is None for a page.

    Raises SourceUnreadable for anything that makes the whole source unreadable.
    """
    etag = source.etag if source else ""
    modified = source.last_modified if source else ""
    try:
        response = fetcher.get(url, etag=etag, last_modified=modified,
                               accept="application/rss+xml,application/atom+xml,application/xml,text/html;q=0.9,*/*;q=0.5")
    except FetchError as error:
        raise SourceUnreadable(str(error)) from error
    if response.not_modified:
        return "not-modified", [], None
    is_feed = (source.kind == Source.Kind.FEED) if source else looks_like_feed(response.content_type, response.body)
    entries = None
    if is_feed:
        try:
            entries = read_feed(response.body, url=url).entries
        except ExtractionError as error:
            raise SourceUnreadable(str(error)) from error
    if source is not None:
        # Remember the validators only for a response we could read, so a broken feed is read again.
        source.etag, source.last_modified = response.etag[:300], response.last_modified[:100]
    return ("feed", entries, None) if is_feed else ("page", None, response.body)


def ingest_page_body(
    body: bytes, *, url: str, source: Source | None = None, publish: bool | None = None, fetcher: Fetcher | None = None
) -> Outcome:
    try:
        parsed = story_from_html(body, url=url)
    except ExtractionError as error:
        return _record_failure(source, url, f"{url}: {error}")
    # A page source is fetched on every poll; its picture only the first time.
    known = Provenance.objects.filter(url=url).exists()
    picture = None if known else page_picture(body, url=url, fetcher=fetcher or fetcher_for(source))
    return store(parsed, where=url, method="page", source=source, section=source.section if source else None,
                 picture=picture, **_publish_for(source, publish))


STORY_SUFFIXES = (".txt", ".story", ".md")


def folder_files(folder: str) -> list[Path]:
    """The story files, pages and feeds in a folder (by extension; each file's content decides how it is read)."""
    path = Path(folder)
    if not path.is_dir():
        raise SourceUnreadable(f"{folder}: not a folder on this machine. Give the full path of an existing folder.")
    suffixes = STORY_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES
    return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in suffixes)


def poll_source(
    source: Source,
    *,
    fetcher: Fetcher | None = None,
    each: Callable[[str, Entry | Path | bytes], Outcome | None] | None = None,
    progress: Callable[[int], object] | None = None,
) -> Report:
    """Poll one saved source now and record what happened on it.

    ``each`` lets the Celery task send each entry to its own task instead of
    ingesting it here; when it returns None the outcome is not known yet.
    """
    fetcher = fetcher or fetcher_for(source)
    report = Report()
    Source.objects.filter(pk=source.pk).update(last_added=0)
    try:
        if source.kind == Source.Kind.FOLDER:
            items: list = [("feed-file" if local_file_kind(p) == "feed" else "file", p) for p in folder_files(source.url)]
        else:
            kind, entries, body = read_source_entries(source.url, fetcher=fetcher, source=source)
            if kind == "not-modified":
                report.not_modified = True
                items = []
            elif kind == "feed":
                keys = [entry_key(e, source.url) for e in entries]
                known = set(Provenance.objects.filter(url__in=keys).values_list("url", flat=True))
                items = [("entry", e) for e, key in zip(entries, keys) if key not in known]
                report.outcomes.extend(Outcome("duplicate", key, reason="already ingested") for key in keys if key in known)
            else:
                items = [("page", body)]
    except SourceUnreadable as error:
        report.fatal = str(error)
        Failure.objects.create(source=source, url=source.url[:1000], reason=report.fatal)
        source.last_polled_at = timezone.now()
        source.last_error = report.fatal
        source.schedule_next(failed=True)
        source.save(update_fields=["last_polled_at", "last_error", "consecutive_failures", "next_poll_at"])
        return report
    # Each story commits on its own; search, topics and the page cache catch
    # up once for the whole poll (quicklooks.stories.batches).
    with batch():
        for kind, item in items:
            if kind == "feed-file":
                # A feed in a watched folder: its entries are read here (mostly from their own text).
                try:
                    report.outcomes.extend(ingest_feed_file(item, source=source, fetcher=fetcher))
                except SourceUnreadable as error:
                    report.outcomes.append(_record_failure(source, str(item.resolve()), str(error)))
                if progress:
                    progress(1)
                continue
            outcome = each(kind, item) if each else None
            if each is None:
                if kind == "entry":
                    outcome = ingest_entry(item, feed_url=source.url, source=source, fetcher=fetcher)
                elif kind == "file":
                    outcome = ingest_file(item, source=source)
                else:
                    outcome = ingest_page_body(item, url=source.url, source=source, fetcher=fetcher)
            if outcome is not None:
                report.outcomes.append(outcome)
            if progress:
                progress(1)
    source.refresh_from_db(fields=["last_added"])
    source.last_polled_at = timezone.now()
    failed = [o for o in report.outcomes if o.kind == "failed"]
    source.last_error = failed[-1].reason if failed else ""
    source.schedule_next(failed=False)
    source.save(update_fields=["last_polled_at", "last_error", "consecutive_failures", "next_poll_at", "etag", "last_modified"])
    return report


def due_sources():
    now = timezone.now()
    return Source.objects.filter(active=True).filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
