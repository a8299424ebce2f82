"""Auth, permissions, paging, errors and content types."""

from __future__ import annotations

import gzip
import json
from typing import Any

import aiohttp
import pytest

from aioyoutrack.testing import FakeYouTrack
from aioyoutrack.testing._http.app import accepts_gzip

JSON = "application/json;charset=utf-8"


async def test_missing_token_is_401_when_guest_is_banned(api: Any) -> None:
    reply = await api.as_user(None).get("api/users/me")
    assert reply.status == 401
    assert reply.content_type == JSON
    assert reply.body["error"] == "Unauthorized"
    assert isinstance(reply.body["error_description"], str)


async def test_wrong_token_is_401(api: Any) -> None:
    reply = await api.as_user("perm:bm9ib2R5.MS0x.wrong").get("api/issues")
    assert reply.status == 401
    assert reply.body["error"] == "Unauthorized"


async def test_basic_auth_scheme_is_401(api: Any, fake: FakeYouTrack) -> None:
    reply = await api.call("GET", "api/users/me", headers={"Authorization": f"Basic {fake.token}"})
    assert reply.status == 401


async def test_banned_user_is_401(api: Any, fake: FakeYouTrack) -> None:
    token = fake.add_user("mallory", banned=True)
    assert (await api.as_user(token).get("api/users/me")).status == 401


async def test_guest_allowed_when_not_banned(api: Any, fake: FakeYouTrack) -> None:
    fake.user("guest").banned = False
    reply = await api.as_user(None).get("api/users/me", fields="login,guest")
    assert reply.body == {"login": "guest", "guest": True, "$type": "Me"}
    # The guest is in no project team: it sees no issues.
    assert (await api.as_user(None).get("api/issues")).body == []


async def test_each_token_acts_as_its_user(api: Any, fake: FakeYouTrack) -> None:
    token = fake.add_user("zoe", name="Zoe Q", email="zoe@example.com", projects=["DEMO"])
    reply = await api.as_user(token).get("api/users/me", fields="login,fullName,email")
    assert reply.body == {
        "login": "zoe",
        "fullName": "Zoe Q",
        "email": "zoe@example.com",
        "$type": "Me",
    }


async def test_project_members_see_only_their_projects(api: Any, fake: FakeYouTrack) -> None:
    token = fake.add_user("zoe", projects=["DEMO"])
    zoe = api.as_user(token)
    issues = (await zoe.get("api/issues", fields="project(shortName)", **{"$top": "-1"})).body
    assert issues
    assert {i["project"]["shortName"] for i in issues} == {"DEMO"}
    projects = (await zoe.get("api/admin/projects", fields="shortName")).body
    assert [p["shortName"] for p in projects] == ["DEMO"]
    denied = await zoe.get("api/issues/SP-1")
    assert denied.status == 403
    assert denied.body["error"] == "Forbidden"
    assert (await zoe.post("api/issues/SP-1", {"summary": "x"})).status == 403
    assert fake.issue("SP-1").summary != "x"


async def test_non_admin_cannot_administer(api: Any, fake: FakeYouTrack) -> None:
    token = fake.add_user("zoe", projects=["SP"])
    reply = await api.as_user(token).post("api/admin/projects", {"shortName": "X", "name": "X"})
    assert reply.status == 403
    assert "X" not in {p.short_name for p in fake.store.projects.values()}


async def test_only_the_owner_or_an_admin_changes_what_a_user_owns(
    api: Any, fake: FakeYouTrack
) -> None:
    # A member of the project who neither owns nor wrote the entity gets a 403 and
    # changes nothing; the owner and root (an admin) may change it.
    zoe = api.as_user(fake.add_user("zoe", projects=["SP"]))
    amy_token = fake.add_user("amy", projects=["SP"])
    amy = api.as_user(amy_token)
    saved = (await amy.post("api/savedQueries", {"name": "mine", "query": "#SP"})).body["id"]
    board = (await amy.post("api/agiles", {"name": "B", "projects": [{"shortName": "SP"}]})).body
    comment = (await amy.post("api/issues/SP-1/comments", {"text": "hi"})).body["id"]
    spent = {"duration": {"minutes": 5}}
    item = (await amy.post("api/issues/SP-1/timeTracking/workItems", spent)).body["id"]
    owned = [
        (f"api/savedQueries/{saved}", {"name": "x"}),
        (f"api/agiles/{board['id']}", {"name": "x"}),
        (f"api/issues/SP-1/comments/{comment}", {"text": "x"}),
        (f"api/issues/SP-1/timeTracking/workItems/{item}", {"text": "x"}),
    ]
    for path, change in owned:
        denied = await zoe.post(path, change)
        assert (path, denied.status, denied.body["error"]) == (path, 403, "Forbidden")
        assert "no permission" in denied.body["error_description"]
        assert (await zoe.delete(path)).status == 403
        assert (await amy.post(path, change)).status == 200
        assert (await api.post(path, change)).status == 200
    assert fake.store.saved_queries[saved].name == "x"
    assert fake.store.comments[comment].text == "x"
    for path, _ in owned:
        assert (await amy.delete(path)).status == 200


