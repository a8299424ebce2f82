"""The server-side rendering FakeYouTrack approximates (``testing/_markup.py``):
comments' and work items' ``textPreview``, issues' ``wikifiedDescription``.

The renderer's own tests need nothing from outside; the comparisons with responses
recorded from real servers read them from ``../shared/realworld-fixtures`` and are
skipped where it is absent.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from aioyoutrack.testing import FakeYouTrack
from aioyoutrack.testing._markup import escape, render_inline, render_work_item

from .realworld import SKIP_REASON, folder

WORK_ITEM_DIV = '<div class="wiki text common-markdown"><p>{}</p>\n</div>'


# --- the renderer -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("*bold*, plain", "<strong>bold</strong>, plain"),
        ("an _emphasised_ word", "an <em>emphasised</em> word"),
        ("*two words* and _two more_", "<strong>two words</strong> and <em>two more</em>"),
        ("plain text", "plain text"),
        ("", ""),
        # Not markup: inside words, around spaces, unclosed, across lines.
        ("snake_case_name", "snake_case_name"),
        ("2*3*4", "2*3*4"),
        ("a * b * c", "a * b * c"),
        ("*open", "*open"),
        ("_one\nline_", "_one\nline_"),
        # Tags nest: emphasis inside a strong span, never across its edge.
        ("*x _y_ z*", "<strong>x <em>y</em> z</strong>"),
        ("*a _b* c_", "<strong>a _b</strong> c_"),
        ("_a *b_ c*", "_a <strong>b_ c</strong>"),
    ],
)
def test_inline_markup(text: str, html: str) -> None:
    assert render_inline(text) == html


def test_text_is_escaped_before_markup_is_read() -> None:
    assert escape('<b> & "q"') == "&lt;b&gt; &amp; &quot;q&quot;"
    assert render_inline("*<script>*") == "<strong>&lt;script&gt;</strong>"
    assert render_inline("_a & b_") == "<em>a &amp; b</em>"
    assert render_work_item("<i>x</i>") == WORK_ITEM_DIV.format("&lt;i&gt;x&lt;/i&gt;")


def test_a_work_item_preview_is_a_paragraph_in_a_markdown_div() -> None:
    assert render_work_item("Fixed it") == WORK_ITEM_DIV.format("Fixed it")
    # Only plain text was recorded: no inline markup is guessed inside the div.
    assert render_work_item("*as is*") == WORK_ITEM_DIV.format("*as is*")


def test_no_text_renders_as_none() -> None:
    assert render_inline(None) is None
    assert render_work_item(None) is None


async def test_the_fake_renders_previews_and_descriptions(api: Any) -> None:
    comment = await api.post(
        "api/issues/SP-1/comments", {"text": "*Done* <now>"}, fields="text,textPreview"
    )
    assert comment.body["text"] == "*Done* <now>"
    assert comment.body["textPreview"] == "<strong>Done</strong> &lt;now&gt;"
    item = await api.post(
        "api/issues/SP-1/timeTracking/workItems",
        {"duration": {"minutes": 5}, "text": "Review"},
        fields="text,textPreview",
    )
    assert item.body["textPreview"] == WORK_ITEM_DIV.format("Review")
    issue = await api.post(
        "api/issues/SP-1",
        {"description": "See _this_"},
        fields="description,wikifiedDescription",
    )
    assert issue.body["description"] == "See _this_"
    assert issue.body["wikifiedDescription"] == "See <em>this</em>"


# --- against responses recorded from real servers -------------------------------------------


def _recorded(name: str) -> list[dict[str, Any]]:
    where = folder()
    if where is None:
        pytest.skip(SKIP_REASON)
    data: list[dict[str, Any]] = json.loads(
        (where / "moneymeets-youtrack-sdk" / name).read_text("utf-8")
    )
    return data


def _rendered_from_text(entry: dict[str, Any]) -> bool:
    """True when the recorded preview shows the entry's own text: its visible words are
    the text's without markup characters. A recording edited by hand fails this (one
    comment's preview reads "One attachment" for the text "Comment with attachments")."""
    visible = re.sub(r"<[^>]+>", "", entry["textPreview"]).strip()
    return bool(visible) and visible == re.sub(r"[*_]", "", entry["text"])


async def _preview(api: Any, path: str, body: dict[str, Any]) -> str:
    reply = await api.post(path, body, fields="textPreview")
    assert reply.status == 200
    preview: str = reply.body["textPreview"]
    return preview


async def test_comment_previews_as_a_real_server_rendered_them(api: Any) -> None:
    recorded = [c for c in _recorded("issue_comments.json") if _rendered_from_text(c)]
    assert len(recorded) >= 2  # the bold and the emphasised one
    for comment in recorded:
        body = {"text": comment["text"]}
        got = await _preview(api, "api/issues/SP-1/comments", body)
        assert got == comment["textPreview"]


async def test_work_item_previews_as_a_real_server_rendered_them(api: Any) -> None:
    recorded = [w for w in _recorded("issue_work_items.json") if _rendered_from_text(w)]
    assert recorded
    for item in recorded:
        body = {"duration": {"minutes": 5}, "text": item["text"]}
        got = await _preview(api, "api/issues/SP-1/timeTracking/workItems", body)
        assert got == item["textPreview"]


async def test_empty_descriptions_as_a_real_server_rendered_them(
    api: Any, fake: FakeYouTrack
) -> None:
    links = _recorded("issue_links.json")
    linked = [i for slot in links for i in slot.get("issues", []) if "wikifiedDescription" in i]
    assert linked
    for issue in linked:
        reply = await api.post(
            "api/issues/SP-1", {"description": issue["description"]}, fields="wikifiedDescription"
        )
        assert reply.body["wikifiedDescription"] == issue["wikifiedDescription"]
