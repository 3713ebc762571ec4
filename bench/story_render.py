"""Where an uncached story page render spends its time: per panel, per query, per function.

    .venv/bin/python bench/story_render.py [--renders 50] [--comments 40] [--profile 30]
        [--signed-in] [--page-cache]

Sets up a scratch embedded site (SQLite in a temporary data directory), loads
the sample story, adds --comments approved comments, then renders the story
page through Django's test client --renders times and prints:

- the mean and median time of a whole render: with the page cache off, or
  with --page-cache on and every render a miss forced by a bump first
  (--bump comments: as after an approved comment, so panels that show no
  comments come from the fragment cache; --bump content: as after an edit,
  so every panel renders);
- the time and SQL queries of each panel template on its own;
- the queries of one render, grouped by their SQL shape, so N+1 shows up
  as one shape run many times;
- with --profile N, cProfile's top N functions by cumulative time.

--signed-in renders as a verified reader (the personal path: the page cache
never applies). Nothing here is a test: numbers depend on the machine.
"""

from __future__ import annotations

import os
import sys

sys.path[:] = [entry for entry in sys.path if os.path.realpath(entry or ".") != os.path.dirname(os.path.realpath(__file__))]

import argparse  # noqa: E402
import cProfile
import pstats
import re
import statistics
import tempfile
import time
from collections import Counter


def _setup(args) -> None:
    os.environ["QUICKLOOKS_DATA_DIR"] = tempfile.mkdtemp(prefix="quicklooks-bench-render-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "quicklooks.settings.embedded"
    os.environ.setdefault("QUICKLOOKS_LOG_LEVEL", "WARNING")
    if not args.page_cache:
        os.environ["QUICKLOOKS_PAGE_CACHE_SECONDS"] = "0"
    from quicklooks.bootstrap import setup_django

    setup_django()


def _reader(name: str, *, roles=()):
    from datetime import timedelta

    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    user, made = get_user_model().objects.get_or_create(username=name, defaults={"email": f"{name}@example.org"})
    if made:
        user.date_joined = timezone.now() - timedelta(days=90)
        user.save()
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        for role in roles:
            user.groups.add(Group.objects.get(name=role))
    return user


def _add_comments(story, count: int) -> None:
    from django.conf import settings

    from quicklooks.comments import moderation
    from quicklooks.comments.models import Comment
    from quicklooks.comments.posting import post_comment

    settings.QUICKLOOKS_COMMENT_RATE = "0"
    moderator = _reader("render-moderator", roles=("moderator",))
    writers = [_reader(f"render-reader-{i}") for i in range(10)]
    parent = None
    for i in range(count):
        comment, _ = post_comment(story=story, user=writers[i % len(writers)], text=f"Comment number {i} on the story.",
                                  parent=parent if i % 4 == 3 else None)
        if comment.status == Comment.Status.PENDING:
            moderation.approve(comment, moderator)
        if i % 4 == 0:
            parent = comment


def _shape(sql: str) -> str:
    sql = re.sub(r"'[^']*'", "?", sql)
    sql = re.sub(r"\b\d+\b", "?", sql)
    sql = re.sub(r"\(\?(, \?)*\)", "(…)", sql)
    return sql[:160]


def _client(args):
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    if args.signed_in:
        client.force_login(_reader("render-signed-in"))
    return client


def _render_once(client, url: str, args):
    if args.page_cache:
        from quicklooks.caching import generation

        try:
            generation.bump(comments_only=args.bump == "comments")
        except TypeError:  # an older quicklooks, one generation for everything (PYTHONPATH=<old>/src)
            generation.bump()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    if args.page_cache and not args.signed_in:
        assert response["X-Page-Cache"] == "miss", response["X-Page-Cache"]
    return response


def _panel_times(story, url: str, args) -> list[tuple[str, float, int]]:
    """Each panel's share of a render: every panel rendered in page order, with one story object, as the page does.

    Panels that share work (the facts panels read the story's facts once) are
    timed as the page pays for them: the first pays, the others reuse.
    """
    from django.db import connection
    from django.template.loader import get_template
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from quicklooks.stories import panels
    from quicklooks.stories.views import _published_story

    request = RequestFactory(HTTP_HOST="127.0.0.1").get(url)
    if args.signed_in:
        request.user = _reader("render-signed-in")
    else:
        from django.contrib.auth.models import AnonymousUser

        request.user = AnonymousUser()
    request.session = {}
    ordered = [panel for slot in panels.SLOTS if slot != "card" for panel in panels.panels_for(slot)]
    times: dict[str, list[float]] = {panel.template: [] for panel in ordered}
    queries: dict[str, int] = {}
    for _ in range(max(5, args.renders // 5)):
        fresh = _published_story(story.slug)  # no per-object memo carried over between rounds
        for panel in ordered:
            template = get_template(panel.template)
            context = {"story": fresh, "request": request, "user": request.user}
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                template.render(context, request)
                times[panel.template].append(time.perf_counter() - start)
            queries[panel.template] = len(captured)
    return [(f"{panel.slot}: {panel.template}", statistics.median(times[panel.template]) * 1000, queries[panel.template]) for panel in ordered]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--renders", type=int, default=50, help="whole-page renders to time")
    parser.add_argument("--comments", type=int, default=40, help="approved comments on the story")
    parser.add_argument("--profile", type=int, default=0, help="print cProfile's top N functions (0: no profile)")
    parser.add_argument("--signed-in", action="store_true", help="render for a signed-in reader")
    parser.add_argument("--page-cache", action="store_true", help="page cache on; each render a miss after a bump")
    parser.add_argument("--bump", choices=("comments", "content"), default="comments",
                        help="with --page-cache: what each bump is for (an approved comment, or an edit)")
    args = parser.parse_args()
    _setup(args)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from quicklooks.stories.demo import load_demo

    story = load_demo().story
    _add_comments(story, args.comments)
    url = story.get_absolute_url()
    client = _client(args)
    for _ in range(3):
        _render_once(client, url, args)  # templates compiled, caches warm

    times = []
    for _ in range(args.renders):
        start = time.perf_counter()
        _render_once(client, url, args)
        times.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as captured:
        _render_once(client, url, args)
    print(f"story page, {'signed in' if args.signed_in else 'anonymous'}, {args.comments} comments, "
          f"page cache {f'on (a miss after each {args.bump} bump)' if args.page_cache else 'off'}")
    print(f"  whole render: mean {statistics.mean(times) * 1000:.1f} ms, median {statistics.median(times) * 1000:.1f} ms, "
          f"{len(captured)} queries")

    print("\npanels rendered alone (median ms, queries):")
    for name, ms, queries in _panel_times(story, url, args):
        print(f"  {ms:7.2f} ms {queries:4d} q  {name}")

    print("\nquery shapes in one render (count, shape):")
    for shape, count in Counter(_shape(q["sql"]) for q in captured.captured_queries).most_common(15):
        print(f"  {count:4d}  {shape}")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.renders):
            _render_once(client, url, args)
        profiler.disable()
        print(f"\ncProfile over {args.renders} renders, top {args.profile} by cumulative time:")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(args.profile)
        print(f"top {args.profile} by own time:")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
