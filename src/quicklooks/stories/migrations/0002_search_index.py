"""The search index: an FTS5 table on SQLite, a weighted tsvector table on PostgreSQL.

Both are named ``stories_search``; ``quicklooks.stories.search_backends``
reads and writes them. Existing stories are indexed here, so a site that
upgrades finds its old stories at once.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS stories_search USING fts5("
    "headline, quick_looks, deep_look, tokenize = 'porter unicode61 remove_diacritics 2')",
]
POSTGRESQL = [
    "CREATE TABLE IF NOT EXISTS stories_search ("
    " story_id bigint PRIMARY KEY REFERENCES stories_story (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,"
    " headline text NOT NULL DEFAULT '', quick_looks text NOT NULL DEFAULT '', deep_look text NOT NULL DEFAULT '',"
    " document tsvector GENERATED ALWAYS AS ("
    "  setweight(to_tsvector('english', headline), 'A') ||"
    "  setweight(to_tsvector('english', quick_looks), 'B') ||"
    "  setweight(to_tsvector('english', deep_look), 'C')) STORED)",
    "CREATE INDEX IF NOT EXISTS stories_search_document ON stories_search USING gin (document)",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(vendor)
    if statements is None:
        return  # other databases: search reports that it needs SQLite or PostgreSQL
    for sql in statements:
        schema_editor.execute(sql)
    from quicklooks.stories.search_backends import document_parts

    Story = apps.get_model("stories", "Story")
    with schema_editor.connection.cursor() as cursor:
        for story in Story.objects.prefetch_related("quick_looks", "blocks"):
            parts = document_parts(
                story.headline,
                [b.text for b in sorted(story.quick_looks.all(), key=lambda b: b.position)],
                [(b.text, b.items) for b in sorted(story.blocks.all(), key=lambda b: b.position)],
            )
            key = "rowid" if vendor == "sqlite" else "story_id"
            cursor.execute(
                f"INSERT INTO stories_search ({key}, headline, quick_looks, deep_look) VALUES (%s, %s, %s, %s)",
                [story.pk, *parts],
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in {"sqlite", "postgresql"}:
        schema_editor.execute("DROP TABLE IF EXISTS stories_search")


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_initial")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
