#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys
from pathlib import Path


def main():
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # A developer's checkout with no configuration at all (no SECRET_KEY, no DEBUG, no .env) runs
    # its management commands in development mode. Anything configured, and the WSGI entry point
    # used in production, still requires SECRET_KEY whenever DEBUG is off.
    configured = {"DEBUG", "SECRET_KEY"} & os.environ.keys() or (Path(__file__).parent / ".env").exists()
    if not configured:
        os.environ["DEBUG"] = "true"
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
