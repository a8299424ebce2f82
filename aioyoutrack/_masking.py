"""Masking the token in what a server sends back.

A proxy, a login page or a debug endpoint may echo the request's ``Authorization``
header: in an error body, in a page served with 200, in a redirect's ``Location``.
Whatever of that reaches an exception (its message, ``body``, ``error_description``,
``location``) goes through a :class:`Masker` first, so the token never shows in an
error, a log line or a traceback. Successful data is not touched: an issue is returned
as YouTrack stored it.

The echo may be encoded: JSON may escape ``/`` as ``\\/`` or any character as
``\\uXXXX``, a URL percent-encodes. Bytes are masked in the forms a server writes
without decoding (verbatim, ``\\/``, percent-encoded); decoded text, such as the fields
of a parsed JSON error or a URL, is masked after decoding, which covers every encoding.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, unquote_plus

from multidict import CIMultiDict, CIMultiDictProxy

__all__ = ["MASK", "Masker"]

#: What stands in for the token.
MASK = "***"


class Masker:
    """Replaces one secret, in its usual encodings, by :data:`MASK`."""

    __slots__ = ("_forms", "_secret")

    def __init__(self, secret: str) -> None:
        self._secret = secret
        forms = {secret, secret.replace("/", "\\/"), quote(secret, safe=""), quote(secret)}
        forms |= {form.lower() for form in forms if "%" in form}  # %2f as well as %2F
        # Longest first: a form inside another is replaced after the longer one.
        self._forms = tuple(form.encode() for form in sorted(forms, key=len, reverse=True) if form)

    def __repr__(self) -> str:
        return "<Masker>"

    def bytes(self, data: bytes) -> bytes:
        """``data`` with the secret's verbatim, JSON-escaped and percent-encoded forms
        replaced."""
        for form in self._forms:
            if form in data:
                data = data.replace(form, MASK.encode())
        return data

    def text(self, text: str) -> str:
        """``text`` with the secret replaced, also where it is percent-encoded (then the
        text is returned decoded, the secret masked)."""
        secret = self._secret
        if not secret:
            return text
        text = text.replace(secret, MASK)
        if "%" in text or "+" in text:
            decoded = unquote_plus(text)
            if secret in decoded:
                return decoded.replace(secret, MASK)
        return text

    def headers(self, headers: Mapping[str, str]) -> Mapping[str, str]:
        """``headers`` as they are, or a copy with the secret masked in the values that
        hold it (a debug header echoing the request's)."""
        if not self._secret or all(self.text(v) == v for v in headers.values()):
            return headers
        masked: CIMultiDict[str] = CIMultiDict()
        for name, value in headers.items():
            masked.add(name, self.text(value))
        return CIMultiDictProxy(masked)

    def json(self, value: Any) -> Any:
        """A copy of parsed JSON ``value`` with the secret masked in every string (keys
        included), at any depth; ``value`` itself when no string holds it."""
        if not self._secret:
            return value
        return _rebuild(value, self.text)


def _rebuild(value: Any, mask: Callable[[str], str]) -> Any:
    """``value`` with ``mask`` applied to every string, without recursion (a hostile
    body may nest thousands of levels)."""
    if isinstance(value, str):
        return mask(value)
    if not isinstance(value, (dict, list)):
        return value
    root: list[Any] = [None]
    # (container of the parent, key or index in it, value to copy into it)
    stack: list[tuple[Any, Any, Any]] = [(root, 0, value)]
    while stack:
        parent, slot, item = stack.pop()
        if isinstance(item, dict):
            copy: dict[Any, Any] = {}
            parent[slot] = copy
            for key, child in item.items():
                new_key = mask(key) if isinstance(key, str) else key
                copy[new_key] = None
                stack.append((copy, new_key, child))
        elif isinstance(item, list):
            items: list[Any] = [None] * len(item)
            parent[slot] = items
            stack.extend((items, index, child) for index, child in enumerate(item))
        elif isinstance(item, str):
            parent[slot] = mask(item)
        else:
            parent[slot] = item
    return root[0]
