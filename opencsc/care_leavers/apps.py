from django.apps import AppConfig


class CareLeaversConfig(AppConfig):
    name = "opencsc.care_leavers"
    label = "care_leavers"
    verbose_name = "Care leavers: status, pathway plans and keeping in touch"
