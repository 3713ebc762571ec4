from django.apps import AppConfig


class FactsConfig(AppConfig):
    name = "quicklooks.facts"
    label = "facts"
    verbose_name = "Facts"

    def ready(self) -> None:
        from quicklooks.facts import signals  # noqa: F401  (connects the receivers)
        from quicklooks.facts.exporting import record_facts
        from quicklooks.stories import export, panels

        # Quotes and figures in every story record (JSON export, API detail).
        export.register_record_part(record_facts)

        # The same for every reader, and they show no comments: cached until
        # the story's content changes (panels.SHARED).
        panels.register("head", "facts/_head.html", order=40, sharing=panels.SHARED)
        # Under the Deep Look, before the export links (order 90).
        panels.register("after_deep_look", "facts/_who_said_what.html", order=20, sharing=panels.SHARED)
        panels.register("after_deep_look", "facts/_by_the_numbers.html", order=30, sharing=panels.SHARED)
        panels.register("after_deep_look", "facts/_named.html", order=40, sharing=panels.SHARED)
