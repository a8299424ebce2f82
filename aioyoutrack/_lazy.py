"""Public names imported on first use (PEP 562), so that ``import aioyoutrack`` is cheap.

A package lists, per module, the names it re-exports; :func:`exports` returns the
package's module-level ``__getattr__`` and ``__dir__``. The first access to a name imports
its module and stores the value in the package, so later accesses are plain lookups.
Type checkers and IDEs read the package's ``if TYPE_CHECKING:`` imports instead.

The modules ``aioyoutrack --help`` loads (this one, the package, ``_constants``,
``errors`` and the CLI's parser) do not import :mod:`typing` at run time, which costs a
fifth of ``python -c pass``: they spell ``TYPE_CHECKING = False`` themselves, a name
mypy and pyright treat as true, and use typing's names only in annotations.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__all__ = ["exports"]


def exports(
    package: str,
    names: Mapping[str, Iterable[str]],
    submodules: Iterable[str] = (),
    deprecated: Mapping[str, tuple[str, str, str]] | None = None,
    *,
    wrapped: bool = False,
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``: each name of ``names[module]``
    comes from ``module`` (relative: ``"._client"``), each of ``submodules`` is the
    package's submodule of that name. ``deprecated`` maps an old name to ``(module,
    attribute, advice)``: reading it returns the attribute and warns
    (``DeprecationWarning``, saying ``advice``) on every read, so it is never stored in
    the package. ``wrapped``: the package's ``__getattr__`` calls the one returned, so
    the warning names the frame one further up (the user's line)."""
    where = {name: module for module, listed in names.items() for name in listed}
    where.update({name: f".{name}" for name in submodules})
    whole_modules = frozenset(submodules)
    old_names = dict(deprecated or {})

    def __getattr__(name: str) -> Any:
        if name in old_names:
            home, attribute, advice = old_names[name]
            import warnings  # only here: --help must not pay for it

            warnings.warn(
                f"{package}.{name} is deprecated and goes in the next release: {advice}",
                DeprecationWarning,
                stacklevel=3 if wrapped else 2,
            )
            __import__(package + home)
            return getattr(sys.modules[package + home], attribute)
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        # __import__, not importlib.import_module: only the former shows in
        # ``python -X importtime``, the tool for finding what start-up costs.
        __import__(package + module)
        loaded = sys.modules[package + module]
        value = loaded if name in whole_modules else getattr(loaded, name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(where) | set(old_names))

    return __getattr__, __dir__
