"""The HTTP side of the fake: the aiohttp application and its middleware, the route
registry and request context, and YouTrack's error bodies."""
