from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "quicklooks.caching"
    label = "caching"
    verbose_name = "Page caching"

    def ready(self) -> None:
        from quicklooks.caching import watching

        watching.connect()
