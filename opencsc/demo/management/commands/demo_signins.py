from django.conf import settings
from django.core.management.base import BaseCommand

from opencsc.demo.trust import PERSONAS


class Command(BaseCommand):
    help = "Print the demo sign-ins and their shared password."

    def handle(self, *args, **options):
        self.stdout.write("\nopencsc demo trust: http://127.0.0.1:8000/login/")
        self.stdout.write(f"Every demo sign-in uses the password: {settings.DEMO_PASSWORD}")
        self.stdout.write("(set OPENCSC_DEMO_PASSWORD before seeding to choose another)\n")
        for username, (_given, _family, role, team, area, _) in PERSONAS.items():
            where = team or area or ""
            self.stdout.write(f"  {username:<16} {role.label}{f', {where}' if where else ''}")
        self.stdout.write("")
