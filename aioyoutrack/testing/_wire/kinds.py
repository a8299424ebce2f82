"""Custom field kinds: type ids, wire ``$type`` names, period and date helpers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final, NamedTuple

__all__ = [
    "BUNDLE_ELEMENT_TYPES",
    "BUNDLE_TYPES",
    "DAY_MS",
    "DEFAULT_SCHEDULE",
    "FIELD_KINDS",
    "FIRST_DAY_MS",
    "LAST_DAY_MS",
    "FieldKind",
    "Schedule",
    "format_period",
    "midday",
    "minutes_of",
    "parse_period",
    "wire_minutes",
]

DAY_MS: Final = 86_400_000
#: The most minutes a period or duration holds: ``PeriodValue.minutes`` and
#: ``DurationValue.minutes`` are ``"type": "integer", "format": "int32"`` in openapi.json
#: (semantics.md, "Dates and times": "Periods and durations: ``minutes`` (int)"), a
#: 32-bit signed int.
MAX_MINUTES: Final = 2**31 - 1

#: YouTrack's default work schedule, used to present periods ("1w 2d 3h").
HOURS_PER_DAY: Final = 8
DAYS_PER_WEEK: Final = 5


class Schedule(NamedTuple):
    """The work schedule that turns ``1d`` and ``1w`` into minutes and back
    (``/api/admin/timeTrackingSettings/workTimeSettings``: ``minutesADay``, and as many
    days a week as ``workDays`` lists)."""

    minutes_a_day: int = HOURS_PER_DAY * 60
    days_a_week: int = DAYS_PER_WEEK

    def units(self) -> dict[str, int]:
        """Minutes of each unit of a presentation, largest first."""
        return {
            "w": self.minutes_a_day * self.days_a_week,
            "d": self.minutes_a_day,
            "h": 60,
            "m": 1,
        }


#: A fresh server's schedule: 8-hour days, 5-day weeks.
DEFAULT_SCHEDULE: Final = Schedule()


@dataclass(frozen=True, slots=True)
class FieldKind:
    """Everything that depends on a custom field's ``fieldType.id``."""

    type_id: str
    value_type: str
    multi: bool
    issue_type: str
    project_type: str
    #: Bundle URL kind (``enum``, ``state``, ``ownedField``, ``user``, ...) or None.
    bundle: str | None
    #: Other issue-field ``$type``s a real server takes for this kind.
    also_accepted: tuple[str, ...] = ()

    @property
    def has_elements(self) -> bool:
        """True when values are bundle elements (enum, state, version, build, owned)."""
        return self.bundle is not None and self.bundle != "user"

    @property
    def defaults_type(self) -> str:
        """The ``$type`` of a field's ``fieldDefaults`` (the spec's subtypes)."""
        if self.bundle == "user":
            return "UserCustomFieldDefaults"
        if self.bundle is not None:
            return f"{BUNDLE_TYPES[self.bundle]}CustomFieldDefaults"
        return "CustomFieldDefaults"

    @property
    def element_type(self) -> str | None:
        """The ``$type`` of a value of this kind when it is a bundle element."""
        return BUNDLE_ELEMENT_TYPES.get(self.bundle or "")


def _bundle_kind(value_type: str, multi: bool, pcf: str) -> list[FieldKind]:
    title = {"enum": "Enum", "version": "Version", "build": "Build", "ownedField": "Owned"}
    out = []
    for many in (False, True) if multi else (False,):
        suffix = "[*]" if many else "[1]"
        name = title.get(value_type, value_type.capitalize())
        prefix = "Multi" if many else "Single"
        out.append(
            FieldKind(
                type_id=f"{value_type}{suffix}",
                value_type=value_type,
                multi=many,
                issue_type=f"{prefix}{name}IssueCustomField",
                project_type=pcf,
                bundle=value_type if value_type != "group" else None,
            )
        )
    return out


def _simple(type_id: str, issue_type: str, project_type: str) -> FieldKind:
    return FieldKind(type_id, type_id, False, issue_type, project_type, None)


