"""Where an uncached story page render spends its time, ours beside the baseline, in one run.

    .venv/bin/python bench/story_render.py [--renders 50] [--comments 40] [--profile 30 [--profile-row comment]]
        [--signed-in]

Sets up a scratch embedded site (SQLite in a temporary data directory), loads
the sample story, adds --comments approved comments, then renders the story
page through Django's test client, --renders times for each row, the rows
interleaved render by render so the machine's load falls on all of them alike:

- **baseline**: the page cache off: every part of the page renders and
  nothing is precomputed (what every render cost before the fragment cache);
- **edit**: the page cache on, each render a miss after a full bump (as after
  an edit): every part renders, and the parts precomputed per content
  generation are stored;
- **comment**: the page cache on, each render a miss after a comments-only
  bump (as after an approved comment): the parts precomputed for this content
  generation (the article, the panels that show no comments) are read back,
  and only the comments and the page around them render. This is the render
  a busy thread pays for, and the one the 15 ms target is for.

For each it prints the median and mean wall time and the median CPU time of
the process (``time.process_time``: on a loaded machine wall time includes
waiting for a core, CPU time does not), and the SQL queries of one render.
Then:

- the time and SQL queries of each panel template on its own;
- the queries of one render of the --profile-row, grouped by SQL shape, so
  N+1 shows up as one shape run many times;
- with --profile N, cProfile's top N functions of the --profile-row.

--signed-in renders as a verified reader (with the page cache on, the shared
page and their fragments stitched in-process). Nothing here is a test:
numbers depend on the machine.
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


ROWS = {
    "baseline": "baseline: page cache off, every part rendered",
    "edit": "miss after an edit (full bump): every part rendered and stored",
    "comment": "miss after an approved comment (comments bump): precomputed parts read back",
}


def _render_once(client, url: str, row: str, args):
    from django.conf import settings

    from quicklooks.caching import generation

    settings.QUICKLOOKS_PAGE_CACHE_SECONDS = 0 if row == "baseline" else 600
    if row != "baseline":
        generation.bump(comments_only=row == "comment")
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    if row != "baseline" and not args.signed_in:
        assert response["X-Page-Cache"] == "miss", response["X-Page-Cache"]
    return response


def _reader_fragment_times(story, url: str, args) -> list[tuple[str, str, float, float, int]]:
    """The per-reader fragments for a signed-in reader who wrote some of the story's comments and reacted to one."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from quicklooks.comments.models import Comment, Reaction

    settings.QUICKLOOKS_PAGE_CACHE_SECONDS = 600
    writer = _reader("render-reader-1")  # wrote every tenth comment (_add_comments)
    other = Comment.objects.filter(story=story).exclude(author=writer).first()
    if other is not None:
        Reaction.objects.get_or_create(comment=other, user=writer, defaults={"kind": Reaction.Kind.RESPECT})
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(writer)
    rows = []
    for label, path in (("comments:reader (form, own comments)", reverse("comments:reader", args=[story.slug])),
                        ("caching:fragment account (menu)", reverse("caching:fragment", args=["account"]))):
        fragment_url = f"{path}?page={url}"
        client.get(fragment_url)
        wall, cpu = [], []
        for _ in range(args.renders):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(fragment_url)
            cpu.append(time.process_time() - start_cpu)
            wall.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
        with CaptureQueriesContext(connection) as captured:
            client.get(fragment_url)
        rows.append((label, path, statistics.median(wall) * 1000, statistics.median(cpu) * 1000, len(captured)))
    return rows


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
    parser.add_argument("--renders", type=int, default=50, help="whole-page renders to time, per row")
    parser.add_argument("--comments", type=int, default=40, help="approved comments on the story")
    parser.add_argument("--profile", type=int, default=0, help="print cProfile's top N functions (0: no profile)")
    parser.add_argument("--profile-row", choices=tuple(ROWS), default="comment", help="the row to profile and list queries of")
    parser.add_argument("--signed-in", action="store_true", help="render for a signed-in reader")
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
        for row in ROWS:
            _render_once(client, url, row, args)  # templates compiled, caches warm

    wall: dict[str, list[float]] = {row: [] for row in ROWS}
    cpu: dict[str, list[float]] = {row: [] for row in ROWS}
    for _ in range(args.renders):
        for row in ROWS:
            start, start_cpu = time.perf_counter(), time.process_time()
            _render_once(client, url, row, args)
            cpu[row].append(time.process_time() - start_cpu)
            wall[row].append(time.perf_counter() - start)
    queries = {}
    for row in ROWS:
        with CaptureQueriesContext(connection) as captured:
            _render_once(client, url, row, args)
        # A copy now: CaptureQueriesContext slices Django's query log when asked, and the
        # fragment and panel timings below run enough queries to roll that log (9,000 entries).
        queries[row] = list(captured.captured_queries)
    load = os.getloadavg()
    print(f"story page, {'signed in' if args.signed_in else 'anonymous'}, {args.comments} comments, "
          f"{args.renders} renders per row, interleaved; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} "
          f"on {os.cpu_count()} CPUs")
    print(f"  {'row':<80} {'wall median':>11} {'wall mean':>9} {'CPU median':>10} {'queries':>7}")
    for row, label in ROWS.items():
        print(f"  {label:<80} {statistics.median(wall[row]) * 1000:8.1f} ms {statistics.mean(wall[row]) * 1000:6.1f} ms "
              f"{statistics.median(cpu[row]) * 1000:7.1f} ms {len(queries[row]):7d}")

    print("\nthe signed-in reader's fragments (what nginx includes in the shared page), median of --renders:")
    for label, fragment_url, ms, cpu_ms, count in _reader_fragment_times(story, url, args):
        print(f"  {label:<40} {ms:6.1f} ms wall {cpu_ms:6.1f} ms CPU {count:3d} queries  {fragment_url}")

    print("\npanels rendered alone (median ms, queries):")
    for name, ms, count in _panel_times(story, url, args):
        print(f"  {ms:7.2f} ms {count:4d} q  {name}")

    print(f"\nquery shapes in one render, row {args.profile_row!r} (count, shape):")
    for shape, count in Counter(_shape(q["sql"]) for q in queries[args.profile_row]).most_common(15):
        print(f"  {count:4d}  {shape}")

    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.renders):
            _render_once(client, url, args.profile_row, args)
        profiler.disable()
        print(f"\ncProfile over {args.renders} renders of row {args.profile_row!r}, top {args.profile} by cumulative time:")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(args.profile)
        print(f"top {args.profile} by own time:")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