async def test_a_mistyped_attribute_is_a_400_that_names_it(api: Any, fake: FakeYouTrack) -> None:
    saved = (await api.post("api/savedQueries", {"name": "q", "query": "#SP"})).body["id"]
    work_type = (await api.post("api/admin/timeTrackingSettings/workItemTypes", {"name": "T"})).body
    wrong = [
        ("api/admin/projects/SP", {"archived": "yes"}, "archived must be a boolean"),
        (f"api/savedQueries/{saved}", {"query": None}, "query must be a string"),
        (
            f"api/admin/timeTrackingSettings/workItemTypes/{work_type['id']}",
            {"autoAttached": 1},
            "autoAttached must be a boolean",
        ),
        ("api/commands", {"query": 5, "issues": [{"id": "SP-1"}]}, "query must be a string"),
        ("api/search/assist", {"query": ["x"]}, "query must be a string"),
    ]
    for path, body, message in wrong:
        reply = await api.post(path, body)
        assert (path, reply.status, reply.body["error_description"]) == (path, 400, message)
    assert fake.project("SP").archived is False
    assert fake.store.saved_queries[saved].query == "#SP"
    # An empty query is a query: a saved one may be cleared, a command may be only a comment.
    assert (await api.post(f"api/savedQueries/{saved}", {"query": ""})).status == 200
    assert (await api.post("api/search/assist", {"query": None})).status == 200


async def test_writes_to_what_hangs_on_an_issue_need_update_rights(
    api: Any, fake: FakeYouTrack
) -> None:
    # The guest, once in the team, may read the issue but never change it.
    guest = fake.user("guest")
    guest.banned = False
    fake.project("SP").team.members[guest] = None
    anonymous = api.as_user(None)
    assert (await anonymous.get("api/issues/SP-1")).status == 200
    writes = [
        ("api/issues/SP-1/comments", {"text": "x"}),
        ("api/issues/SP-1/tags", {"name": "Star"}),
        ("api/issues/SP-1/timeTracking/workItems", {"duration": {"minutes": 5}}),
        ("api/issues/SP-1/vcsChanges", {"text": "x", "version": "1"}),
    ]
    for path, body in writes:
        reply = await anonymous.post(path, body)
        assert (path, reply.status) == (path, 403)
        assert (await api.post(path, body)).status == 200


async def test_a_taken_name_in_another_case_is_a_400(api: Any, fake: FakeYouTrack) -> None:
    fake.add_tag("Urgent")
    taken = [
        ("api/tags", {"name": "URGENT"}, "tag 'URGENT' exists already"),
        ("api/admin/projects", {"shortName": "sp", "name": "X"}, "project 'sp' exists already"),
        (
            "api/admin/customFieldSettings/customFields",
            {"name": "priority", "fieldType": {"id": "enum[1]"}},
            "custom field 'priority' exists already",
        ),
    ]
    for path, body, message in taken:
        reply = await api.post(path, body)
        assert (path, reply.status, reply.body["error_description"]) == (path, 400, message)


async def test_default_page_is_42(api: Any) -> None:
    reply = await api.get("api/issues", fields="id")
    assert len(reply.body) == 42


async def test_skip_and_top_page_through_everything(api: Any, fake: FakeYouTrack) -> None:
    seen: list[str] = []
    skip = 0
    while True:
        page = (
            await api.get("api/issues", fields="idReadable", **{"$skip": str(skip), "$top": "70"})
        ).body
        seen += [i["idReadable"] for i in page]
        if len(page) < 70:
            break
        skip += 70
    assert len(seen) == len(set(seen)) == len(fake.store.issues) == 300
    assert seen[:2] == ["SP-1", "SP-2"]


