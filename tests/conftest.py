"""Root fixtures of the test suite: where the YouTrack ground truth is.

The spec and the documentation samples are read from ``../shared/youtrack`` beside the
checkout when it exists, else from the copy in ``tests/ground_truth``. The chosen folder
is published as ``AIOYOUTRACK_GROUND_TRUTH`` before any test module is imported, so test
modules read that one variable; setting it beforehand overrides the search.
"""

from __future__ import annotations

import os
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_CANDIDATES = (_HERE.parent.parent / "shared" / "youtrack", _HERE / "ground_truth")


def _ground_truth() -> Path:
    for candidate in _CANDIDATES:
        if (candidate / "openapi.json").is_file() and (candidate / "samples").is_dir():
            return candidate
    raise RuntimeError(f"no YouTrack ground truth in any of {[str(c) for c in _CANDIDATES]}")


os.environ.setdefault("AIOYOUTRACK_GROUND_TRUTH", str(_ground_truth()))
