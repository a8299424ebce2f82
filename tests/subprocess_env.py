"""The environment a test gives a subprocess (the CLI, an example, a FakeYouTrack
process): what a user's ordinary shell would give it.

A developer's or CI's shell may carry interpreter variables (``PYTHONUNBUFFERED``,
``PYTHONPATH``, ``PYTHONWARNINGS``, ...) that change how a program behaves: with
``PYTHONUNBUFFERED=1`` a closed pipe is met at the first write, without it at the
interpreter's final flush. A subprocess inherits none of them, so the suite sees what a
user sees. Nor does it inherit the connection variables (``YOUTRACK_*``), which would
point an example at a developer's real server, or this project's own switches
(``AIOYOUTRACK_*``), which change what the command prints.
"""

from __future__ import annotations

import os

__all__ = ["plain_env"]

#: Prefixes of the variables a subprocess never inherits.
_NOT_INHERITED = ("PYTHON", "YOUTRACK_", "AIOYOUTRACK_")


def plain_env(**extra: str) -> dict[str, str]:
    """This process's environment without interpreter, connection or project variables,
    plus ``extra`` (which may set any of them on purpose)."""
    kept = {k: v for k, v in os.environ.items() if not k.upper().startswith(_NOT_INHERITED)}
    return {**kept, **extra}
