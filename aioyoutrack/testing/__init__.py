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

The fake does not import the client's models or converter: it is the reference the
client is tested against, and must not share its mistakes.

Layout, by area as ``aioyoutrack.resources`` is: ``_state/`` holds the entities (one
module per API area), the store, history and the operations that change them;
``_wire/`` renders them through ``fields`` and reads request bodies, with the one table
of custom-field kinds (``_wire/kinds.py``); ``_routes/`` serves the API, one module per
area; ``_language/`` is the query language and commands; ``_http/`` is the aiohttp
application, route registry and error bodies; ``_faults.py``, ``_stats.py`` and
``_seed.py`` are fault injection, request statistics and the demo data.
"""

from ._fake import FakeYouTrack
from ._faults import Fault, Faults
from ._state.schema import FieldSpec
from ._stats import RequestRecord, Stats

__all__ = ["FakeYouTrack", "Fault", "Faults", "FieldSpec", "RequestRecord", "Stats"]
