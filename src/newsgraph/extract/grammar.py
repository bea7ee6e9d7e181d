"""The dependency labels and quotation marks that newsgraph's rules share.

Labels are ClearNLP's, as the English spaCy models assign them.  A set lives
here when more than one rule reads it, so a change to what counts as, say, a
subject is made once; a set that only one rule reads stays beside that rule,
named for what it means there.
"""

from __future__ import annotations

# --------------------------------------------------------- quotation marks
# Opening double marks and the mark that usually closes each: English curly
# quotes, guillemets, and the German low-high pair („…“) that wire copy uses.
DOUBLE_OPENERS = {"“": "”", "«": "»", "„": "“"}
DOUBLE_CLOSERS = frozenset({"”", "»"})
# Curly marks that can only open (a straight " or ' may open or close).
CURLY_OPENERS = frozenset({"“", "‘"})
CURLY_DOUBLE_CLOSERS = frozenset({"”"})

# --------------------------------------------------------- dependency labels
# The nominal subject of a verb, active or passive ("Russia said", "aid was sent by").
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Every subject, clausal ones and the passive's agent ("by Moscow") included.
ALL_SUBJECTS = SUBJECTS | {"csubj", "agent"}
# Heads of a clause of their own: where a clause-bounded search stops climbing.
CLAUSE_HEADS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "parataxis", "csubj", "acl"})
# Clausal complements of a verb ("said that ...", "agreed to ...").
COMPLEMENTS = frozenset({"ccomp", "xcomp"})
# Auxiliaries, active and passive ("will supply", "was sent").
AUXILIARIES = frozenset({"aux", "auxpass"})
# Words that modify a noun inside its phrase ("Russian", "border", "the talks' venue").
NOUN_MODIFIERS = frozenset({"amod", "compound", "nmod"})
