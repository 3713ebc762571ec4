from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "quicklooks.ingest"
    label = "ingest"
    verbose_name = "Ingest"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from quicklooks.celery import ready_app

        ready_app()
