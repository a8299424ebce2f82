"""Projections of nested references in the default models (Python attribute names).

A default model asks for a nested entity only as much as a caller typically needs to
recognise it; the nested entity's full projection is one request away. Pass your own
class (or ``model_field(fields=...)``) to ask for more.
"""

from __future__ import annotations

from typing import Final

from .._convert_scalars import INT32_METADATA_KEY
from .._fields import field_metadata

USER_FIELDS: Final = "id,login,full_name"
GROUP_FIELDS: Final = "id,name"
PROJECT_FIELDS: Final = "id,name,short_name"
ISSUE_FIELDS: Final = "id,id_readable,summary"
#: One projection for every kind of custom-field value (the documented one-size style):
#: attributes a kind does not have are simply absent from the response.
FIELD_VALUE_FIELDS: Final = (
    "$type,id,name,localizedName,isResolved,login,fullName,minutes,presentation,text"
)

# attrs metadata for the attributes of the default models.
USER: Final = field_metadata(fields=USER_FIELDS)
GROUP: Final = field_metadata(fields=GROUP_FIELDS)
PROJECT: Final = field_metadata(fields=PROJECT_FIELDS)
ISSUE: Final = field_metadata(fields=ISSUE_FIELDS)
NAMED: Final = field_metadata(fields="id,name")
ID: Final = field_metadata(fields="id")
FIELD_VALUE: Final = field_metadata(fields=FIELD_VALUE_FIELDS)
#: Period and duration minutes: a 32-bit int in the spec, refused outside that range
#: while structuring (so ``.timedelta`` never overflows on what a server sent).
MINUTES: Final = {INT32_METADATA_KEY: True}
