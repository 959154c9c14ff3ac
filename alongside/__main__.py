"""`alongside <command>`: Django's management commands, e.g. `alongside demo`."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    if len(sys.argv) > 1 and sys.argv[1] == "demo":
        # The demo runs with DEBUG on, its own secret key and no MFA requirement (ADR 0001).
        os.environ.setdefault("ALONGSIDE_DEBUG", "1")
        os.environ.setdefault("ALONGSIDE_DEMO", "1")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as problem:  # e.g. no DJANGO_SECRET_KEY: say so, not a traceback
        sys.exit(f"alongside: {problem}")


if __name__ == "__main__":
    main()
