"""Text from a server made safe for a terminal: control characters shown, not obeyed.

Whoever may write a project name, an issue summary or any field (or the server itself)
controls text the command prints. Written raw, an ESC sequence could set the window
title, clear the screen or rewrite earlier lines, a carriage return overwrite a line,
and a bidi override (U+202E) show text in another order than it has. :func:`visible`
writes each such character as an escape instead, and every output path of the command
uses it: tables, ``name: value`` listings, lines, JSON and error messages. Light on
purpose: error messages use it on the path of ``aioyoutrack --help``.
"""

from __future__ import annotations

import functools
import re

__all__ = ["visible"]

#: C0 controls, DEL, C1 controls, the bidi formatting characters that reorder the text
#: around them (embeddings, overrides and isolates) and the line and paragraph
#: separators, which some terminals take as a new line. The bidi marks (LRM, RLM, the
#: Arabic letter mark) stay: they only give a direction to neutral characters, and
#: Hebrew and Arabic text holds them (some keyboards type them).
_UNSAFE = [
    *map(chr, range(0x20)),
    *map(chr, range(0x7F, 0xA0)),
    *map(chr, range(0x2028, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
]


@functools.cache
def _pattern(keep: str) -> re.Pattern[str]:
    # The kept characters are left out of the class rather than tested per match: a
    # JSON document of 20 000 issues has a million newlines.
    chars = "".join(re.escape(c) for c in _UNSAFE if c not in keep)
    return re.compile(f"[{chars}]" if chars else "(?!)")  # (?!) matches nothing


#: The escapes Python and JSON both spell short.
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def visible(text: str, *, keep: str = "", json: bool = False) -> str:
    """``text`` with each control and bidi formatting character, but those in ``keep``
    (say ``"\\n"`` where the output breaks lines), written as an escape: ``\\r``,
    ``\\x1b`` or ``\\u202e`` as Python spells them, or with ``json`` as JSON does
    (``\\r``, ``\\u001b``).

    JSON text has these characters only inside its strings (``json.dumps`` escapes the
    C0 controls, not DEL, C1 or bidi ones), where JSON's escape stands for the character
    itself: the document stays exact JSON with the same value. Other text is kept as it
    is, a backslash included.
    """
    pattern = _pattern(keep)
    if pattern.search(text) is None:  # the usual case: no function call per match
        return text

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        short = _SHORT.get(char)
        if short is not None:
            return short
        code = ord(char)
        return f"\\u{code:04x}" if json or code > 0xFF else f"\\x{code:02x}"

    return pattern.sub(escape, text)
