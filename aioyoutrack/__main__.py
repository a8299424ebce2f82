"""``python -m aioyoutrack``: the ``aioyoutrack`` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
