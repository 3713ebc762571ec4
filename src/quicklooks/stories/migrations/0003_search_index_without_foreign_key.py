"""Drop the search table's foreign key on PostgreSQL.

Django does not know the raw ``stories_search`` table, so when it empties the
database (``flush``, and after every transactional test) it truncates
``stories_story`` alone, and PostgreSQL refuses because of the reference.
The index already removes a story's row when the story is deleted
(``quicklooks.stories.search_backends``), and search results are looked up
through the Story table, so a left-over row can never surface.
"""

from django.db import migrations


def drop_foreign_key(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE stories_search DROP CONSTRAINT IF EXISTS stories_search_story_id_fkey")


class Migration(migrations.Migration):
    dependencies = [("stories", "0002_search_index")]
    operations = [migrations.RunPython(drop_foreign_key, migrations.RunPython.noop, elidable=False)]
