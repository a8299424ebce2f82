"""Writing custom-field values: plain Python values -> the JSON YouTrack expects.

YouTrack needs each custom field in a create/update body as
``{"name": <field>, "$type": <IssueCustomField $type>, "value": <shape of that kind>}``;
a wrong ``$type`` is refused (sometimes with a 500). Both are derived from the project's
settings of the field (a :class:`ProjectCustomField`, with ``field.field_type.id`` such as
``"enum[1]"``), so callers write ``{"Priority": "Critical"}``:

- enum, state, version, build, owned: a ``str`` name or a ``BundleElement`` ->
  ``{"name": ...}``;
- user: a ``str`` login or a ``User`` -> ``{"login": ...}``;
- group: a ``str`` name or a ``UserGroup`` -> ``{"name": ...}``;
- multi-value (``[*]``) kinds of the above: a list, tuple or set of those (or just one)
  -> a list;
- period: a ``timedelta`` of whole minutes, ``int`` minutes or a ``str`` presentation
  (``"2h 30m"``) -> ``{"$type": "PeriodValue", ...}``;
- date: a ``datetime.date`` (not a ``datetime``) or an ISO 8601 day ``"2025-06-01"``
  -> epoch ms at midday UTC;
- date and time: an aware ``datetime``, an ISO 8601 date-time with its offset
  (``"2025-06-01T10:00:00+02:00"``, ``"2025-06-01T08:00:00Z"``) or ``int`` epoch ms ->
  epoch ms (a naive ``datetime`` or string is refused: its time zone would be a guess);
- integer / float / string: ``int`` / ``int`` or ``float`` / ``str`` (``bool`` is not a
  number) -> the scalar;
- text: a ``str`` -> ``{"$type": "TextFieldValue", "text": ...}``;
- ``None`` clears a field (``[]`` for a multi-value one), refused when the project field
  cannot be empty.

Names of enum-like values are checked against the bundle when the schema carries its
values. Anything that does not fit raises :class:`CustomFieldError` naming the field.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import Any, NamedTuple

from ._constants import MAX_DURATION_MINUTES
from ._dates import MAX_DATETIME_MS, MIN_DATETIME_MS, aware_ms, day_ms, duration_minutes
from ._values import is_many, shown
from .errors import CustomFieldError, InvalidRequestError, UnknownCustomFieldError
from .models.bundles import BaseBundle, BundleElement
from .models.custom_fields import (
    BuildProjectCustomField,
    CustomField,
    EnumProjectCustomField,
    FieldType,
    GroupProjectCustomField,
    OwnedProjectCustomField,
    PeriodProjectCustomField,
    ProjectCustomField,
    StateProjectCustomField,
    TextProjectCustomField,
    UserProjectCustomField,
    VersionProjectCustomField,
)
from .models.issue_custom_fields import PeriodValue, TextFieldValue
from .models.projects import Project
from .models.users import User, UserGroup

__all__ = ["encode_custom_field", "encode_custom_fields", "find_project_field"]

_PERIOD = PeriodValue.__name__  # the class is named after its $type
_LISTED = 20  # allowed values named in an error message


class _Context(NamedTuple):
    name: str
    project: str | None
    schema: ProjectCustomField

    def error(self, problem: str) -> CustomFieldError:
        where = f" of project {self.project}" if self.project else ""
        return CustomFieldError(
            f"custom field {shown(self.name)}{where}: {problem}",
            field=self.name,
            project=self.project,
        )


def _describe(value: Any) -> str:
    text = shown(value, 60)
    return f"{text} ({type(value).__name__})" if text.endswith("\u2026") else text


# --- one value of each kind ---------------------------------------------------------------


def _element(value: Any, ctx: _Context) -> dict[str, Any]:
    if isinstance(value, str):
        name = value
    elif isinstance(value, BundleElement) and (value.name is not None or value.id is not None):
        if value.name is None:
            return {"id": value.id}
        name = value.name
    else:
        raise ctx.error(f"expected a value name (str) or a bundle element, got {_describe(value)}")
    bundle = getattr(ctx.schema, "bundle", None)
    values = bundle.values if isinstance(bundle, BaseBundle) else None
    if isinstance(values, list):
        allowed = [v.name for v in values if isinstance(v, BundleElement) and v.name is not None]
        if name not in allowed:
            listed = ", ".join(map(repr, allowed[:_LISTED])) + (
                ", ..." if len(allowed) > _LISTED else ""
            )
            raise ctx.error(f"{shown(name)} is not one of its values ({listed})")
    return {"name": name}


def _reference(
    value: Any, ctx: _Context, model: type[User | UserGroup], key: str, expected: str
) -> dict[str, Any]:
    """``{key: value}`` for a non-empty str, else the ``key`` (or, lacking it, the id) of
    a ``model`` instance."""
    if isinstance(value, str) and value:
        return {key: value}
    if isinstance(value, model):
        if getattr(value, key):
            return {key: getattr(value, key)}
        if value.id:
            return {"id": value.id}
    raise ctx.error(f"expected {expected}, got {_describe(value)}")


def _user(value: Any, ctx: _Context) -> dict[str, Any]:
    return _reference(value, ctx, User, "login", "a login (str) or a User with login or id")


def _group(value: Any, ctx: _Context) -> dict[str, Any]:
    return _reference(value, ctx, UserGroup, "name", "a group name (str) or a UserGroup")


#: YouTrack's period syntax: whole numbers of weeks, days, hours and minutes, in order of
#: size, such as ``"1w 2d 3h 30m"``, ``"2h"`` or ``"90m"``.
_PERIOD_PRESENTATION = re.compile(
    r"\s*(?=\d)(?:(\d+)\s*w\s*)?(?:(\d+)\s*d\s*)?(?:(\d+)\s*h\s*)?(?:(\d+)\s*m\s*)?", re.I
)


def is_period_presentation(text: str) -> bool:
    """True when ``text`` is a period in YouTrack's syntax (``"1w 2d 3h 30m"``)."""
    return _PERIOD_PRESENTATION.fullmatch(text) is not None


