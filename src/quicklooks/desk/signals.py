"""Corrections are shown on public story pages, which the page cache keeps: refresh it when one is added."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from quicklooks.desk.models import Correction


def _invalidate_pages() -> None:
    # Imported when a correction commits: the page cache's package is light
    # but its settings are read on first use.
    from quicklooks.caching import invalidate

    invalidate()


@receiver([post_save, post_delete], sender=Correction)
def correction_changed(sender, instance, **kwargs):
    transaction.on_commit(_invalidate_pages)
