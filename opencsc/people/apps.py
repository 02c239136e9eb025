from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "opencsc.people"
    label = "people"
    verbose_name = "People: the child's record"