async def test_top_minus_one_means_everything(api: Any) -> None:
    assert len((await api.get("api/users", **{"$top": "-1"})).body) == 11


async def test_paging_applies_to_every_collection(api: Any) -> None:
    reply = await api.get("api/admin/projects/SP/customFields", **{"$skip": "1", "$top": "2"})
    assert [f["id"] for f in reply.body] == ["92-1", "92-2"]


async def test_bad_paging_values_are_400(api: Any) -> None:
    assert (await api.get("api/issues", **{"$top": "many"})).status == 400
    assert (await api.get("api/issues", **{"$skip": "-1"})).status == 400


async def test_unknown_path_is_youtrack_404(api: Any) -> None:
    reply = await api.get("api/nothing/here")
    assert reply.status == 404
    assert reply.content_type == JSON
    assert reply.body == {"error": "Not Found", "error_description": "HTTP 404 Not Found"}


async def test_unknown_entity_is_404(api: Any) -> None:
    reply = await api.get("api/issues/SP-99999")
    assert reply.status == 404
    assert reply.body["error"] == "Not Found"
    assert "SP-99999" in reply.body["error_description"]


async def test_wrong_method_is_405_json_naming_the_methods_allowed(api: Any) -> None:
    reply = await api.delete("api/users/me")
    assert reply.status == 405
    assert reply.content_type == JSON
    assert reply.headers["Allow"] == "GET"  # RFC 9110: a 405 lists them
    put = await api.call("PUT", "api/issues/SP-1")
    assert put.status == 405
    assert put.headers["Allow"] == "DELETE, GET, POST"


async def test_path_outside_the_api_is_an_html_page(api: Any) -> None:
    reply = await api.get("youtrack/api/users/me")
    assert reply.status == 200
    assert reply.content_type.startswith("text/html")


