from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "quicklooks.newsletters"
    label = "newsletters"
    verbose_name = "Newsletters"

    def ready(self):
        from quicklooks.stories import panels

        # The same invitation for every reader (it links to the signup form,
        # which carries the CSRF token), so the story page stays cacheable.
        panels.register("after_story", "newsletters/_story_panel.html", order=40, sharing=panels.SHARED)
