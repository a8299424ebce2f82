"""FakeYouTrack against the ground truth: ``semantics.md`` facts and JetBrains' samples.

Raw aiohttp requests only (never the client), each test naming the fact it checks.
The spec-schema walk of rendered responses is in ``test_fidelity_spec.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from aioyoutrack.testing import FakeYouTrack, FieldSpec

# semantics.md, "Custom fields and $type polymorphism": field type -> issue field $type.
# The fake names ``int`` by its real fieldType id, ``integer``.
ISSUE_FIELD_TYPES = {
    "enum[1]": "SingleEnumIssueCustomField",
    "enum[*]": "MultiEnumIssueCustomField",
    "build[1]": "SingleBuildIssueCustomField",
    "build[*]": "MultiBuildIssueCustomField",
    "state[1]": "StateIssueCustomField",
    "version[1]": "SingleVersionIssueCustomField",
    "version[*]": "MultiVersionIssueCustomField",
    "ownedField[1]": "SingleOwnedIssueCustomField",
    "ownedField[*]": "MultiOwnedIssueCustomField",
    "user[1]": "SingleUserIssueCustomField",
    "user[*]": "MultiUserIssueCustomField",
    "group[1]": "SingleGroupIssueCustomField",
    "group[*]": "MultiGroupIssueCustomField",
    "integer": "SimpleIssueCustomField",
    "float": "SimpleIssueCustomField",
    "string": "SimpleIssueCustomField",
    "date and time": "SimpleIssueCustomField",
    "date": "DateIssueCustomField",
    "period": "PeriodIssueCustomField",
    "text": "TextIssueCustomField",
}
# Value $type per kind (semantics.md: enum -> EnumBundleElement, ..., group -> UserGroup).
VALUE_TYPES = {
    "enum": "EnumBundleElement",
    "state": "StateBundleElement",
    "version": "VersionBundleElement",
    "build": "BuildBundleElement",
    "ownedField": "OwnedBundleElement",
    "user": "User",
    "group": "UserGroup",
}
MIDDAY_2024_03_05 = int(dt.datetime(2024, 3, 5, 12, tzinfo=dt.timezone.utc).timestamp() * 1000)
EVENING_2024_03_05 = MIDDAY_2024_03_05 + 8 * 3_600_000 + 1234
# The documented write shape of one value of each kind (semantics.md "Write shapes").
WRITE_VALUES: dict[str, Any] = {
    "enum": {"name": "Alpha"},
    "state": {"name": "Open"},
    "version": {"name": "Alpha"},
    "build": {"name": "Alpha"},
    "ownedField": {"name": "Alpha"},
    "user": {"login": "root"},
    "group": {"name": "All Users"},
    "integer": 7,
    "float": 2.5,
    "string": "test@example.com",
    "date and time": EVENING_2024_03_05,
    "date": EVENING_2024_03_05,
    "period": {"presentation": "1h 30m", "$type": "PeriodValue"},
    "text": {"text": "Some *markdown*"},
}
VALUE_FIELDS = "customFields(name,$type,value($type,name,login,minutes,presentation,text))"


def _kind(type_id: str) -> str:
    return type_id.split("[")[0]


def _field_name(type_id: str) -> str:
    return f"F {type_id}"


@pytest_asyncio.fixture
async def every_kind(session: aiohttp.ClientSession) -> AsyncIterator[tuple[FakeYouTrack, Any]]:
    """A fake with one project ``ALL`` holding a field of every type, and a raw caller."""
    async with FakeYouTrack(seed=None) as running:
        specs = [
            FieldSpec(
                _field_name(type_id),
                type_id,
                values=("Open", "Done") if type_id.startswith("state") else ("Alpha", "Beta"),
                resolved=("Done",),
            )
            for type_id in ISSUE_FIELD_TYPES
        ]
        running.add_project("ALL", "All Kinds", fields=specs)
        yield running, _Caller(session, running)
        assert running.internal_errors == []


class _Caller:
    """Raw JSON calls as root."""

    def __init__(self, session: aiohttp.ClientSession, fake: FakeYouTrack) -> None:
        self.session = session
        self.fake = fake

    async def __call__(
        self, method: str, path: str, body: Any = None, **params: str
    ) -> tuple[int, Any]:
        headers = {"Authorization": f"Bearer {self.fake.token}", "Accept": "application/json"}
        async with self.session.request(
            method, self.fake.url + path, params=params, json=body, headers=headers
        ) as response:
            raw = await response.read()
            return response.status, (await response.json() if raw else None)


def _by_name(issue: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in issue["customFields"]}


# --- custom fields: $type on read and write -------------------------------------------
async def test_every_field_type_reads_with_its_documented_type_and_empty_value(
    every_kind: tuple[FakeYouTrack, Any],
) -> None:
    _, call = every_kind
    status, created = await call("POST", "api/issues", {"project": {"id": "0-0"}, "summary": "x"})
    assert status == 200
    assert created == {"id": created["id"], "$type": "Issue"}  # sample 013
    status, issue = await call("GET", f"api/issues/{created['id']}", fields=VALUE_FIELDS)
    fields = _by_name(issue)
    for type_id, wire_type in ISSUE_FIELD_TYPES.items():
        field = fields[_field_name(type_id)]
        assert field["$type"] == wire_type, type_id
        # Sample 014: an empty single-value field is null, an empty multi-value one [].
        assert field["value"] == ([] if type_id.endswith("[*]") else None), type_id


@pytest.mark.parametrize("type_id", list(ISSUE_FIELD_TYPES))
async def test_every_field_type_is_written_with_its_type_and_documented_shape(
    every_kind: tuple[FakeYouTrack, Any], type_id: str
) -> None:
    _, call = every_kind
    one = WRITE_VALUES[_kind(type_id)]
    value = [one] if type_id.endswith("[*]") else one
    item = {"name": _field_name(type_id), "$type": ISSUE_FIELD_TYPES[type_id], "value": value}
    body = {"project": {"id": "0-0"}, "summary": "x", "customFields": [item]}
    status, created = await call("POST", "api/issues", body, fields=f"idReadable,{VALUE_FIELDS}")
    assert status == 200, created
    read = _by_name(created)[_field_name(type_id)]
    assert read["$type"] == ISSUE_FIELD_TYPES[type_id]
    got = read["value"]
    if type_id.endswith("[*]"):
        assert isinstance(got, list)
        assert len(got) == 1
        got = got[0]
    kind = _kind(type_id)
    if kind in VALUE_TYPES:
        assert got["$type"] == VALUE_TYPES[kind]
        key = "login" if kind == "user" else "name"
        assert got[key] == one[key]
    elif kind == "date":
        assert got == MIDDAY_2024_03_05  # a date is stored at midday UTC
    elif kind == "period":
        assert got == {"minutes": 90, "presentation": "1h 30m", "$type": "PeriodValue"}
    elif kind == "text":
        assert got == {"text": "Some *markdown*", "$type": "TextFieldValue"}
    else:
        assert got == one  # integer, float, string, and date and time kept exactly
    # The same write as an update, addressed by readable id, is accepted too.
    status, _ = await call("POST", f"api/issues/{created['idReadable']}", {"customFields": [item]})
    assert status == 200


async def test_a_wrong_field_type_is_a_server_error(api: Any, fake: FakeYouTrack) -> None:
    # semantics.md: a wrong custom-field $type in an update can produce 500, not 400
    # (devportal "500 Server Error When Updating a Custom Field"); peers see
    # "Incompatible field type: <id>" (tonyzorin/youtrack-mcp#29).
    before = dict(fake.issue("SP-1").values)
    field = {
        "name": "Fix versions",
        "$type": "SingleEnumIssueCustomField",
        "value": {"name": "1.0"},
    }
    reply = await api.post("api/issues/SP-1", {"customFields": [field]})
    assert reply.status == 500
    assert reply.content_type == "application/json;charset=utf-8"
    assert isinstance(reply.body["error"], str)
    assert reply.body["error_description"].startswith("Incompatible field type: ")
    assert fake.issue("SP-1").values == before
    assert fake.internal_errors == []  # a documented answer, not a crash of the fake


async def test_period_written_by_presentation_reads_minutes_and_presentation(api: Any) -> None:
    body = {
        "customFields": [
            {
                "name": "Estimation",
                "$type": "PeriodIssueCustomField",
                "value": {"presentation": "10h", "$type": "PeriodValue"},
            }
        ]
    }
    reply = await api.post(
        "api/issues/SP-8", body, fields="customFields(name,value(minutes,presentation))"
    )
    value = _by_name(reply.body)["Estimation"]["value"]
    assert value["minutes"] == 600
    assert value["$type"] == "PeriodValue"
    assert isinstance(value["presentation"], str)


# --- issuesGetter/count -----------------------------------------------------------------
async def test_count_without_fields_is_only_id_and_type(api: Any) -> None:
    # semantics.md: without fields only the database id and $type come back; the spec's
    # fields default ("$type,count,id") is not what the server does.
    reply = await api.post("api/issuesGetter/count", {"query": "in: SP"})
    assert reply.status == 200
    assert reply.body["$type"] == "IssueCountResponse"
    assert set(reply.body) <= {"id", "$type"}


async def test_count_with_fields_is_an_issue_count_response(api: Any) -> None:
    reply = await api.post("api/issuesGetter/count", {"query": "in: SP"}, fields="count")
    assert reply.body == {"count": 150, "$type": "IssueCountResponse"}
    everything = await api.post("api/issuesGetter/count", {}, fields="count")
    assert everything.body["count"] == 300


# --- samples ---------------------------------------------------------------------------
async def test_projects_are_listed_by_name(api: Any, fake: FakeYouTrack) -> None:
    # Samples 001 and 002 list projects by name (0-7, 0-2, 0-6, 0-0, 0-3: not by id).
    fake.add_project("AAA", "Zulu Project")
    fake.add_project("ZZZ", "alpha project")
    reply = await api.get("api/admin/projects", fields="name")
    names = [p["name"] for p in reply.body]
    assert names == sorted(names, key=str.casefold)
    assert names[0] == "alpha project"
    assert names[-1] == "Zulu Project"


async def test_percent_encoded_parentheses_in_fields(api: Any) -> None:
    # Sample 001 sends fields=...createdBy%28login,name,id%29 in the raw URL.
    path = "api/admin/projects?fields=id,shortName,createdBy%28login,name,id%29"
    encoded = await api.call("GET", path, encoded=True)
    plain = await api.get("api/admin/projects", fields="id,shortName,createdBy(login,name,id)")
    assert encoded.status == 200
    assert encoded.body == plain.body
    assert set(encoded.body[0]["createdBy"]) == {"login", "name", "id", "$type"}


async def test_hash_is_sent_as_percent_23(api: Any) -> None:
    # Sample 011: query=for:%20john.doe%20%23Unresolved%20summary ('#' must be %23).
    raw = await api.call(
        "GET", "api/issues?fields=idReadable&$top=-1&query=for:%20me%20%23Unresolved", encoded=True
    )
    decoded = await api.get("api/issues", fields="idReadable", query="for: me #Unresolved")
    assert raw.status == 200
    assert raw.body == decoded.body
    assert raw.body


async def test_unknown_field_names_are_left_out_at_every_level(api: Any) -> None:
    # Sample 004 asks projects for timeTrackingEnabled and gets no such key.
    reply = await api.get(
        "api/admin/projects/SP", fields="id,timeTrackingEnabled,leader(login,nonsense)"
    )
    assert reply.status == 200
    assert set(reply.body) == {"id", "leader", "$type"}
    assert set(reply.body["leader"]) == {"login", "$type"}


# --- errors and auth ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("token", "status"),
    [(None, 401), ("perm:cm9vdA==.MS0x.not-a-real-token", 401)],
)
async def test_auth_failures_have_a_youtrack_error_body(
    api: Any, token: str | None, status: int
) -> None:
    # semantics.md: without a token the request runs as guest, who is banned here.
    reply = await api.as_user(token).get("api/users/me", fields="login")
    assert reply.status == status
    assert reply.content_type == "application/json;charset=utf-8"
    assert set(reply.body) == {"error", "error_description"}
    assert all(isinstance(v, str) and v for v in reply.body.values())


async def test_forbidden_is_403_with_an_error_body(api: Any, fake: FakeYouTrack) -> None:
    token = fake.add_user("outsider")
    reply = await api.as_user(token).post("api/issues/SP-1", {"summary": "x"})
    assert reply.status == 403
    assert set(reply.body) == {"error", "error_description"}


@pytest.mark.parametrize("path", ["api/admin/issues%C2%A0", "api/no/such/resource"])
async def test_unknown_path_is_the_documented_404(api: Any, path: str) -> None:
    reply = await api.call("POST", path, encoded=True)
    assert reply.status == 404
    assert reply.content_type == "application/json;charset=utf-8"
    assert reply.body == {"error": "Not Found", "error_description": "HTTP 404 Not Found"}


# --- key order --------------------------------------------------------------------------
async def test_id_comes_last_before_type_whatever_order_fields_names_it(api: Any) -> None:
    # Samples 002, 007, 008, 009, 024 (and realworld-fixtures/INDEX.md): a real server
    # answers ``id`` then ``$type`` last, at every level, whatever order was asked.
    me = await api.get("api/users/me", fields="id,login,name,email")
    assert list(me.body)[-2:] == ["id", "$type"]
    issues = await api.get("api/issues", fields="id,summary,project(id,name)", **{"$top": "1"})
    issue = issues.body[0]
    assert list(issue) == ["summary", "project", "id", "$type"]
    assert list(issue["project"]) == ["name", "id", "$type"]
