"""A small hand-made corpus for the relations, API, report and browser tests.

Records are built directly as ``models`` objects with offsets found in the
text, written with ``Store.write``, resolved with ``resolve_corpus`` and given
claims with ``Store.replace_resolution`` — no spaCy model involved.  The
actors and sentences are invented; one document carries markup payloads to
prove the UI renders article text inertly.
"""

from __future__ import annotations

from pathlib import Path

from newsgraph.models import (
    OUTLET,
    Claim,
    DateValue,
    Document,
    Event,
    Evidence,
    Extraction,
    Mention,
    Quote,
    Stance,
    content_id,
)
from newsgraph.resolve import resolve_corpus
from newsgraph.store import Store

XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'


class _Doc:
    """Collects one document's records, finding offsets by substring."""

    def __init__(self, source: str, text: str, *, title: str, outlet: str, published: str | None) -> None:
        self.doc = Document(
            content_id("doc", text),
            source,
            text,
            title,
            outlet,
            None,
            DateValue(published, "metadata") if published else None,
        )
        self.mentions: list[Mention] = []
        self.events: list[Event] = []
        self.quotes: list[Quote] = []

    def span(self, phrase: str, nth: int = 0) -> tuple[int, int]:
        start = -1
        for _ in range(nth + 1):
            start = self.doc.text.index(phrase, start + 1)
        return start, start + len(phrase)

    def mention(
        self,
        phrase: str,
        actor: str,
        kind: str,
        country: str | None,
        *,
        name: str | None = None,
        role: str | None = None,
        nth: int = 0,
    ) -> _Doc:
        s, e = self.span(phrase, nth)
        self.mentions.append(Mention(self.doc.id, s, e, phrase, actor, name or phrase, kind, country, role))
        return self

    def event(
        self,
        sentence: str,
        type_: str,
        source: str,
        target: str,
        weight: float,
        date: str | None,
        *,
        polarity: str = "positive",
        modality: str = "actual",
        mode: str | None = None,
    ) -> Evidence:
        s, e = self.span(sentence)
        evidence = Evidence(sentence, s, e)
        self.events.append(
            Event(
                content_id("ev", self.doc.id, s, type_, source, target),
                self.doc.id,
                type_,
                mode,
                None,
                weight,
                source,
                target,
                polarity,
                modality,
                DateValue(date, "explicit") if date else None,
                evidence,
            )
        )
        return evidence

    def quote(self, phrase: str, speaker: str | None, speaker_text: str | None, kind: str = "direct") -> Evidence:
        s, e = self.span(phrase)
        self.quotes.append(
            Quote(content_id("q", self.doc.id, s), self.doc.id, speaker, speaker_text, phrase, kind, s, e)
        )
        return Evidence(phrase, s, e)

    def extraction(self) -> Extraction:
        return Extraction(self.doc, tuple(self.mentions), tuple(self.events), tuple(self.quotes))


