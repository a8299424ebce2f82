"""The ``aioyoutrack`` command, one module per concern.

``_parser`` builds the argument parser, ``_connect`` opens the client (or the embedded
fake), ``_errors`` turns exceptions into one line and an exit status, ``_ui`` renders
tables and progress (rich when installed, plain text otherwise), ``_escape`` shows the
control characters of every text printed rather than obeying them, ``_format`` turns
entities into table cells, ``_commands`` and ``_demo`` are the subcommands, and
``_main`` ties them together. Only :mod:`aioyoutrack.cli` is public.
"""
