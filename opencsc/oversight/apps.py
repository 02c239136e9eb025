from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "opencsc.oversight"
    label = "oversight"
    verbose_name = "Oversight: the council's contract, the improvement plan and inspections"
