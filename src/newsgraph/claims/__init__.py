"""Claims as propositions in words: finding them in a document
(``mentions``, a spaCy component), embedding them (``encoder``), and the
stance of any text toward any claim (``stance``, with the trained ``head``
over parse-free ``features``).  Grouping mentions across documents is
corpus resolution (``newsgraph.resolve.claims``), which reads what this
package stored and never the text."""
