"""Starting Django from the ``quicklooks`` command.

Embedded mode must work on an empty data directory, so it applies pending
migrations on start. Production never migrates by itself: that is a deploy
step (``quicklooks manage migrate``) someone chooses to run.
"""

from __future__ import annotations

import os

DEFAULT_SETTINGS = "quicklooks.settings.embedded"


def setup_django(*, migrate: bool = True) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django
    from django.conf import settings

    django.setup()
    if migrate and getattr(settings, "QUICKLOOKS_EMBEDDED", False):
        migrate_if_needed()


def migrate_if_needed() -> bool:
    """Apply unapplied migrations; return True when any were applied."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return False
    call_command("migrate", interactive=False, verbosity=0)
    return True
