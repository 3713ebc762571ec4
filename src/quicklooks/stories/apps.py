from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "quicklooks.stories"
    label = "stories"
    verbose_name = "Stories"
