"""The line of figures ``aioyoutrack demo`` prints under its table, as a pattern: what
the demo's own tests and the README's sample of it are read with."""

from __future__ import annotations

import re

FIGURES = re.compile(
    r"(?P<requests>\d+) requests in (?P<seconds>[\d.]+) s = (?P<rate>[\d,]+) requests/s, "
    r"at most (?P<peak>\d+) in flight \(limit (?P<limit>\d+)\); "
    r"(?P<fetched>\d+) of (?P<expected>\d+) issues in (?P<projects>\d+) projects"
)
