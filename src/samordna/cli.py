"""The `samordna` command: Django's management commands under one name.

`samordna load FILE`, `samordna export ASSOCIATION`, `samordna review …`,
`samordna financing …`, `samordna budget …`, `samordna demo`, and Django's own
(`samordna migrate`, `samordna check`, `samordna runserver`).
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["samordna", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
