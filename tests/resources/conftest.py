"""The resource tests, a file per resource module or per group of small admin resources
(plus ``test_routes.py``, every route against the spec), use the root fixtures
(``tests/conftest.py``): ``fake``, a demo FakeYouTrack; ``yt``, a client of it; ``sent``,
a client whose request bodies are recorded; ``log``, what the fake saw. Every test talks
to the fake through the public client API only; the fake's request log
(``fake.stats.log``) shows what went over the wire.
"""
