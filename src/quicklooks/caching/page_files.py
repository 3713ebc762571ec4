"""Anonymous pages written as files, for nginx to serve without asking Django.

Enabled by ``QUICKLOOKS_PAGE_FILES_DIR`` (``quicklooks deploy`` sets it). The
directory holds one sub-directory per generation and a symlink ``current``
to the live one; nginx looks for ``current/<path>/index.html`` and falls back
to the app. A bump makes a fresh directory, renders the busiest pages into it
(``warming``) and swaps the symlink with one ``rename``, so nginx never sees
a half-filled tree, and a render that started before the bump writes into
the old directory, which nginx no longer reads.

Only a single host's nginx can read these files: with several app servers,
leave this off and let the Redis page cache and the CDN do the work
(docs/deployment.md, "Scale-out").
"""

from __future__ import annotations

import fcntl
import logging
import os
import secrets
import shutil
import threading
import time
from pathlib import Path

from django.conf import settings
from django.dispatch import Signal

log = logging.getLogger(__name__)

directory_made = Signal()
"""Sent with ``directory`` (new, not yet live) and ``previous`` (the live one, or None) inside a bump.

The warming listens and renders the busiest pages into ``directory`` before
it goes live (``CachingConfig.ready``), so this module never imports it.
"""

LINK = "current"
# A render that read the old link may still be writing; keep old directories
# this long before sweeping them.
SWEEP_AFTER_SECONDS = 60


def root() -> Path | None:
    configured = getattr(settings, "QUICKLOOKS_PAGE_FILES_DIR", None)
    return Path(configured) if configured else None


_local = threading.local()


def bump() -> None:
    base = root()
    if base is None:
        return
    if getattr(_local, "bumping", False):
        # Rendering a page for warming saved something that bumps: the flock
        # below is not re-entrant, so finish this bump and run one more.
        _local.again = True
        return
    _local.bumping = True
    try:
        for _ in range(2):  # not forever if every render saves something
            _local.again = False
            _bump_once(base)
            if not _local.again:
                break
    finally:
        _local.bumping = False


def _bump_once(base: Path) -> None:
    requested = time.time_ns()
    base.mkdir(parents=True, exist_ok=True)
    # One bump at a time on this machine. A bump renders before it swaps, so
    # two at once could end with the older renders live; in turn, the later
    # bump renders after every change the earlier one was for.
    with open(base / ".bump.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            previous = base / os.readlink(base / LINK)
        except OSError:
            previous = None
        if previous is not None and _started_at(previous.name) > requested:
            return  # a bump that began after this change already rendered it
        name = f"g{time.time_ns()}-{secrets.token_hex(4)}"
        (base / name).mkdir()
        # nginx keeps serving the previous files while the busiest pages are
        # rendered into the new directory (see quicklooks.caching.warming).
        directory_made.send(sender=bump, directory=base / name, previous=previous)
        temporary = base / f".{name}.link"
        os.symlink(name, temporary)
        os.replace(temporary, base / LINK)
    _sweep(base, keep=name)


def on_generation_changed(sender, **kwargs) -> None:
    """``generation.generation_changed``: replace the page files nginx serves."""
    bump()


def _started_at(name: str) -> int:
    """When the bump that made directory ``name`` took the lock (ns), 0 if unknown."""
    try:
        return int(name[1:].split("-", 1)[0])
    except ValueError:
        return 0


def _sweep(base: Path, *, keep: str) -> None:
    cutoff = time.time() - SWEEP_AFTER_SECONDS
    for entry in base.iterdir():
        if entry.name in (keep, LINK) or not entry.name.startswith("g"):
            continue
        try:
            if entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry, ignore_errors=True)
        except FileNotFoundError:
            pass


def live_directory() -> Path | None:
    """The directory nginx reads now; read it *before* rendering (see generation)."""
    base = root()
    if base is None:
        return None
    try:
        return base / os.readlink(base / LINK)
    except FileNotFoundError:
        bump()
        return base / os.readlink(base / LINK)
    except OSError:
        return None


def _relative(path: str) -> Path | None:
    parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") or "\x00" in part or part.startswith(".") for part in parts):
        return None
    return Path(*parts) if parts else Path()


def write(directory: Path, path: str, body: bytes) -> Path | None:
    """Write ``body`` as the page for ``path`` inside ``directory``; None when skipped."""
    relative = _relative(path)
    if relative is None or not directory.is_dir():
        # No directory: a bump swept it, so this render is stale anyway.
        return None
    target_dir = directory / relative
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / "index.html"
        temporary = target_dir / f".index.{secrets.token_hex(4)}.tmp"
        temporary.write_bytes(body)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as error:
        log.warning("could not write page file for %s: %s", path, error)
        return None
    return target
