from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "quicklooks.desk"
    label = "desk"
    verbose_name = "Desk"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from quicklooks.desk import signals  # noqa: F401
        from quicklooks.stories import panels

        panels.register("head", "desk/corrections_head.html", order=10, sharing=panels.SHARED)
        panels.register("after_header", "desk/corrections_panel.html", order=10, sharing=panels.SHARED)
