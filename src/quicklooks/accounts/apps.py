from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "quicklooks.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from quicklooks.accounts import signals  # noqa: F401  (connects receivers)
