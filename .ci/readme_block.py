"""Print the one fenced block of a Markdown file with a given language that contains a
given text: ``python .ci/readme_block.py README.md toml asyncio_mode``.

CI copies the README's pytest-plugin example and configuration into an empty project
with it, so they are tested exactly as the README shows them. Exits 1 unless exactly
one block matches.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_FENCE = re.compile(r"^```(?P<lang>[\w+-]*)[ \t]*\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)


def main(path: str, lang: str, marker: str) -> int:
    """Print the block; return the exit status."""
    text = Path(path).read_text(encoding="utf-8")
    found = [m["body"] for m in _FENCE.finditer(text) if m["lang"] == lang and marker in m["body"]]
    if len(found) != 1:
        print(f"{path}: {len(found)} {lang!r} blocks contain {marker!r}, not 1", file=sys.stderr)
        return 1
    sys.stdout.write(found[0])
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(f"usage: {sys.argv[0]} FILE LANGUAGE TEXT")
    sys.exit(main(*sys.argv[1:]))
