"""The `opencsc` console command: Django's manage.py, installed as a script."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencsc.config.settings.dev")
    if sys.argv[1:2] == ["validate"]:  # files only, no database: skip setting up the apps
        from opencsc.returns.management.commands.validate import run_alone

        run_alone(sys.argv)
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