def period_presentation_problem(text: str) -> str | None:
    """Why ``text`` cannot be written as a period, or None when it can.

    It must be in YouTrack's syntax (``"1w 2d 3h 30m"``) and within the
    ``MAX_DURATION_MINUTES`` the server keeps. Weeks and days last as long as the
    server's work schedule says, unknown here; the check counts each as at least one
    minute, so a presentation refused here is too long under any schedule.
    """
    match = _PERIOD_PRESENTATION.fullmatch(text)
    if match is None:
        return "it is not a period such as '1w 2d 3h 30m'"
    weeks, days, hours, minutes = (int(part) if part else 0 for part in match.groups())
    least = weeks + days + hours * 60 + minutes
    if least > MAX_DURATION_MINUTES:
        return (
            f"it is longer than YouTrack keeps ({MAX_DURATION_MINUTES} minutes, a 32-bit "
            "int) under any work schedule"
        )
    return None


def _period(value: Any, ctx: _Context) -> dict[str, Any]:
    if isinstance(value, PeriodValue):
        if value.minutes is not None:
            value = value.minutes
        elif value.presentation:
            value = value.presentation
    minutes = duration_minutes(value, ctx.error)
    if minutes is not None:
        # JetBrains documents period writes by presentation only ({"presentation":
        # "10h"}); "<n>m" says the same as the minutes exactly (no work-schedule days or
        # weeks), so the value holds whichever of the two the server reads.
        return {"$type": _PERIOD, "minutes": minutes, "presentation": f"{minutes}m"}
    if isinstance(value, str) and is_period_presentation(value):
        problem = period_presentation_problem(value)
        if problem is not None:
            raise ctx.error(f"period {_describe(value)}: {problem}")
        return {"$type": _PERIOD, "presentation": value.strip()}
    raise ctx.error(
        "expected a timedelta, minutes (int) or a presentation such as '2h 30m', "
        f"got {_describe(value)}"
    )


#: The ISO 8601 forms a JSON front end sends: a day (``2025-06-01``), optionally followed
#: by ``T`` (or a space), hours and minutes, seconds, a fraction and an offset (``Z``,
#: ``+02:00``, ``+0200`` or ``+02``). Parsed here rather than by ``fromisoformat``,
#: whose accepted forms differ between Python 3.10 (no ``Z``) and 3.11.
_ISO_8601 = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[Tt ](?P<hour>\d{2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?)?"
    r"(?P<zone>[Zz]|(?P<sign>[+-])(?P<zh>\d{2})(?::?(?P<zm>\d{2}))?)?)?"
)
_DATE_FORMS = "a datetime.date or an ISO 8601 day such as '2025-06-01'"
_DATE_TIME_FORMS = (
    "an aware datetime, epoch milliseconds (int) or an ISO 8601 date-time with its offset "
    "such as '2025-06-01T10:00:00+02:00' or '2025-06-01T08:00:00Z'"
)


