"""The library's logger, ``aioyoutrack``, with a ``NullHandler``: by library convention
the application decides where records go.

Installed by the modules that log, not by ``import aioyoutrack``, so that
``aioyoutrack --help`` does not load :mod:`logging`.
"""

from __future__ import annotations

import logging

from ._constants import LOGGER_NAME

__all__ = ["logger"]

#: Every record of the library goes through this logger (or a child of it).
logger = logging.getLogger(LOGGER_NAME)
logger.addHandler(logging.NullHandler())
