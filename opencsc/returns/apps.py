from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "opencsc.returns"
    label = "returns"
    verbose_name = "Statutory returns and their validation"