def build(path: str | Path) -> Path:
    """Write the corpus to a new DuckDB file at ``path`` and return the path."""
    a = _Doc(
        "corpus/a.txt",
        "Norwegian Foreign Minister Ola Berg visited Santiago in April 2021. "
        "Berg said Norway is ready to supply patrol boats to Chile. "
        "Chile and Norway signed a fisheries agreement in 2021. "
        "“We will build this partnership step by step,” Berg said.",
        title="Ministers meet in Santiago",
        outlet="Harbour Times",
        published="2021-04-12",
    )
    a.mention("Norwegian", "NOR", "state", "NOR", name="Norway")
    a.mention("Ola Berg", "person:ola-berg", "person", "NOR", name="Ola Berg", role="foreign minister")
    a.mention("Santiago", "CHL", "state", "CHL", name="Chile")
    a.mention("Berg", "person:ola-berg", "person", "NOR", name="Ola Berg", nth=1)
    a.mention("Norway", "NOR", "state", "NOR")
    a.mention("Chile", "CHL", "state", "CHL")
    a.event(
        "Norwegian Foreign Minister Ola Berg visited Santiago in April 2021.",
        "CONSULT",
        "person:ola-berg",
        "CHL",
        4.0,
        "2021-04",
        mode="visit",
    )
    a.event(
        "Berg said Norway is ready to supply patrol boats to Chile.",
        "AGREE",
        "NOR",
        "CHL",
        2.5,
        None,
        modality="intended",
    )
    a.event("Chile and Norway signed a fisheries agreement in 2021.", "SUPPORT", "CHL", "NOR", 5.0, "2021")
    berg_quote = a.quote("We will build this partnership step by step,", "person:ola-berg", "Berg")

    b = _Doc(
        "corpus/b.txt",
        "Chile accused Norway of overfishing in March 2022. "
        "In June 2022 Chile expelled two Norwegian trawler crews. "
        "Norway did not impose sanctions on Chile, officials said. "
        "Norway condemned the expulsions.",
        title="Fishing dispute sours ties",
        outlet="Pacific Wire",
        published="2022-07-01",
    )
    b.mention("Chile", "CHL", "state", "CHL")
    b.mention("Norway", "NOR", "state", "NOR")
    b.event("Chile accused Norway of overfishing in March 2022.", "ACCUSE", "CHL", "NOR", -3.0, "2022-03")
    b.event(
        "In June 2022 Chile expelled two Norwegian trawler crews.",
        "SANCTION",
        "CHL",
        "NOR",
        -5.5,
        "2022-06",
        mode="expel",
    )
    b.event(
        "Norway did not impose sanctions on Chile, officials said.",
        "SANCTION",
        "NOR",
        "CHL",
        -6.0,
        "2022",
        polarity="negative",
    )
    b.event("Norway condemned the expulsions.", "ACCUSE", "NOR", "CHL", -3.0, None)

    c = _Doc(
        "corpus/c.txt",
        "Reports said Peru sold rifles to Chile. "
        "Peru's defence ministry denied that Peru sold any rifles to Chile. "
        f"A reader comment read {XSS} and was removed. "
        "Peru's minister Ana Soto met Ola Berg in Lima on 3 May 2023.",
        title=f"Arms report denied {XSS}",
        outlet="Andes Daily",
        published="2023-05-04",
    )
    c.mention("Peru", "PER", "state", "PER")
    c.mention("Chile", "CHL", "state", "CHL")
    c.mention("Ana Soto", "person:ana-soto", "person", "PER", role="defence minister")
    c.mention("Ola Berg", "person:ola-berg", "person", "NOR", name="Ola Berg")
    sold = c.event("Reports said Peru sold rifles to Chile.", "AID", "PER", "CHL", 10.0, None, mode="military")
    denied = c.span("Peru's defence ministry denied that Peru sold any rifles to Chile.")
    c.event(
        "Peru's minister Ana Soto met Ola Berg in Lima on 3 May 2023.",
        "CONSULT",
        "person:ola-berg",
        "person:ana-soto",
        2.5,
        "2023-05-03",
    )
    xss_quote = c.quote(XSS, None, "a reader")

    extractions = [d.extraction() for d in (a, b, c)]
    store = Store(path)
    try:
        store.write(extractions)
        resolve_corpus(store)
        claims = [
            Claim(
                content_id("cl", "PER", "AID", "CHL"),
                "Peru supplies weapons to Chile",
                "PER",
                "AID",
                "military",
                "CHL",
                (
                    Stance(c.doc.id, OUTLET, "reports", sold),
                    Stance(
                        c.doc.id, "PER", "denies", Evidence(c.doc.text[denied[0] : denied[1]], denied[0], denied[1])
                    ),
                    Stance(c.doc.id, "person:ana-soto", "asserts", xss_quote),
                ),
            ),
            Claim(
                content_id("cl", "NOR", "AGREE", "CHL"),
                "Norway offers patrol boats to Chile",
                "NOR",
                "AGREE",
                None,
                "CHL",
                (Stance(a.doc.id, "person:ola-berg", "asserts", berg_quote),),
            ),
        ]
        store.replace_resolution(store.actors(), store.actor_map(), claims)
    finally:
        store.close()
    return Path(path)


DOCS = {"a": "Ministers meet in Santiago", "b": "Fishing dispute sours ties", "c": "Arms report denied"}
