from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "opencsc.demo"
    label = "demo"
    verbose_name = "The fictional demo trust"