def parse_iso_8601(text: str) -> date | datetime | None:
    """``"2025-06-01"`` -> a ``date``; ``"2025-06-01T10:00[:00[.123]][Z|+02:00]"`` -> a
    ``datetime`` (naive when the text has no offset); None when ``text`` is not one of
    those forms or names no real day, time or offset."""
    found = _ISO_8601.fullmatch(text.strip())
    if found is None:
        return None
    part = found.group
    try:
        day = date(int(part("year")), int(part("month")), int(part("day")))
        if part("hour") is None:
            return day
        zone: timezone | None = None
        if part("zone") in ("Z", "z"):
            zone = timezone.utc
        elif part("zone"):
            offset = timedelta(hours=int(part("zh")), minutes=int(part("zm") or 0))
            zone = timezone(-offset if part("sign") == "-" else offset)
        fraction = (part("fraction") or "")[:6].ljust(6, "0")
        return datetime(
            day.year,
            day.month,
            day.day,
            int(part("hour")),
            int(part("minute")),
            int(part("second") or 0),
            int(fraction),
            tzinfo=zone,
        )
    except ValueError:  # month 13, hour 25, an offset of a day or more
        return None


def _date(value: Any, ctx: _Context) -> int:
    if isinstance(value, str):
        parsed = parse_iso_8601(value)
        if parsed is None:
            raise ctx.error(f"{shown(value)} is not a date: expected {_DATE_FORMS}")
        if isinstance(parsed, datetime):
            raise ctx.error(
                f"{shown(value)} has a time but a date field has none: expected {_DATE_FORMS}"
            )
        value = parsed
    if isinstance(value, date) and not isinstance(value, datetime):
        return day_ms(value)
    raise ctx.error(f"expected {_DATE_FORMS} (a date field has no time), got {_describe(value)}")


def _date_time(value: Any, ctx: _Context) -> int:
    if isinstance(value, str):
        parsed = parse_iso_8601(value)
        if not isinstance(parsed, datetime):
            raise ctx.error(f"{shown(value)} is not a date and time: expected {_DATE_TIME_FORMS}")
        if parsed.tzinfo is None:
            raise ctx.error(
                f"date-time {shown(value)} has no offset and is refused: its time zone would be a "
                "guess (add one, such as '+02:00' or 'Z')"
            )
        value = parsed
    if isinstance(value, datetime):
        return aware_ms(value, ctx.error)
    if type(value) is int:
        if not MIN_DATETIME_MS <= value <= MAX_DATETIME_MS:
            # Read back, it could not become a datetime (years 1 to 9999).
            raise ctx.error(
                f"epoch milliseconds {value} are outside the years 1 to 9999 "
                f"({MIN_DATETIME_MS} to {MAX_DATETIME_MS})"
            )
        return value
    raise ctx.error(f"expected {_DATE_TIME_FORMS}, got {_describe(value)}")


def _integer(value: Any, ctx: _Context) -> int:
    if type(value) is int:
        return value
    raise ctx.error(f"expected an int, got {_describe(value)}")


def _float(value: Any, ctx: _Context) -> float | int:
    try:
        # math.isfinite converts an int to float: one beyond float's range overflows,
        # and YouTrack's float field could not hold it anyway.
        finite = type(value) in (int, float) and math.isfinite(value)
    except OverflowError:
        finite = False
    if finite:
        return value  # type: ignore[no-any-return]
    raise ctx.error(f"expected a finite number, got {_describe(value)}")


def _string(value: Any, ctx: _Context) -> str:
    if isinstance(value, str):
        return value
    raise ctx.error(f"expected a str, got {_describe(value)}")


def _text(value: Any, ctx: _Context) -> dict[str, Any]:
    if isinstance(value, TextFieldValue) and value.text is not None:
        value = value.text
    if isinstance(value, str):
        return {"$type": TextFieldValue.__name__, "text": value}
    raise ctx.error(f"expected a str, got {_describe(value)}")