_ALL: list[FieldKind] = [
    *_bundle_kind("enum", True, "EnumProjectCustomField"),
    *_bundle_kind("user", True, "UserProjectCustomField"),
    *_bundle_kind("group", True, "GroupProjectCustomField"),
    *_bundle_kind("version", True, "VersionProjectCustomField"),
    *_bundle_kind("build", True, "BuildProjectCustomField"),
    *_bundle_kind("ownedField", True, "OwnedProjectCustomField"),
    FieldKind(
        "state[1]",
        "state",
        False,
        "StateIssueCustomField",
        "StateProjectCustomField",
        "state",
        # A real server takes a state value sent as a SingleEnumIssueCustomField (live
        # logs in ryancheley/yt-cli issue #455 and PR #469); the value's $type decides.
        also_accepted=("SingleEnumIssueCustomField",),
    ),
    _simple("period", "PeriodIssueCustomField", "PeriodProjectCustomField"),
    _simple("date", "DateIssueCustomField", "SimpleProjectCustomField"),
    _simple("date and time", "SimpleIssueCustomField", "SimpleProjectCustomField"),
    _simple("text", "TextIssueCustomField", "TextProjectCustomField"),
    _simple("integer", "SimpleIssueCustomField", "SimpleProjectCustomField"),
    _simple("float", "SimpleIssueCustomField", "SimpleProjectCustomField"),
    _simple("string", "SimpleIssueCustomField", "SimpleProjectCustomField"),
]

#: ``fieldType.id`` -> kind.
FIELD_KINDS: Final[dict[str, FieldKind]] = {kind.type_id: kind for kind in _ALL}

#: Bundle URL kind -> bundle ``$type``.
BUNDLE_TYPES: Final = {
    "enum": "EnumBundle",
    "state": "StateBundle",
    "version": "VersionBundle",
    "build": "BuildBundle",
    "ownedField": "OwnedBundle",
    "user": "UserBundle",
}
#: Bundle URL kind -> element ``$type``.
BUNDLE_ELEMENT_TYPES: Final = {
    "enum": "EnumBundleElement",
    "state": "StateBundleElement",
    "version": "VersionBundleElement",
    "build": "BuildBundleElement",
    "ownedField": "OwnedBundleElement",
}

_PERIOD_RE: Final = re.compile(r"\s*(\d+)\s*([wdhm])", re.IGNORECASE)
_ISO_RE: Final = re.compile(
    r"^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$",
    re.IGNORECASE,
)


def format_period(minutes: int, schedule: Schedule = DEFAULT_SCHEDULE) -> str:
    """Present minutes the way YouTrack does: ``1w 2d 3h 4m`` (days and weeks of the
    work schedule: 8h days, 5d weeks on a fresh server)."""
    if minutes <= 0:
        return "0m"
    parts = []
    rest = minutes
    for unit, size in schedule.units().items():
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count}{unit}")
    return " ".join(parts)


def parse_period(text: str, schedule: Schedule = DEFAULT_SCHEDULE) -> int | None:
    """Minutes of ``"1w 2d 3h 4m"``, ``"90m"``, ``"PT2H30M"`` or a bare number (days and
    weeks of ``schedule``); None if invalid."""
    units = schedule.units()
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    iso = _ISO_RE.match(text)
    if iso and any(iso.groups()):
        weeks, days, hours, mins = (int(g) if g else 0 for g in iso.groups())
        return weeks * units["w"] + days * units["d"] + hours * 60 + mins
    total = 0
    pos = 0
    for match in _PERIOD_RE.finditer(text):
        if match.start() != pos:
            return None
        total += int(match.group(1)) * units[match.group(2).lower()]
        pos = match.end()
    if pos != len(text) or pos == 0:
        return None
    return total


def wire_minutes(raw: object, schedule: Schedule = DEFAULT_SCHEDULE) -> int | None:
    """Minutes of a duration as a request body carries it (``{"minutes": 90}`` or
    ``{"presentation": "1h 30m"}``); None when it is neither, negative, or longer than
    the 32-bit int YouTrack keeps."""
    if not isinstance(raw, dict):
        return None
    minutes = raw.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < 0:
        text = raw.get("presentation")
        minutes = parse_period(text, schedule) if isinstance(text, str) else None
    if minutes is None or minutes > MAX_MINUTES:
        return None
    return minutes


#: Epoch milliseconds of years 1 to 9999: the days a date can name.
FIRST_DAY_MS, LAST_DAY_MS = -62_135_596_800_000, 253_402_300_799_999


def midday(epoch_ms: int) -> int:
    """The epoch ms of midday UTC on the day of ``epoch_ms`` (how ``date`` fields store)."""
    return epoch_ms // DAY_MS * DAY_MS + DAY_MS // 2


def minutes_of(duration: int | str | dt.timedelta, schedule: Schedule = DEFAULT_SCHEDULE) -> int:
    """Minutes of an int, a ``"1h 30m"`` presentation or a timedelta; ValueError if bad."""
    if isinstance(duration, dt.timedelta):
        return int(duration.total_seconds() // 60)
    if isinstance(duration, int):
        return duration
    minutes = parse_period(duration, schedule)
    if minutes is None:
        raise ValueError(f"{duration!r} is not a duration")
    return minutes
