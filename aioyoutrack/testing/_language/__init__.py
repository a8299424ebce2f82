"""YouTrack's query language and commands."""
