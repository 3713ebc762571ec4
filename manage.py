#!/usr/bin/env python
"""Django's manage.py, for those who expect one; `quicklooks manage` does the same."""

import sys

from quicklooks.bootstrap import setup_django

if __name__ == "__main__":
    setup_django(migrate=False)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
