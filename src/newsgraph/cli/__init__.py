"""The ``newsgraph`` command line: thin commands over library functions.

* ``app``: the Typer app and what every command shares.
* ``commands``: the commands that write, serve and score; ``reads``: those that
  read a store, each over ``newsgraph.query``.
* ``report_text``, ``relations_view``: how the report and the relations
  commands print to a terminal.
"""

from newsgraph.cli import reads  # noqa: F401  (registers the read commands on the app)
from newsgraph.cli.app import app
from newsgraph.cli.commands import main

__all__ = ["app", "main"]
