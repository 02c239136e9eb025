from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "opencsc.accounts"
    label = "accounts"
    verbose_name = "Accounts: sign-in, second factor and API tokens"

    def ready(self):
        from . import signals  # noqa: F401
