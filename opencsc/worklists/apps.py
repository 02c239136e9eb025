from django.apps import AppConfig


class WorklistsConfig(AppConfig):
    name = "opencsc.worklists"
    label = "worklists"
    verbose_name = "Worklists: what is due, for workers and their managers"
