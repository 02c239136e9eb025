from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "opencsc.casework"
    label = "casework"
    verbose_name = "Casework: the child in need and child protection journey"
