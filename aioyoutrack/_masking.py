"""Masking the token in what a server sends back, and in the headers the client sends.

A proxy, a login page or a debug endpoint may echo the request's ``Authorization``
header: in an error body, in a page served with 200, in a header, in a redirect's
``Location``, in a URL it redirects to, even in a line of HTTP that aiohttp cannot
parse and quotes. Whatever of that reaches an exception (its message, its attributes,
its causes) goes through :meth:`Masker.error` or the methods it is made of, so the
token never shows in an error, a log line or a traceback. Successful data is not
touched: an issue is returned as YouTrack stored it.

The echo may be encoded, and in any case (a media type is lower-cased where it is
compared and shown): JSON escapes ``/`` as ``\\/`` or any character as
``\\uXXXX``, URLs and forms percent-encode (upper- or lower-case hex, any set of
characters left as they are), HTML escapes characters as ``&#x3a;``, ``&#58;`` or
``&colon;``, a body in UTF-16 read as bytes has a NUL beside each character, and a page
may put invisible characters (zero-width spaces, soft hyphens) between them. The
secret is found by one pattern that takes every character of it verbatim or in any of
those encodings, mixed, and only what it matches is replaced: the rest of a body (the
JSON of an error around it) stays as it was, and the cost is one scan of the text.

A permanent token (``perm:<login>.<name>.<secret>``) is masked whole, and its last
segment, the random part that makes it a secret, wherever it shows on its own (an echo
of a token split at its dots). Both are masked in base64 too (standard or URL-safe, at
any of the three alignments it may start at inside a longer encoded text, as a dump of
the request would show it, and wrapped into lines anywhere), where they span at least
12 characters: as encoded, case and all, since base64 in another case no longer decodes
to the secret. A line aiohttp quotes as a bytes repr shows a NUL or an invisible
character as its escape (``\\x00``): those escapes may stand between the characters too.

The client's own ``Authorization`` header is a :class:`_SecretHeader`, whose ``repr`` is
the mask, and :func:`redact_headers` gives headers to log in any other form.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Mapping
from typing import Any, SupportsIndex, TypeVar

from multidict import CIMultiDict, CIMultiDictProxy

from .errors import InvalidRequestError

__all__ = ["MASK", "Masker", "redact_headers", "secrets_of"]

#: What stands in for the token.
MASK = "***"

E = TypeVar("E", bound=BaseException)

#: The shortest start of the secret masked at the end of a cut text: shorter ones would
#: mask ordinary words, and they reveal little.
_MIN_PREFIX = 8

#: The shortest last segment of a token masked on its own (a permanent token's random
#: part is 20 or more characters; a shorter one would mask ordinary words).
_MIN_SEGMENT = 12

#: HTML's names for the punctuation a token holds (``&colon;`` for ``:``).
_HTML_NAMES = {":": "colon", "=": "equals", ".": "period", "/": "sol", "+": "plus", "_": "lowbar"}

#: Invisible characters a page may put between the token's: zero-width space,
#: non-joiner and joiner, word joiner, soft hyphen, zero-width no-break space.
_INVISIBLE = "\u200b\u200c\u200d\u2060\u00ad\ufeff"

#: What a text has when an encoded echo may be in it (else a plain search suffices);
#: a percent-encoded HTML reference has a ``%``.
_ENCODED_MARKS = ("%", "\\", "&", "\x00", *_INVISIBLE)

#: What may stand between two characters of the secret: up to 4 NULs (UTF-16, either
#: byte order, read as bytes) or invisible characters; in text and in UTF-8 bytes. In
#: text also as a bytes repr escapes them (``\x00``, ``\xe2\x80\x8b``): aiohttp quotes
#: a line of HTTP it cannot parse that way.
_GAP_ESCAPED = "|".join(
    re.escape("".join(f"\\x{byte:02x}" for byte in char.encode())) for char in ("\x00", *_INVISIBLE)
)
_GAP_TEXT = f"(?:[\x00{_INVISIBLE}]|{_GAP_ESCAPED}){{0,4}}"
_GAP_BYTES = b"(?:\x00|" + b"|".join(re.escape(c.encode()) for c in _INVISIBLE) + b"){0,4}"


def _encodings(char: str) -> str:
    """A pattern of ``char`` verbatim, percent-encoded, JSON-escaped or an HTML
    character reference (hex digits in either case)."""

    def hexes(code: int, width: int) -> str:
        digits = f"{code:0{width}x}"
        return "".join(f"[{d}{d.upper()}]" if d.isalpha() else d for d in digits)

    code = ord(char)
    # A backslash escape may itself come percent-encoded (a JSON text put into a URL).
    backslash = r"(?:\\|%5[cC])"
    forms = [re.escape(char), backslash + "u" + hexes(code, 4)]
    if code < 0x80:
        forms.append("%" + hexes(code, 2))
    if char == "/":
        forms.append(backslash + "/")
    # An HTML reference may itself come percent-encoded (put into a URL).
    amp, hash_, semi = "(?:&|%26)", "(?:#|%23)", "(?:;|%3[bB])"
    forms.append(f"{amp}{hash_}(?:[xX]0*{code:x}|0*{code}){semi}?")
    if char in _HTML_NAMES:
        forms.append(f"{amp}{_HTML_NAMES[char]}{semi}")
    return "(?:" + "|".join(forms) + ")"


def _pattern(secret: str, gap: str) -> str:
    return gap.join(_encodings(char) for char in secret)


def _base64_forms(secret: str) -> list[str]:
    """The base64 text that ``secret`` always gives, at each of the three alignments it
    may start at, in the standard and the URL-safe alphabet: the characters that depend
    on the bytes around it are left off, and forms shorter than ``_MIN_SEGMENT``."""
    raw = secret.encode()
    forms: list[str] = []
    for offset in range(3):
        encoded = base64.b64encode(bytes(offset) + raw).decode()
        # Skip the characters holding bits of the bytes before; stop at the last whole
        # group of 3 bytes (the next character holds bits of the bytes after).
        core = encoded[(offset * 4 + 2) // 3 : (offset + len(raw)) // 3 * 4]
        for form in (core, core.replace("+", "-").replace("/", "_")):
            if len(form) >= _MIN_SEGMENT and form not in forms:
                forms.append(form)
    return forms


def secrets_of(token: str) -> tuple[str, ...]:
    """What to mask of ``token``: itself and, for a token of dot-separated segments
    (``perm:<login>.<name>.<secret>``), its last segment when it is long enough to be
    the random part."""
    if not token:
        return ()
    head, dot, last = token.rpartition(".")
    if dot and head and len(last) >= _MIN_SEGMENT:
        return (token, last)
    return (token,)


#: What may stand between two characters of base64 wrapped into lines (RFC 2045's 76
#: columns, PEM's 64): a line break, or one as JSON escapes it.
_BASE64_BREAK = r"(?:\r?\n|(?:\\r)?\\n)?"


def _wrapped_pattern(secrets: tuple[str, ...]) -> re.Pattern[str] | None:
    """A pattern of the base64 forms of ``secrets`` broken into lines anywhere (``/``
    also as JSON escapes it); None when there are no such forms."""
    forms = [form for secret in secrets for form in _base64_forms(secret)]
    if not forms:
        return None

    def chars(form: str) -> str:
        return _BASE64_BREAK.join(r"(?:/|\\/)" if c == "/" else re.escape(c) for c in form)

    return re.compile("|".join(chars(form) for form in forms))


def _literals_of(secrets: tuple[str, ...]) -> tuple[str, ...]:
    """The base64 forms of ``secrets`` (see :func:`_base64_forms`), also as JSON writes
    them (``/`` escaped): base64 is matched as it is, case and all, since any other
    form of it no longer decodes to the secret. And the secrets in hex, either case (a dump
    of the request as one run of hex digits)."""
    forms = [form for secret in secrets for form in _base64_forms(secret)]
    escaped = [form.replace("/", "\\/") for form in forms]
    hexes = [
        h for secret in secrets for h in (secret.encode().hex(), secret.encode().hex().upper())
    ]
    return tuple(dict.fromkeys(f for f in (*forms, *escaped, *hexes) if f not in secrets))


def _starts_pattern(secrets: tuple[str, ...]) -> re.Pattern[str] | None:
    """A pattern of every start of each secret of ``_MIN_PREFIX`` characters or more
    (``abcdefgh(?:i(?:j...)?)?``), longest first where they overlap; None when no secret
    is that long."""
    alternatives = []
    for secret in sorted(secrets, key=len, reverse=True):
        if len(secret) <= _MIN_PREFIX:
            continue
        tail = ""
        for char in reversed(secret[_MIN_PREFIX:]):
            tail = f"(?:{re.escape(char)}{tail})?"
        alternatives.append(re.escape(secret[:_MIN_PREFIX]) + tail)
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


class Masker:
    """Replaces a token (see :func:`secrets_of`), in any of its usual encodings, by
    :data:`MASK`."""

    __slots__ = ("_bytes", "_folded", "_literals", "_secrets", "_starts", "_text", "_wrapped")

    def __init__(self, secret: str) -> None:
        # The whole token first: where it shows, it is masked as one.
        self._secrets = secrets_of(secret)
        self._folded = tuple(s.lower() for s in self._secrets)
        self._literals = _literals_of(self._secrets)
        # Compiled when first needed (tens of milliseconds): most clients never see
        # their token echoed, and a client is made at start-up.
        self._text: re.Pattern[str] | None = None
        self._bytes: re.Pattern[bytes] | None = None
        self._starts: re.Pattern[str] | None = None
        self._wrapped: re.Pattern[str] | bool | None = False  # False: not compiled yet

    def _text_pattern(self) -> re.Pattern[str]:
        if self._text is None:
            # Any case: a header value may come back lower-cased (a media type is
            # compared and shown that way), and a proxy may change case as it pleases.
            pattern = "|".join(f"(?:{_pattern(s, _GAP_TEXT)})" for s in self._secrets)
            self._text = re.compile(pattern, re.IGNORECASE)
        return self._text

    def _bytes_pattern(self) -> re.Pattern[bytes]:
        if self._bytes is None:
            gap = "{gap}"  # the characters of a token are escaped: it cannot be one
            pattern = "|".join(f"(?:{_pattern(s, gap)})" for s in self._secrets).encode()
            self._bytes = re.compile(pattern.replace(gap.encode(), _GAP_BYTES), re.IGNORECASE)
        return self._bytes

    @property
    def _secret(self) -> str:
        return self._secrets[0] if self._secrets else ""

    @property
    def reach(self) -> int:
        """The most bytes an encoded echo of the token spans (24 a character: every
        encoding here takes at most 12, ``%26%23x7a%3b``, and up to 4 NULs or invisible
        characters of 3 bytes may follow it)."""
        return 24 * len(self._secret)

    def __repr__(self) -> str:
        return "<Masker>"

    def text(self, text: str) -> str:
        """``text`` with every occurrence of the secret, verbatim or encoded, masked."""
        if not self._secrets:
            return text
        # The whole token before its segment: an encoded echo of the whole is masked as
        # one, not left around a masked segment.
        whole = self._secrets[0]
        if whole in text:
            text = text.replace(whole, MASK)
        lowered = text.lower()
        if any(mark in text for mark in _ENCODED_MARKS) or any(
            folded in lowered for folded in self._folded
        ):
            text = self._text_pattern().sub(MASK, text)
        for literal in self._literals:
            if literal in text:
                text = text.replace(literal, MASK)
        if "\n" in text or "\\n" in text:  # a line break, or one as JSON escapes it
            text = self._unwrapped(text)
        return self._cut_starts(text)

    def _unwrapped(self, text: str) -> str:
        """``text`` with the base64 forms of the secret masked where line breaks cut
        them (a dump of the request in base64 wrapped at 76 columns always breaks the
        ``Authorization`` line: its pieces are too short to be masked one by one)."""
        if self._wrapped is False:
            self._wrapped = _wrapped_pattern(self._secrets)
        if not isinstance(self._wrapped, re.Pattern):
            return text
        return self._wrapped.sub(MASK, text)

    def _cut_starts(self, text: str) -> str:
        """``text`` with a start of the secret cut short masked from where it begins: a
        message quoting the first bytes of a long header line, a value shortened for
        display (the whole secret is masked already). One pass of one pattern, in any
        case, over the text as it is (lower-casing may change a text's length)."""
        if self._starts is None:
            self._starts = _starts_pattern(self._secrets)
        if self._starts is None:
            return text
        return self._starts.sub(MASK, text)

    def echoed(self, text: str) -> bool:
        """Whether ``text``, a value from the server, carries the secret (as :meth:`text`
        finds it), for a secret long enough that this cannot be chance: a short one (a
        test's ``"t"``) turns up in ordinary values, which must not be refused for it."""
        return len(self._secret) >= _MIN_SEGMENT and self.text(text) != text

    def bytes(self, data: bytes, *, cut: bool = False) -> bytes:
        """``data`` with the secret masked as :meth:`text` masks it. ``cut``: ``data`` is
        the start of a longer body, so a start of the secret at its end (the rest cut
        off) is masked too."""
        if not self._secrets or not data:
            return data
        whole = self._secrets[0].encode()
        if whole in data:
            data = data.replace(whole, MASK.encode())
        lowered = data.lower()
        if any(mark.encode() in data for mark in _ENCODED_MARKS) or any(
            folded.encode() in lowered for folded in self._folded
        ):
            data = self._bytes_pattern().sub(MASK.encode(), data)
        for literal in self._literals:
            if literal.encode() in data:
                data = data.replace(literal.encode(), MASK.encode())
        if b"\n" in data or b"\\n" in data:
            # Base64 is ASCII: read as Latin-1, each byte is one character and back.
            data = self._unwrapped(data.decode("latin-1")).encode("latin-1")
        if cut:
            folded = data.lower()
            for secret in (*self._secrets, *self._literals):
                raw = secret.encode().lower()
                for size in range(min(len(raw) - 1, len(data)), _MIN_PREFIX - 1, -1):
                    if folded.endswith(raw[:size]):
                        return data[:-size] + MASK.encode()
        return data

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
        included), at any depth."""
        if not self._secret:
            return value
        return _rebuild(value, self.text)

    def error(self, error: E, *, replace_causes: bool = False) -> E:
        """``error`` with the secret masked in its message and attributes; each link of
        its cause and context chains that shows the secret (every link, with
        ``replace_causes``: their frames hold data) is replaced by an exception of no
        frames that says the same, masked. Returns ``error`` itself."""
        if not self._secret:
            return error
        error.args = tuple(self._value(arg) for arg in error.args)
        for name, value in list(vars(error).items()):
            if not name.startswith("__"):
                setattr(error, name, self._value(value))
        link: BaseException = error
        for _ in range(32):  # chains are short; a hostile cycle must not spin
            cause = link.__cause__
            if cause is not None and (replace_causes or self._shows(cause)):
                link.__cause__ = cause = self._stand_in(cause)
            context = link.__context__
            if (
                context is not None
                and context is not cause
                and (replace_causes or self._shows(context))
            ):
                link.__context__ = self._stand_in(context)
            if cause is None:
                break
            link = cause
        return error

    def _value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, (list, dict)):
            return self.json(value)
        if isinstance(value, CIMultiDictProxy):
            return self.headers(value)
        return value

    def _shows(self, exc: BaseException) -> bool:
        shown = f"{exc!s} {exc.args!r} {getattr(exc, '__dict__', {})!r}"
        return self.text(shown) != shown

    def _stand_in(self, exc: BaseException) -> BaseException:
        """An exception of no frames saying what ``exc`` says, masked: of the same type
        when that is a built-in one (``ValueError``), else ``Exception`` naming it."""
        cls = type(exc)
        stand_in: BaseException
        if cls.__module__ == "builtins" and issubclass(cls, Exception):
            try:
                stand_in = cls(self.text(str(exc)))
            except Exception:  # a built-in that wants other arguments (UnicodeError)
                stand_in = Exception(self.text(f"{cls.__qualname__}: {exc}"))
        else:
            stand_in = Exception(self.text(f"{cls.__module__}.{cls.__qualname__}: {exc}"))
        stand_in.__suppress_context__ = True
        return stand_in


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


class _SecretHeader(str):
    """A header value that shows as ``'***'`` wherever a header mapping is repr'd.

    aiohttp keeps the object in its request headers, so trace callbacks, request_info
    and tracebacks with locals print the mask, while the wire gets the real value.
    Only ``repr``: aiohttp writes a str subclass to the wire through ``str()``, so a
    masked ``__str__`` would send the mask, and ``json.dumps`` reads the characters
    themselves; hence :func:`redact_headers` for logging headers in other forms.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "'***'"

    def __getitem__(self, key: SupportsIndex | slice) -> _SecretHeader:
        # A part is as secret as the whole: rich's show_locals prints a long string as
        # repr(value[:80]), which a plain str slice would show.
        return _SecretHeader(str.__getitem__(self, key))


#: Headers whose values are credentials: masked by :func:`redact_headers`.
_CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Return ``headers`` as a plain ``dict`` that is safe to log in any form.

    Credential headers (``Authorization``, ``Proxy-Authorization``, ``Cookie``,
    ``Set-Cookie``) show as ``"***"``; every value is a plain ``str``. Use it on the
    headers a ``trace_configs`` callback receives before ``json.dumps``, ``%s`` or an
    f-string: those print the token itself (only ``repr`` of the header is masked).
    A repeated header name keeps its last value.
    """
    if not isinstance(headers, Mapping):
        raise InvalidRequestError(f"headers must be a mapping, got {type(headers).__name__}")
    return {
        str(name): "***" if str(name).lower() in _CREDENTIAL_HEADERS else str(value)
        for name, value in headers.items()
    }
