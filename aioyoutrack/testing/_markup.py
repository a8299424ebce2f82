"""The HTML a real server renders from markup, approximated: ``textPreview`` of comments
and work items, ``wikifiedDescription`` of issues.

YouTrack renders text on the server; this is not its renderer. It reproduces exactly what
responses recorded from real servers show, and nothing more:

- a comment's ``textPreview`` renders ``*x*`` as ``<strong>x</strong>`` and ``_x_`` as
  ``<em>x</em>``: "*Hello*, world!" -> "<strong>Hello</strong>, world!" and
  "Sample _comment_" -> "Sample <em>comment</em>"
  (``realworld-fixtures/moneymeets-youtrack-sdk/issue_comments.json``, recorded from a
  real server);
- a work item's ``textPreview`` is the text in a paragraph of a ``common-markdown`` div:
  "Working hard" -> ``<div class="wiki text common-markdown"><p>Working hard</p>\\n</div>``
  (``.../issue_work_items.json``). Only plain text was recorded there, so no inline
  markup is rendered inside it (a CommonMark renderer, as the class name says, reads
  ``*x*`` as emphasis, not as the comments' strong: guessing would be worse than not);
- an issue's ``wikifiedDescription`` is rendered as a comment's preview: no recording
  shows a description with markup (``.../issue_links.json`` shows "" for "").

The text is HTML-escaped first (``&``, ``<``, ``>``, ``"``), so markup never passes
through as HTML. Everything else (links, code, lists, headings, line breaks, mentions,
issue ids) is left as escaped text: a test that needs the real rendering must compare
with a real server.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["escape", "render_inline", "render_work_item"]

# A delimiter opens before a non-space and closes after one, and is not part of a word
# (``snake_case_name`` and ``2*3*4`` stay as they are).
_STRONG: Final = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
_EMPHASIS: Final = re.compile(r"(?<!\w)_(?=\S)([^_\n]*?\S)_(?!\w)")
_ESCAPES: Final = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def escape(text: str) -> str:
    """``text`` with ``&``, ``<``, ``>`` and ``"`` as HTML character references."""
    return text.translate(_ESCAPES)


def render_inline(text: str | None) -> str | None:
    """A comment's ``textPreview`` (and an issue's ``wikifiedDescription``): escaped,
    ``*x*`` strong and ``_x_`` emphasised. None stays None."""
    if text is None:
        return None
    # Emphasis within each piece, inside or outside a strong span, never across one:
    # the tags nest (``*a _b* c_`` keeps its underscores rather than cross the tags).
    pieces = _STRONG.split(escape(text))  # text, strong content, text, ...
    return "".join(
        f"<strong>{_emphasised(piece)}</strong>" if index % 2 else _emphasised(piece)
        for index, piece in enumerate(pieces)
    )


def _emphasised(text: str) -> str:
    return _EMPHASIS.sub(r"<em>\1</em>", text)


def render_work_item(text: str | None) -> str | None:
    """A work item's ``textPreview``: the escaped text in the paragraph of a
    ``wiki text common-markdown`` div. None stays None."""
    if text is None:
        return None
    return f'<div class="wiki text common-markdown"><p>{escape(text)}</p>\n</div>'
