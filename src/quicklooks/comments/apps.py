from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "quicklooks.comments"
    label = "comments"
    verbose_name = "Comments"

    def ready(self):
        from quicklooks.comments import moderation, receivers, threads  # noqa: F401  (connects receivers)
        from quicklooks.stories import panels

        # The form and buttons are per reader; anonymous readers share one
        # copy per sort and page of threads (panels.ANONYMOUS).
        panels.register("after_story", "comments/panel.html", order=50, sharing=panels.ANONYMOUS, vary_on=("csort", "cshown"))
        panels.register("card", "comments/card_count.html", order=50)
        panels.annotate_cards("visible_comment_count", threads.visible_count_column())
        # The comments panel shows the policy and the count on every render of a story page.
        panels.annotate_story("visible_comment_count", threads.visible_count_column())
        panels.annotate_story("comment_policy_mode", moderation.policy_mode_column())
