from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "quicklooks.caching"
    label = "caching"
    verbose_name = "Page caching"

    def ready(self) -> None:
        from quicklooks.caching import generation, page_files, warming, watching

        watching.connect()
        # A new generation replaces the page files, and a new page-file
        # directory is warmed before it goes live: signals, so that no module
        # of the cache imports one that imports it back.
        generation.generation_changed.connect(page_files.on_generation_changed, dispatch_uid="quicklooks.caching.page_files")
        page_files.directory_made.connect(warming.on_directory_made, dispatch_uid="quicklooks.caching.warming")
