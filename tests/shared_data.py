"""Where the tests find data borrowed from outside the project, and what they do when
it is not there.

Data the project did not write (JetBrains' OpenAPI document and documentation samples,
responses recorded from real YouTrack servers by other projects) is never copied into
the repository. It lives in ``../shared/`` beside the checkout, or wherever an
environment variable points. A test that needs a folder asks :func:`shared_folder` for
it: when the folder is absent the test (or, called at module level, the whole module) is
skipped with one reason naming the folder and how to provide it, and every other test
still runs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

import pytest

__all__ = [
    "GROUND_TRUTH",
    "REALWORLD_FIXTURES",
    "SharedFolder",
    "ground_truth",
    "shared_folder",
]

#: The checkout's parent: ``../shared`` is looked for beside the checkout.
_CHECKOUT = Path(__file__).resolve().parents[1]


class SharedFolder(NamedTuple):
    """A folder of borrowed data: its default place and the variable that overrides it."""

    #: The folder under ``../shared/`` beside the checkout.
    name: str
    #: An environment variable that, when set, gives the folder's path instead.
    variable: str
    #: Files (or folders) that must exist inside it for it to count as present.
    required: tuple[str, ...]

    def location(self) -> Path:
        """Where the folder is looked for (it may not exist)."""
        chosen = os.environ.get(self.variable)
        if chosen:
            return Path(chosen).expanduser().resolve()
        return _CHECKOUT.parent / "shared" / self.name

    def missing_reason(self) -> str:
        """The skip reason: one line naming the folder and how to provide it."""
        return (
            f"needs {self.location()} ({', '.join(self.required)}), absent: put "
            f"shared/{self.name} beside the checkout or set {self.variable}"
        )

    def find(self) -> Path | None:
        """The folder, or ``None`` when it or a required entry is missing."""
        folder = self.location()
        if all((folder / entry).exists() for entry in self.required):
            return folder
        return None


#: JetBrains' OpenAPI document of YouTrack (2025.3) and the samples printed in its
#: developer documentation.
GROUND_TRUTH = SharedFolder("youtrack", "AIOYOUTRACK_GROUND_TRUTH", ("openapi.json", "samples"))
#: Responses recorded from real YouTrack servers by other projects (see its INDEX.md).
REALWORLD_FIXTURES = SharedFolder(
    "realworld-fixtures", "AIOYOUTRACK_REALWORLD_FIXTURES", ("INDEX.md",)
)


def shared_folder(folder: SharedFolder) -> Path:
    """Return ``folder``'s path, or skip the calling test (the whole module when called
    at import time) with :meth:`SharedFolder.missing_reason`."""
    found = folder.find()
    if found is None:
        pytest.skip(folder.missing_reason(), allow_module_level=True)
    return found


def ground_truth() -> Path:
    """The ground-truth folder (``openapi.json``, ``samples/``), or skip."""
    return shared_folder(GROUND_TRUTH)
