"""The read side: every question asked of a store, for every door.

The CLI, the REST API, the dossier export and the HTML report read through
this package, so that they accept the same actor names (``lookup``), return
the same JSON for the same record (``records``) and page in DuckDB rather
than in memory (``corpus``, ``events``, ``search``, ``overview``).
"""

from newsgraph.query.corpus import Corpus
from newsgraph.query.events import EventQuery, read_date
from newsgraph.query.lookup import NotFound, Who, find_actor
from newsgraph.query.pages import MAX_LIMIT, Page, paginate

__all__ = ["MAX_LIMIT", "Corpus", "EventQuery", "NotFound", "Page", "Who", "find_actor", "paginate", "read_date"]
