"""Testing helpers for aioyoutrack users: FakeYouTrack and a pytest plugin.

:class:`FakeYouTrack` is an in-memory YouTrack on a real loopback aiohttp server::

    from aioyoutrack.testing import FakeYouTrack

    async with FakeYouTrack(seed="demo") as fake:
        async with YouTrack(fake.url, token=fake.token) as yt:
            issue = await yt.issues.get("SP-1")
        assert fake.issue("SP-1").value_of("State") == "Open"

It honours ``fields``, ``$top``/``$skip``, a subset of the query and command languages,
validates custom field writes like YouTrack, records activities, and lets tests inject
faults (``fake.faults``) and watch requests (``fake.stats``). Run it standalone with
``python -m aioyoutrack.testing --port 8111``. The pytest plugin (installed with the
package) provides the ``youtrack_fake`` and ``youtrack`` fixtures.

The fake does not import the client's models: it is the reference the client is
tested against.
"""

from ._fake import FakeYouTrack
from ._faults import Fault, Faults
from ._state.schema import FieldSpec
from ._stats import RequestRecord, Stats

__all__ = ["FakeYouTrack", "Fault", "Faults", "FieldSpec", "RequestRecord", "Stats"]