# --- field kinds -----------------------------------------------------------------------


class _Kind(NamedTuple):
    single: str | None  # IssueCustomField $type of the single-value field
    multi: str | None  # ... of the multi-value field
    encode: Callable[[Any, _Context], Any]


#: Field type id (without ``[1]``/``[*]``) -> kind.
_KINDS: dict[str, _Kind] = {
    "enum": _Kind("SingleEnumIssueCustomField", "MultiEnumIssueCustomField", _element),
    "state": _Kind("StateIssueCustomField", None, _element),
    "version": _Kind("SingleVersionIssueCustomField", "MultiVersionIssueCustomField", _element),
    "build": _Kind("SingleBuildIssueCustomField", "MultiBuildIssueCustomField", _element),
    "ownedField": _Kind("SingleOwnedIssueCustomField", "MultiOwnedIssueCustomField", _element),
    "user": _Kind("SingleUserIssueCustomField", "MultiUserIssueCustomField", _user),
    "group": _Kind("SingleGroupIssueCustomField", "MultiGroupIssueCustomField", _group),
    "period": _Kind("PeriodIssueCustomField", None, _period),
    "date": _Kind("DateIssueCustomField", None, _date),
    "date and time": _Kind("SimpleIssueCustomField", None, _date_time),
    "integer": _Kind("SimpleIssueCustomField", None, _integer),
    "int": _Kind("SimpleIssueCustomField", None, _integer),
    "float": _Kind("SimpleIssueCustomField", None, _float),
    "string": _Kind("SimpleIssueCustomField", None, _string),
    "text": _Kind("TextIssueCustomField", None, _text),
}

#: Project-field class -> field type id, for schemas fetched without ``fieldType``.
_KIND_OF_SCHEMA: list[tuple[type, str]] = [
    (EnumProjectCustomField, "enum"),
    (StateProjectCustomField, "state"),
    (VersionProjectCustomField, "version"),
    (BuildProjectCustomField, "build"),
    (OwnedProjectCustomField, "ownedField"),
    (UserProjectCustomField, "user"),
    (GroupProjectCustomField, "group"),
    (PeriodProjectCustomField, "period"),
    (TextProjectCustomField, "text"),
]


def _kind(ctx: _Context, value: Any) -> tuple[_Kind, bool]:
    """(kind, multi-value?) from the field type id, else from the schema's class."""
    type_id = _type_id(ctx.schema)
    if type_id:
        base, _, cardinality = type_id.partition("[")
        kind = _KINDS.get(base)
        if kind is None:
            raise ctx.error(f"field type {shown(type_id)} is not supported for writing")
        return kind, cardinality.startswith("*")
    for schema_class, base in _KIND_OF_SCHEMA:
        if isinstance(ctx.schema, schema_class):
            kind = _KINDS[base]
            return kind, kind.multi is not None and is_many(value)
    # A simple field of unknown type: the value's own type decides.
    if isinstance(value, datetime):
        return _KINDS["date and time"], False
    if isinstance(value, date):
        return _KINDS["date"], False
    simple = {int: _integer, float: _float, str: _string}.get(type(value))
    if simple is not None:
        return _Kind("SimpleIssueCustomField", None, simple), False
    raise ctx.error(
        "its type is unknown (fetch the project's fields with field(fieldType(id))) "
        f"and {_describe(value)} does not tell"
    )


# The schema is read with isinstance checks: one built by hand is not checked when built,
# and may hold anything where a CustomField, FieldType or Project belongs.


def _checked(schema: object) -> ProjectCustomField:
    if not isinstance(schema, ProjectCustomField):
        raise InvalidRequestError(
            "schema must be a ProjectCustomField (a project's settings of the field, as "
            f"yt.projects.custom_fields.list() gives them), got {shown(schema)}"
        )
    return schema


def _field_name(schema: ProjectCustomField) -> str | None:
    field = schema.field
    name = field.name if isinstance(field, CustomField) else None
    return name if isinstance(name, str) and name else None


def _type_id(schema: ProjectCustomField) -> str | None:
    field = schema.field
    field_type = field.field_type if isinstance(field, CustomField) else None
    type_id = field_type.id if isinstance(field_type, FieldType) else None
    return type_id if isinstance(type_id, str) else None


