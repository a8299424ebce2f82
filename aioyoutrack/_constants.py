"""Every default and tunable of aioyoutrack, in one place.

Constructor and method arguments default to these values; change them per client (or
per call) rather than here.
"""

from __future__ import annotations

# No run-time ``typing`` import on the path of ``aioyoutrack --help``: see _lazy.py.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final


# --- environment ----------------------------------------------------------------------
ENV_URL: Final = "YOUTRACK_URL"
ENV_TOKEN: Final = "YOUTRACK_TOKEN"

# --- connection pool and throttle -----------------------------------------------------
#: Requests in flight at once per client (a semaphore around each attempt).
DEFAULT_MAX_CONCURRENCY: Final = 32
#: Hosts other than these need https unless ``allow_insecure_http=True``.
LOOPBACK_HOSTS: Final = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})

# --- timeouts (seconds) ---------------------------------------------------------------
#: One attempt, from sending to the last byte of the body (JSON requests). It bounds a
#: server that hangs or trickles bytes, so buffered requests need no read timeout too:
#: aiohttp re-arms that timer on every read, about 10% of a small request's CPU.
DEFAULT_TIMEOUT_TOTAL: Final = 60.0
#: Getting a connection from the pool and establishing it.
DEFAULT_TIMEOUT_CONNECT: Final = 10.0
#: Longest silence between two reads of a streamed body (downloads). Streams have no
#: per-attempt total by default (a large attachment may take longer than a minute); the
#: retry policy's deadline (``DEFAULT_RETRY_DEADLINE``) still bounds the whole download.
DEFAULT_STREAM_SOCK_READ: Final = 30.0

#: How often ``aclose()``, awaited in another thread's event loop, checks that the
#: client's own loop still runs while the client closes there.
OWNER_LOOP_CHECK_SECONDS: Final = 0.05

# --- retries --------------------------------------------------------------------------
DEFAULT_MAX_RETRIES: Final = 3
#: First backoff, doubled on each further retry, capped at DEFAULT_BACKOFF_MAX.
DEFAULT_BACKOFF_INITIAL: Final = 0.5
DEFAULT_BACKOFF_MAX: Final = 8.0
#: Full jitter fraction: the wait is drawn from [(1 - jitter) * backoff, backoff].
DEFAULT_BACKOFF_JITTER: Final = 0.5
#: A Retry-After longer than this is not waited out: RateLimitError/ServerError at once.
DEFAULT_MAX_RETRY_AFTER: Final = 60.0
#: Overall bound on one call, every attempt and wait included.
DEFAULT_RETRY_DEADLINE: Final = 180.0
#: Statuses at which the server refused before doing anything: retried for every method.
RETRY_ALWAYS_STATUSES: Final = frozenset({429, 503})
#: Statuses that may follow a partly applied request: retried only for idempotent calls.
RETRY_IDEMPOTENT_STATUSES: Final = frozenset({500, 502, 504})
#: Methods that are idempotent by HTTP semantics (and by YouTrack's API).
IDEMPOTENT_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})

# --- responses ------------------------------------------------------------------------
#: How much of an unexpected body an error keeps, in characters.
ERROR_BODY_EXCERPT: Final = 500
#: Most bytes of one response body read into memory (after decompression), per client
#: ``max_response_bytes``: a hostile server, or a gzip bomb, cannot exhaust memory past
#: it. Generous: a 100-issue page with every field is well under 1 MiB. Downloads
#: (``YouTrack.stream``) are exempt.
DEFAULT_MAX_RESPONSE_BYTES: Final = 64 * 1024 * 1024
#: Redirect hops followed within the configured origin.
MAX_REDIRECTS: Final = 5
#: Redirect statuses the client follows itself (same origin only).
REDIRECT_STATUSES: Final = frozenset({301, 302, 303, 307, 308})
#: Redirects that keep method and body, so they are followed for every method.
REDIRECT_KEEP_METHOD_STATUSES: Final = frozenset({307, 308})
#: Query parameters that act as credentials (signed attachment URLs): shown as ``***``
#: in error messages and logs.
REDACTED_QUERY_PARAMS: Final = frozenset({"sign"})
#: Default chunk size of ``StreamResponse.iter_chunks``, in bytes.
DEFAULT_CHUNK_SIZE: Final = 64 * 1024
#: Most problems a ``ResponseValidationError`` explains (its ``errors``; a last entry
#: says when more were left out). Explaining a problem costs far more than structuring a
#: good object, so a wrong body of any size costs at most this many explanations beyond
#: the structuring attempt itself, and does not block the event loop for seconds.
MAX_EXPLAINED_PROBLEMS: Final = 20

# --- values ---------------------------------------------------------------------------
#: The longest duration YouTrack keeps: ``PeriodValue.minutes`` and
#: ``DurationValue.minutes`` are 32-bit ints in the spec.
MAX_DURATION_MINUTES: Final = 2**31 - 1

# --- paging ---------------------------------------------------------------------------
#: What YouTrack returns when $top is missing; the library always sends $top.
SERVER_DEFAULT_TOP: Final = 42
DEFAULT_PAGE_SIZE: Final = 100
#: Pages fetched ahead concurrently when the total is known (issues via the count).
#: At 20 ms of latency, 16 in flight still left the client waiting on round trips about
#: an eighth of the time; 24 is the knee (32 adds ~1 %, benchmarks/RESULTS.md) and
#: leaves a quarter of DEFAULT_MAX_CONCURRENCY to the other calls of a service.
DEFAULT_PREFETCH: Final = 24
#: /issuesGetter/count answers -1 while counting; poll this often, up to the deadline.
COUNT_POLL_INTERVAL: Final = 0.2
COUNT_POLL_DEADLINE: Final = 30.0
#: ``yt.activities.follow``: how long to wait once caught up before asking again.
DEFAULT_FOLLOW_POLL_INTERVAL: Final = 10.0
#: ``yt.activities.follow`` after a failed poll (on top of the client's own retries):
#: the first wait, doubled on each failure in a row up to the maximum.
DEFAULT_FOLLOW_BACKOFF_INITIAL: Final = 1.0
DEFAULT_FOLLOW_BACKOFF_MAX: Final = 60.0

# --- fields= projections --------------------------------------------------------------
#: Nesting bound for projections derived from classes that refer to themselves.
FIELDS_MAX_DEPTH: Final = 4

# --- identity -------------------------------------------------------------------------
USER_AGENT_PRODUCT: Final = "aioyoutrack"
LOGGER_NAME: Final = "aioyoutrack"

#: Most issues a demo seed generates when asked from the command line (``aioyoutrack
#: demo --issues``, ``python -m aioyoutrack.testing --issues`` or ``--seed bulk:N``):
#: they are made in memory before it serves, so more would only look like a hang.
MAX_DEMO_ISSUES: Final = 100_000
