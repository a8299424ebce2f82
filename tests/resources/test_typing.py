"""Static types of the resource methods: ``model=`` drives the result type.

mypy checks a snippet that uses the public API; ``assert_type`` fails the check when
an overload returns the wrong type.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from mypy import api

SNIPPET = """
from __future__ import annotations

from datetime import timedelta
from typing import Any

import attrs
from typing_extensions import assert_type

from aioyoutrack import (
    CommandList, Issue, IssueComment, IssueCustomField, Me, Pager, Project,
    ProjectCustomField, Tag, User, YouTrack,
)


@attrs.define
class View:
    id_readable: str | None = None


async def check(yt: YouTrack) -> None:
    assert_type(await yt.request("GET", "api/issues/SP-1", model=Issue), Issue)
    assert_type(await yt.request("GET", "api/issues", model=list[View]), list[View])
    assert_type(await yt.request("GET", "api/users/me"), Any)
    assert_type(await yt.users.me(), Me)
    assert_type(await yt.users.me(model=View), View)
    assert_type(await yt.users.get("jane.doe"), User)
    assert_type(yt.users.list(), Pager[User])
    assert_type(await yt.users.list(), list[User])
    assert_type(await yt.projects.get("SP"), Project)
    assert_type(await yt.projects.get_many(["SP"]), list[Project])
    assert_type(await yt.projects.get_many(["SP"], model=View), list[View])
    assert_type(yt.projects.list(model=View), Pager[View])
    assert_type(await yt.projects.custom_fields("SP"), list[ProjectCustomField])
    assert_type(await yt.issues.get("SP-1"), Issue)
    assert_type(await yt.issues.get("SP-1", model=View), View)
    assert_type(yt.issues.search("x"), Pager[Issue])
    assert_type(yt.issues.search("x", model=View), Pager[View])
    assert_type(await yt.issues.search("x").first(), Issue | None)
    assert_type(await yt.issues.get_many(["SP-1"]), list[Issue])
    assert_type(await yt.issues.get_many(["SP-1"], missing="none"), list[Issue | None])
    assert_type(await yt.issues.get_many(["SP-1"], model=View, missing="skip"), list[View])
    assert_type(await yt.issues.count("x"), int)
    assert_type(await yt.issues.create("SP", "s", fields={"E": timedelta(1)}), Issue)
    assert_type(await yt.issues.update("SP-1", summary="s", model=View), View)
    assert_type(await yt.issues.delete("SP-1"), None)
    assert_type(await yt.issues.custom_fields.set("SP-1", "P", 1), IssueCustomField)
    assert_type(yt.issues.custom_fields.list("SP-1"), Pager[IssueCustomField])
    assert_type(await yt.issues.comments.add("SP-1", "t"), IssueComment)
    assert_type(yt.issues.comments.list("SP-1", model=View), Pager[View])
    assert_type(await yt.tags.find("x"), Tag | None)
    assert_type(await yt.tags.create("x", model=View), View)
    assert_type(await yt.issues.tags.add("SP-1", "x"), Tag)
    assert_type(await yt.commands.apply("x", issues=["SP-1"]), CommandList | None)
"""


@pytest.mark.slow
def test_model_drives_the_static_result_type(tmp_path: Path) -> None:
    snippet = tmp_path / "typing_snippet.py"
    snippet.write_text(textwrap.dedent(SNIPPET))
    out, err, status = api.run(["--strict", "--no-error-summary", str(snippet)])
    assert status == 0, out + err
