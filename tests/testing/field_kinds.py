"""The custom-field kinds the ``demo`` seed fills (``fieldType.id`` on the wire), which
the seed's tests check through the store and through HTTP."""

from __future__ import annotations

EVERY_FIELD_KIND = frozenset(
    {
        "enum[1]",
        "enum[*]",
        "state[1]",
        "user[1]",
        "user[*]",
        "group[1]",
        "group[*]",
        "version[1]",
        "version[*]",
        "build[1]",
        "build[*]",
        "ownedField[1]",
        "ownedField[*]",
        "period",
        "date",
        "date and time",
        "text",
        "integer",
        "float",
        "string",
    }
)
