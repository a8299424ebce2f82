"""Static types of the resources II methods: ``model=`` drives the result type, and the
generic endpoints carry their model through.

mypy checks a snippet that uses the public API; ``assert_type`` fails the check when an
overload or a generic parameter gives the wrong type.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from mypy import api

SNIPPET = """
from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import attrs
from typing_extensions import assert_type

from aioyoutrack import CursorPager, Pager, YouTrack
from aioyoutrack.models import (
    ActivityItem, Agile, Article, ArticleComment, CustomField, EnumBundle,
    EnumBundleElement, Issue, IssueAttachment, IssueLink, IssueLinkType, IssueWorkItem,
    SavedQuery, Sprint, User, UserGroup, VersionBundleElement, WorkItemType,
)
from aioyoutrack.models.admin_settings import GlobalSettings, SystemSettings
from aioyoutrack.models.reactions import Reaction


@attrs.define
class View:
    id: str | None = None


async def check(yt: YouTrack) -> None:
    assert_type(await yt.issues.attachments.upload("SP-1", b"x", name="x"),
                list[IssueAttachment])
    assert_type(await yt.issues.attachments.upload("SP-1", b"x", name="x", model=View),
                list[View])
    assert_type(yt.issues.attachments.download("url"), AsyncIterator[bytes])
    assert_type(yt.issues.links.list("SP-1"), Pager[IssueLink])
    assert_type(await yt.issues.links.add("SP-1", "Depend", "SP-2"), Issue)
    assert_type(await yt.link_types.get("9-0"), IssueLinkType)
    assert_type(await yt.issues.work_items.add("SP-1", timedelta(hours=1)), IssueWorkItem)
    assert_type(yt.work_items.list("x", model=View), Pager[View])
    assert_type(yt.work_items.types(), Pager[WorkItemType])
    assert_type(await yt.agiles.get("1"), Agile)
    assert_type(yt.agiles.list(model=View), Pager[View])
    assert_type(await yt.agiles.sprints.create("1", "s"), Sprint)
    assert_type(await yt.agiles.sprints.issues("1", "2"), list[Issue])
    assert_type(yt.saved_queries.issues("x"), Pager[Issue])
    assert_type(await yt.saved_queries.create("n", "q"), SavedQuery)
    assert_type(yt.issues.activities("SP-1", "CommentsCategory"), Pager[ActivityItem])
    assert_type(yt.activities.page("CommentsCategory"), CursorPager[ActivityItem])
    assert_type(yt.activities.page("CommentsCategory", model=View), CursorPager[View])
    assert_type(await yt.articles.create("SP", "s"), Article)
    assert_type(await yt.articles.comments.add("SP-A-1", "t"), ArticleComment)
    assert_type(await yt.articles.comments.reactions.add("1", "2", reaction="x"), Reaction)
    assert_type(await yt.custom_fields.get("58-1"), CustomField)
    assert_type(await yt.bundles.enum.get("Priorities"), EnumBundle)
    assert_type(await yt.bundles.enum.add_value("b", "v"), EnumBundleElement)
    assert_type(await yt.bundles.version.get_value("b", "v"), VersionBundleElement)
    assert_type(await yt.bundles.user.add_value("b", "jane"), User)
    assert_type(yt.groups.list(), Pager[UserGroup])
    assert_type(await yt.admin.global_settings.get(), GlobalSettings)
    assert_type(await yt.admin.global_settings.system.update(body={}), SystemSettings)
    assert_type(await yt.admin.global_settings.system.get(model=View), View)
"""


@pytest.mark.slow
def test_models_drive_the_static_result_types(tmp_path: Path) -> None:
    snippet = tmp_path / "typing_snippet_res2.py"
    snippet.write_text(textwrap.dedent(SNIPPET))
    out, err, status = api.run(["--strict", "--no-error-summary", str(snippet)])
    assert status == 0, out + err
