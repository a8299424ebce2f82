"""The resource tests use the root fixtures (``tests/conftest.py``): ``fake``, a demo
FakeYouTrack; ``yt``, a client of it; ``sent``, a client whose request bodies are
recorded. Every test talks to the fake through the public client API only; the fake's
request log (``fake.stats.log``) shows what went over the wire.
"""