def _project_label(schema: ProjectCustomField) -> str | None:
    project = schema.project
    if not isinstance(project, Project):
        return None
    label = project.short_name or project.name or project.id
    return label if isinstance(label, str) else None


def _checked_project(project: object) -> str | None:
    if project is not None and not isinstance(project, str):
        raise InvalidRequestError(f"project must be a str or None, got {shown(project)}")
    return project


def encode_custom_field(
    schema: ProjectCustomField, value: Any, *, project: str | None = None
) -> dict[str, Any]:
    """The JSON of one issue custom field for a create/update body.

    ``schema`` is the project's settings of the field (as fetched with
    ``fields_for(ProjectCustomField)``: its ``field.name`` and ``field.field_type.id``
    decide the ``$type`` and the value shape); ``value`` a plain Python value (see the
    module documentation) or None to clear. ``project`` names the project in errors.

    Returns ``{"name": ..., "$type": ..., "value": ...}``. Raises
    :class:`CustomFieldError` when the value does not fit the field.
    """
    schema = _checked(schema)
    project = _checked_project(project) or _project_label(schema)
    name = _field_name(schema)
    if not name:
        raise CustomFieldError(
            "project custom field has no field name (fetch it with field(name))", project=project
        )
    ctx = _Context(name, project, schema)
    # Taken once: a generator or other one-pass iterable of values must not be spent by
    # the checks below before it is encoded.
    items = list(value) if is_many(value) else None
    kind, multi = _kind(ctx, value if items is None else items)
    field_type = kind.multi if multi and kind.multi else kind.single
    if value is None or (multi and items == []):
        if schema.can_be_empty is False:
            raise ctx.error("it cannot be empty (the project requires a value)")
        return {"name": name, "$type": field_type, "value": [] if multi else None}
    if multi:
        encoded: Any = [kind.encode(item, ctx) for item in ([value] if items is None else items)]
    elif items is not None:
        raise ctx.error(f"it takes one value, got {len(items)}: {_describe(value)}")
    else:
        encoded = kind.encode(value, ctx)
    return {"name": name, "$type": field_type, "value": encoded}


def encode_custom_fields(
    schema: Sequence[ProjectCustomField],
    values: Mapping[str, Any],
    *,
    project: str | None = None,
) -> list[dict[str, Any]]:
    """Encode ``{field name: value}`` against a project's fields (see
    :func:`encode_custom_field`), in the order of ``values``.

    Raises :class:`UnknownCustomFieldError` (a :class:`CustomFieldError`) for a name the
    project does not have, listing the names it has, and :class:`CustomFieldError` for a
    value that does not fit.
    """
    if not isinstance(schema, (list, tuple)):
        raise InvalidRequestError(
            f"schema must be a list of ProjectCustomField, got {shown(schema)}"
        )
    if not isinstance(values, Mapping):
        raise InvalidRequestError(
            f"values must be a mapping of field names to values, got {shown(values)}"
        )
    fields = [_checked(s) for s in schema]
    _checked_project(project)
    by_name = {name: s for s in fields if (name := _field_name(s)) is not None}
    encoded = []
    for name, value in values.items():
        field_schema = by_name.get(name)
        if field_schema is None:
            label = project or next((p for p in map(_project_label, fields) if p is not None), None)
            raise _unknown(name, sorted(by_name), label)
        encoded.append(encode_custom_field(field_schema, value, project=project))
    return encoded


def find_project_field(
    schema: Sequence[ProjectCustomField], name: str, *, project: str | None = None
) -> ProjectCustomField:
    """The project's settings of the field called ``name``.

    Raises :class:`UnknownCustomFieldError` for a name the project does not have,
    listing the names it has (``project`` names it in the message).
    """
    for field_schema in schema:
        if _field_name(field_schema) == name:
            return field_schema
    known = sorted(n for s in schema if (n := _field_name(s)) is not None)
    raise _unknown(name, known, project)


def _unknown(name: str, known: list[str], project: str | None) -> UnknownCustomFieldError:
    where = f" in project {project}" if project else ""
    similar = [k for k in known if k.casefold() == str(name).casefold()]
    hint = f"; did you mean {shown(similar[0])}?" if similar else ""
    listed = ", ".join(map(repr, known)) if known else "none"
    return UnknownCustomFieldError(
        f"no custom field {shown(name)}{where}{hint} (fields: {listed})",
        field=name,
        project=project,
    )
