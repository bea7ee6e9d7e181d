"""Reading inputs: files, folders, HTML, JSON Lines and metadata sidecars."""

from newsgraph.ingest.normalize import document_id, make_document, normalise
from newsgraph.ingest.readers import read_inputs

__all__ = ["document_id", "make_document", "normalise", "read_inputs"]
