"""Where the responses recorded from real YouTrack servers are, and which are genuine.

They live outside the repository (found through :mod:`shared_data`:
``../shared/realworld-fixtures`` beside the checkout, or ``$AIOYOUTRACK_REALWORLD_FIXTURES``)
and are never copied into it;
``INDEX.md`` there gives each file's endpoint, source and provenance. Tests that need
them are skipped, with :data:`SKIP_REASON`, where the folder is absent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from shared_data import REALWORLD_FIXTURES

#: Why a test needing the recordings is skipped where they are absent.
SKIP_REASON: Final = REALWORLD_FIXTURES.missing_reason()


@dataclass(frozen=True)
class Recording:
    """One recorded response: its file (relative to the folder), endpoint and provenance."""

    name: str
    endpoint: str
    provenance: str
    folder: Path

    def load(self) -> Any:
        """The recorded JSON."""
        return json.loads((self.folder / self.name).read_text("utf-8"))


def folder() -> Path | None:
    """The recordings' folder, or None when it is absent."""
    return REALWORLD_FIXTURES.find()


def genuine_recordings() -> list[Recording]:
    """The recordings INDEX.md calls real or real-via-client (not synthetic, not
    uncertain), in its order; empty when the folder is absent."""
    where = folder()
    if where is None:
        return []
    found = []
    for line in (where / "INDEX.md").read_text("utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[0].endswith(".json"):
            continue
        name, endpoint, _source, provenance = cells
        if provenance.startswith("real"):
            found.append(Recording(name, endpoint, provenance, where))
    return found
