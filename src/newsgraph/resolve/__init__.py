"""Corpus-level resolution: works over the store, never re-parses text."""

from newsgraph.resolve.corpus import resolve_corpus

__all__ = ["resolve_corpus"]
