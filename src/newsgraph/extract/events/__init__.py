"""PLOVER events from the parse (the ``newsgraph_events`` component).

* ``component``: triggers, arguments, polarity, modality, dates (its docstring
  describes the rules).
* ``lexicon``: the cue files under ``data/`` loaded into a ``Lexicon``.
* ``args``: the argument slots that find an event's source and target.
* ``intent``: stated intentions and refusals coded as PLOVER asks.
"""
