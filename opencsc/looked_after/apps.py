from django.apps import AppConfig


class LookedAfterConfig(AppConfig):
    name = "opencsc.looked_after"
    label = "looked_after"
    verbose_name = "Children looked after: periods of care, placements, reviews and visits"
