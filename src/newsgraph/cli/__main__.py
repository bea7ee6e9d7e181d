"""``python -m newsgraph.cli``: the same command line as ``newsgraph``."""

from newsgraph.cli.commands import main

main()
