from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "quicklooks.pages"
    label = "pages"
    verbose_name = "Site pages and navigation"