async def test_invalid_json_body_is_400(api: Any) -> None:
    reply = await api.call(
        "POST", "api/issues", data=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert reply.status == 400
    assert reply.body["error"] == "bad_request"


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_hubs_rest_api_is_a_json_501_naming_what_is_not_modelled(
    api: Any, method: str
) -> None:
    # A real server answers Hub's REST API under <service>/hub/api/rest (semantics.md):
    # a 200 HTML page would pass for success in the code under test.
    reply = await api.call(method, "hub/api/rest/users/me")
    assert reply.status == 501
    assert reply.content_type == JSON
    assert reply.body["error"] == "Not Implemented"
    assert "does not model Hub's REST API" in reply.body["error_description"]


async def test_context_path(session: Any) -> None:
    async with FakeYouTrack(seed=None, context_path="youtrack") as fake:
        assert fake.url.endswith("/youtrack/")
        headers = {"Authorization": f"Bearer {fake.token}"}
        async with session.get(fake.url + "api/users/me", headers=headers) as response:
            assert response.status == 200
            assert (await response.json())["$type"] == "Me"
        async with session.get(
            fake.url.replace("/youtrack/", "/") + "api/users/me", headers=headers
        ) as response:
            assert response.content_type == "text/html"


async def test_users_and_groups(api: Any) -> None:
    users = (await api.get("api/users", fields="login", **{"$top": "100"})).body
    assert {"root", "jane.doe", "guest"} <= {u["login"] for u in users}
    jane = (await api.get("api/users/jane.doe", fields="id,login,fullName,name,ringId")).body
    assert jane["fullName"] == jane["name"] == "Jane Doe"
    by_id = (await api.get(f"api/users/{jane['id']}", fields="login")).body
    assert by_id["login"] == "jane.doe"
    groups = (await api.get("api/groups", fields="name,usersCount,$type")).body
    qa = next(g for g in groups if g["name"] == "QA")
    assert qa == {"name": "QA", "usersCount": 2, "$type": "UserGroup"}
    assert any(g["$type"] == "ProjectTeam" for g in groups)


async def test_creating_a_user_is_the_400_of_a_server_before_2026_1(
    api: Any, fake: FakeYouTrack
) -> None:
    # semantics.md, "Users and Hub": before 2026.1 POST /api/users is a 400
    # invalid_properties "<no user> is not a valid user login." (users live in Hub).
    before = len(fake.store.users)
    for body in ({"login": "new.user", "fullName": "New User"}, {}):
        reply = await api.post("api/users", body, fields="id,login")
        message = "<no user> is not a valid user login."
        assert (reply.status, reply.content_type) == (400, "application/json;charset=utf-8")
        assert reply.body == {
            "error": "invalid_properties",
            "error_description": message,
            "error_children": [
                {
                    "error": "invalid_value",
                    "error_description": message,
                    "error_developer_message": message,
                }
            ],
        }
    assert len(fake.store.users) == before


async def test_repr_never_shows_the_token(fake: FakeYouTrack) -> None:
    assert fake.token not in repr(fake)
    assert fake.token.startswith("perm:")


# --- response headers and compression (semantics.md, "Request and response headers":
# the headers JetBrains prints for sample 001) -------------------------------------------

SERVER_HEADERS = {
    "Server": "YouTrack",
    "Vary": "Accept-Encoding, User-Agent",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "SAMEORIGIN",
    "X-XSS-Protection": "1; mode=block",
}
PAGE = {"query": "project: SP", "$top": "100", "fields": "id,summary,description"}


async def test_every_answer_carries_a_real_servers_headers(api: Any, fake: FakeYouTrack) -> None:
    comment = fake.add_comment("SP-1", "bye", author="root")
    answers = [
        await api.get("api/issues/SP-1", fields="id"),  # JSON
        await api.get("api/issues", **PAGE),  # JSON, compressed
        await api.get("api/issues/NOPE-1"),  # an error
        await api.call("PUT", "api/issues/SP-1"),  # 405
        await api.delete(f"api/issues/SP-1/comments/{comment.id}"),  # empty 200
        await api.get("some/ui/page"),  # the UI's HTML
    ]
    for reply in answers:
        assert {k: reply.headers.get(k) for k in SERVER_HEADERS} == SERVER_HEADERS, reply.status


async def _raw(fake: FakeYouTrack, accept_encoding: str | None) -> tuple[str | None, bytes]:
    """A GET of a page of issues with ``accept_encoding`` (None: aiohttp's own): its
    Content-Encoding and its body, left compressed."""
    headers = {"Authorization": f"Bearer {fake.token}"}
    if accept_encoding is not None:
        headers["Accept-Encoding"] = accept_encoding
    url = fake.url + "api/issues"
    async with (
        aiohttp.ClientSession(auto_decompress=False) as raw,
        raw.get(url, params=PAGE, headers=headers) as response,
    ):
        return response.headers.get("Content-Encoding"), await response.read()


async def test_large_json_is_gzipped_for_a_client_that_accepts_it(
    api: Any, fake: FakeYouTrack
) -> None:
    plain = await api.call(
        "GET", "api/issues", params=PAGE, headers={"Accept-Encoding": "identity"}
    )
    assert "Content-Encoding" not in plain.headers
    assert len(plain.raw) > 1024
    for accepted in (None, "gzip", "br;q=1.0, GZIP;q=0.5", "*"):
        encoding, body = await _raw(fake, accepted)
        assert encoding == "gzip", accepted
        assert len(body) < len(plain.raw)
        assert json.loads(gzip.decompress(body)) == plain.body
    for refused in ("identity", "deflate, br", "gzip;q=0", "*, gzip;q=0", ""):
        encoding, body = await _raw(fake, refused)
        assert (encoding, body) == (None, plain.raw), refused


async def test_small_json_is_not_compressed(api: Any) -> None:
    reply = await api.call(
        "GET", "api/issues/SP-1", params={"fields": "id"}, headers={"Accept-Encoding": "gzip"}
    )
    assert reply.status == 200
    assert "Content-Encoding" not in reply.headers


@pytest.mark.parametrize(
    ("header", "gzip_ok"),
    [
        ("gzip", True),
        ("gzip, deflate, br", True),
        ("x-gzip", True),
        ("*", True),
        ("deflate;q=1, gzip;q=0.001", True),
        ("gzip;q=0", False),
        ("gzip;q=0.0, *", False),
        ("*;q=0", False),
        ("gzip;q=nonsense", False),
        ("identity", False),
        ("", False),
    ],
)
def test_accept_encoding_is_read_with_its_weights(header: str, gzip_ok: bool) -> None:
    assert accepts_gzip(header) is gzip_ok
