"""The two search engines behind :mod:`quicklooks.stories.search`: SQLite FTS5 and PostgreSQL full-text search.

Both keep one row per story in a table called ``stories_search`` (made by the
migration ``stories/0002_search_index``) with three columns, weighted in that
order: the headline, the Quick Looks and the Deep Look. Matches come back
marked with the control characters :data:`MARK_START` and :data:`MARK_END`,
never with HTML, so the caller escapes the story text first and only then
turns the marks into ``<mark>`` tags: story text can never inject markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection

MARK_START, MARK_END = "\x02", "\x03"
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    story_id: int
    rank: float  # higher is better, whatever the engine
    headline: str  # with marks
    snippet: str  # with marks


def document_parts(headline: str, quick_looks: list[str], blocks: list[tuple[str, list]]) -> tuple[str, str, str]:
    """The three indexed columns, from plain values (so the migration's backfill can use it too)."""
    body = []
    for text, items in blocks:
        if text:
            body.append(text)
        body.extend(str(item) for item in items or [])
    return headline, "\n".join(quick_looks), "\n".join(body)


def query_tokens(query: str) -> list[str]:
    return _TOKEN.findall(query.lower())[:20]


class SQLiteBackend:
    """FTS5 with the porter stemmer; ranked by bm25 with the headline weighed most."""

    def index_many(self, rows: list[tuple[int, tuple[str, str, str]]]) -> None:
        """(Re)index each ``(story_id, parts)``; FTS5 has no upsert, so delete then insert."""
        if not rows:
            return
        self.remove_many([story_id for story_id, _ in rows])
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO stories_search (rowid, headline, quick_looks, deep_look) VALUES (%s, %s, %s, %s)",
                [(story_id, *parts) for story_id, parts in rows],
            )

    def remove_many(self, story_ids) -> None:
        ids = [(story_id,) for story_id in story_ids]
        if ids:
            with connection.cursor() as cursor:
                cursor.executemany("DELETE FROM stories_search WHERE rowid = %s", ids)

    def search(self, query: str, limit: int) -> list[Hit]:
        tokens = query_tokens(query)
        if not tokens:
            return []
        # Every word quoted: FTS5's own syntax (AND, NEAR, column filters)
        # stays out of readers' hands, and a stray quote cannot break the query.
        quoted = [f'"{token}"' for token in tokens]
        hits = self._match(" AND ".join(quoted), limit)
        if not hits and len(quoted) > 1:
            hits = self._match(" OR ".join(quoted), limit)
        return hits

    def _match(self, expression: str, limit: int) -> list[Hit]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid, bm25(stories_search, 10.0, 4.0, 1.0), "
                f"highlight(stories_search, 0, '{MARK_START}', '{MARK_END}'), "
                f"snippet(stories_search, -1, '{MARK_START}', '{MARK_END}', '…', 28) "
                "FROM stories_search WHERE stories_search MATCH %s ORDER BY 2 LIMIT %s",
                [expression, limit],
            )
            # bm25 is lower-is-better; flip it so both engines agree.
            return [Hit(row[0], -row[1], row[2], row[3]) for row in cursor.fetchall()]


class PostgreSQLBackend:
    """tsvector with weights A/B/C, ranked by ts_rank_cd, marked by ts_headline."""

    def index_many(self, rows: list[tuple[int, tuple[str, str, str]]]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO stories_search (story_id, headline, quick_looks, deep_look) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (story_id) DO UPDATE SET headline = EXCLUDED.headline, "
                "quick_looks = EXCLUDED.quick_looks, deep_look = EXCLUDED.deep_look",
                [(story_id, *parts) for story_id, parts in rows],
            )

    def remove_many(self, story_ids) -> None:
        ids = list(story_ids)
        if ids:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM stories_search WHERE story_id = ANY(%s)", [ids])

    def search(self, query: str, limit: int) -> list[Hit]:
        tokens = query_tokens(query)
        if not tokens:
            return []
        hits = self._match(" & ".join(tokens), limit)
        if not hits and len(tokens) > 1:
            hits = self._match(" | ".join(tokens), limit)
        return hits

    def _match(self, expression: str, limit: int) -> list[Hit]:
        options = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=TRUE"
        snippet_options = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=…"
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH q AS (SELECT to_tsquery('english', %s) AS query) "
                "SELECT s.story_id, ts_rank_cd(s.document, q.query), "
                "ts_headline('english', s.headline, q.query, %s), "
                "ts_headline('english', s.quick_looks || E'\\n' || s.deep_look, q.query, %s) "
                "FROM stories_search s, q WHERE s.document @@ q.query ORDER BY 2 DESC, s.story_id LIMIT %s",
                [expression, options, snippet_options, limit],
            )
            return [Hit(row[0], float(row[1]), row[2], row[3]) for row in cursor.fetchall()]


def backend():
    """The engine for the database in use: the same code path in embedded and production mode."""
    if connection.vendor == "postgresql":
        return PostgreSQLBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise RuntimeError(f"search supports SQLite and PostgreSQL, not {connection.vendor}; set DATABASE_URL to one of them.")
