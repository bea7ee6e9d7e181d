"""Time expressions and the document date (the ``newsgraph_dates`` component).

* ``component``: the spaCy component; ``resolve`` and ``timexes_in`` for reuse.
* ``find``: where the expressions are (entities widened, patterns added).
* ``resolver``: one expression to a calendar interval against an anchor date.
* ``published``: the document date inferred from the text.
* ``offsets``: dates given relative to another event ("a day after the talks").
"""
