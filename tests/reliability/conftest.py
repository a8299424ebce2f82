"""Fixtures of the reliability and security tests.

- ``fake``, ``client_factory`` (clients with a searchable token and fast retries),
  ``server_factory`` (loopback servers whose handler each test sets: hung, trickling or
  hostile; ``https=True`` serves TLS with the certificate in ``certs/``, see below) are
  the root conftest's.
- ``tls_session``: an aiohttp session trusting only the test CA.
- ``loop_problems``: what the event loop's exception handler received (aiohttp reports
  an unclosed session or connection there, from ``__del__``).
- ``soak``: the soak harness module (``soak_harness.py``, loaded by path because tests
  cannot import each other; ``benchmarks/soak.py`` loads the same file).

``certs/``: a test CA (``ca.pem``; its key was discarded) and a server certificate
signed by it for ``127.0.0.1`` and ``localhost`` (``server.pem``, ``server.key``), valid
for 100 years. Only loopback servers of these tests use them. Made with::

    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 36500 \
      -subj "/CN=aioyoutrack test CA" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign"
    openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost
    openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
      -out server.pem -days 36500 -extfile ext.cnf   # CA:FALSE, serverAuth, SAN IP+DNS
"""

from __future__ import annotations

import asyncio
import gc
import importlib.util
import ssl
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from types import ModuleType
from typing import Any

import aiohttp
import pytest

#: Guard against a hang when a behaviour under test is broken; never reached otherwise.
GUARD = 30.0
CERTS = Path(__file__).with_name("certs")


def client_ssl_context() -> ssl.SSLContext:
    """A client context trusting only the test CA."""
    return ssl.create_default_context(cafile=str(CERTS / "ca.pem"))


@pytest.fixture
async def tls_session() -> AsyncIterator[aiohttp.ClientSession]:
    """An aiohttp session trusting only the test CA (to borrow as ``session=``)."""
    connector = aiohttp.TCPConnector(ssl=client_ssl_context())
    async with aiohttp.ClientSession(connector=connector) as session:
        yield session


@pytest.fixture
async def loop_problems() -> AsyncIterator[list[dict[str, Any]]]:
    """Contexts the running loop's exception handler receives during the test."""
    found: list[dict[str, Any]] = []
    loop = asyncio.get_running_loop()
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: found.append(context))
    yield found
    gc.collect()
    loop.set_exception_handler(previous)


def _load_soak() -> ModuleType:
    name = "aioyoutrack_soak_harness"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("soak_harness.py"))
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def soak() -> ModuleType:
    """The soak harness (see soak_harness.py)."""
    return _load_soak()
