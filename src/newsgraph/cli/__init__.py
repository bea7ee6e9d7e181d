"""The ``newsgraph`` command line: thin commands over library functions.

* ``commands``: the Typer app, one command per library entry point.
* ``report_text``, ``relations_view``: how the report and the relations
  commands print to a terminal.
"""

from newsgraph.cli.commands import app, main

__all__ = ["app", "main"]
