"""Testing helpers for aioyoutrack users: FakeYouTrack and a pytest plugin."""
