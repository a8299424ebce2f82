"""MkDocs hook: reST roles of the docstrings (``:class:`~a.b.C```) as code and links.

The library's docstrings use Sphinx cross-reference roles, which mkdocstrings renders
literally (``:class:<code>~a.b.C</code>``). This turns each into the code span alone,
written as Sphinx would (``~`` keeps the last part), and links it through mkdocs-autorefs
when it names a documented object. The link is optional: a name the reference does not
document (a method named without its class) stays plain code, with no warning.
"""

from __future__ import annotations

import html
import re
from typing import Any

_ROLE = re.compile(r":(?:class|meth|func|attr|data|exc|mod|obj):<code>(?P<target>[^<]+)</code>")


def _namespaces() -> list[tuple[str, set[str]]]:
    import aioyoutrack
    import aioyoutrack.errors
    import aioyoutrack.models
    import aioyoutrack.testing

    return [
        (module.__name__, set(module.__all__))
        for module in (aioyoutrack.models, aioyoutrack.errors, aioyoutrack.testing, aioyoutrack)
    ]


def _identifier(target: str) -> str | None:
    """The documented identifier a role's target names, if any."""
    if target.startswith("aioyoutrack."):
        return target
    head = target.split(".", 1)[0]
    for module, names in _namespaces():
        if head in names:
            return f"{module}.{target}"
    return None


def _replace(match: re.Match[str]) -> str:
    raw = html.unescape(match.group("target")).strip()
    short = raw.startswith("~")
    target = raw.lstrip("~").removesuffix("()")
    shown = target.rsplit(".", 1)[-1] if short else target
    code = f"<code>{html.escape(shown)}</code>"
    identifier = _identifier(target)
    if identifier is None:
        return code
    return f'<autoref identifier="{html.escape(identifier)}" optional>{code}</autoref>'


def on_page_content(html_text: str, **kwargs: Any) -> str:
    """Rewrite the roles of one rendered page (before autorefs resolves the links)."""
    return _ROLE.sub(_replace, html_text)
