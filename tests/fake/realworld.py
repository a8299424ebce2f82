"""Where the responses recorded from real YouTrack servers are, and which are genuine.

They live outside the repository (``../shared/realworld-fixtures`` beside the checkout,
or the folder ``AIOYOUTRACK_REALWORLD_FIXTURES`` names) and are never copied into it;
``INDEX.md`` there gives each file's endpoint, source and provenance. Tests that need
them are skipped, with :data:`SKIP_REASON`, where the folder is absent.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

#: Environment variable that overrides where the recordings are.
ENV_VAR: Final = "AIOYOUTRACK_REALWORLD_FIXTURES"
_DEFAULT: Final = Path(__file__).resolve().parents[3] / "shared" / "realworld-fixtures"
SKIP_REASON: Final = (
    f"no real-world recordings: neither ${ENV_VAR} nor {_DEFAULT} holds an INDEX.md"
)


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
    configured = os.environ.get(ENV_VAR)
    candidate = Path(configured) if configured else _DEFAULT
    return candidate if (candidate / "INDEX.md").is_file() else None


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
