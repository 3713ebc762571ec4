from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "quicklooks.api"
    label = "api"
    verbose_name = "API"
