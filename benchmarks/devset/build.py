"""Build the event development set from public files (see README.md beside this file).

The sentences come from two public repositories, read at pinned commits:

* openeventdata/PLOVER (CC BY-SA 4.0): the example sentences quoted in
  PLOVER_MANUAL.tex and README.md;
* openeventdata/petrarch2 (MIT): the validation and unit-test records
  (PETR.UnitTest.records.xml, PETR.Validate.records.140226.txt) and the
  GigaWord sample (GigaWord.sample.PETR.xml).

The PLOVER repository also holds ``PLOVER_GSR_CAMEO.txt``, a held-out test set:
this script never reads it (``_refuse_held_out``).

The repositories' own codes are not used as labels: the PETRARCH records are
coded with a test dictionary of WEIS codes "tweaked quite unsystematically"
(its own header says so), and the manual's examples carry no codes.  The
labels are PLOVER codings made for newsgraph, in ``labels.tsv`` beside this
file, keyed by record id and a hash of the converted sentence (so a label can
never silently move to another text).  The fictional states of the validation
suite are renamed to real ones (``names.tsv``).

Output (git-ignored): ``OUT/sentences.jsonl`` (one sentence a line, ingestible
by ``newsgraph ingest``) and ``OUT/gold.json`` (the samples/gold.json schema,
with the extra fields ``newsgraph evaluate`` reads for this set).

    python benchmarks/devset/build.py --plover GITDIR --petrarch GITDIR [--out DIR]
    python benchmarks/devset/build.py ... --candidates   # every sentence, labelled or not

GITDIR is a clone, or a bare git directory, of each repository.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / "out" / "devset"
CORPUS_NAME = "sentences.jsonl"

PLOVER_COMMIT = "5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f"
PLOVER_FILES = ("PLOVER_MANUAL.tex", "README.md")
PETRARCH_FILES = (
    ("676801cd9cb2924bbbad09f86d15c9323e7097bf", "petrarch2/data/text/PETR.UnitTest.records.xml", "unit"),
    ("d5afcfda80a602e88592ee208d61c40d4c937171", "PETR.Validate.records.140226.txt", "valid"),
    ("676801cd9cb2924bbbad09f86d15c9323e7097bf", "petrarch2/data/text/GigaWord.sample.PETR.xml", "giga"),
)
HELD_OUT = "PLOVER_GSR"
# One example in four, chosen by a hash of its id, is held aside: the floors
# are set on the rest and the slice is reported on its own.
VALIDATION_MODULUS = 4
SECTORS = ("government", "military", "police", "rebels", "opposition", "civilians", "media", "business")


class BuildError(Exception):
    pass


@dataclass(frozen=True)
class Sentence:
    id: str
    text: str

    @property
    def hash(self) -> str:
        return text_hash(self.text)


def text_hash(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:10]


def split_of(example_id: str) -> str:
    digest = int(hashlib.sha1(example_id.encode("utf-8")).hexdigest(), 16)
    return "validation" if digest % VALIDATION_MODULUS == 0 else "development"


# ------------------------------------------------------------------ reading
def _refuse_held_out(path: str) -> None:
    if HELD_OUT.lower() in path.lower():
        raise BuildError(f"{path} is a held-out test set; the development set never reads it")


def read_file(repo: Path, commit: str, path: str) -> str:
    """A file of ``repo`` (a clone or a bare git directory) at ``commit``; a
    plain folder without git is read as it is."""
    _refuse_held_out(path)
    git_dir = repo / ".git" if (repo / ".git").exists() else repo
    if (git_dir / "HEAD").is_file() and (git_dir / "objects").is_dir():
        done = subprocess.run(
            ["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            raise BuildError(f"cannot read {path} at {commit[:10]} from {repo}: {done.stderr.decode().strip()}")
        return done.stdout.decode("utf-8", "replace")
    file = repo / path
    if not file.is_file():
        raise BuildError(f"{file} not found: is {repo} a clone of the right repository?")
    return file.read_text("utf-8", "replace")


_LATEX = [
    (re.compile(r"\\(?:emph|textit|textbf|ti|txt)\{([^{}]*)\}"), r"\1"),
    (re.compile(r"\\(?:ldots|dots)\b"), "..."),
    (re.compile(r"\\\$"), "$"),
    (re.compile(r"\\plcat\{([^{}]*)\}"), r"\1"),
]


def manual_sentences(text: str, source: str) -> Iterator[str]:
    """Quoted examples: ``...'' (or ``..." as the manual sometimes closes them)."""
    for raw in re.findall(r"``(.+?)(?:''|\")", text):
        for pattern, repl in _LATEX:
            raw = pattern.sub(repl, raw)
        clean = " ".join(raw.replace("’", "'").split())
        if len(clean.split()) >= 6:  # examples are sentences; single quoted terms are not
            yield clean
    if source == "README.md":
        for block in re.findall(r"^> (.+?)(?:\n> (.+?))*$", text, flags=re.M):
            yield " ".join(" ".join(part for part in block if part).split())


_SENTENCE = re.compile(r"<Sentence\s([^>]*)>(.*?)</Sentence>", re.S)


def petrarch_sentences(text: str) -> Iterator[tuple[str, str]]:
    """(record id, text) of each record; the text is in <Text> or, in the older
    validation file, between the coding and the parse tree."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    for attrs, body in _SENTENCE.findall(text):
        found = re.search(r"id\s*=\s*\"([^\"]*)\"", attrs)
        if found is None:
            continue
        inner = re.search(r"<Text>(.*?)</Text>", body, re.S)
        before_parse = re.split(r"\((?:ROOT|S1)\b", re.sub(r"<[^>]*>", "", body))[0]
        raw = inner.group(1) if inner is not None else before_parse
        clean = " ".join(html.unescape(raw).split())
        if clean:
            yield found.group(1), clean


def load_names(path: Path = HERE / "names.tsv") -> list[tuple[re.Pattern[str], str]]:
    pairs = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fictional, real = line.split("\t")
        pairs.append((re.compile(rf"\b{re.escape(fictional)}\b"), real))
    return pairs


def rename(text: str, names: list[tuple[re.Pattern[str], str]]) -> str:
    for pattern, real in names:
        text = pattern.sub(real, text)
    return text


def all_sentences(plover: Path, petrarch: Path) -> list[Sentence]:
    names = load_names()
    found: dict[str, Sentence] = {}
    for name in PLOVER_FILES:
        for text in manual_sentences(read_file(plover, PLOVER_COMMIT, name), name):
            s = Sentence(f"plover:{text_hash(text)}", text)
            found.setdefault(s.id, s)
    for commit, path, prefix in PETRARCH_FILES:
        for record, text in petrarch_sentences(read_file(petrarch, commit, path)):
            s = Sentence(f"{prefix}:{record}", rename(text, names))
            # record ids repeat within and across the files; the text decides
            found.setdefault(f"{s.id}#{s.hash}", s)
    return list(found.values())


# ------------------------------------------------------------------ labels
@dataclass(frozen=True)
class Label:
    id: str
    hash: str
    types: tuple[str, ...]  # empty: the sentence reports no PLOVER event
    source: str | None
    source_sector: str | None
    target: str | None
    target_sector: str | None
    symmetric: bool


def _actor(field: str, where: str) -> tuple[str | None, str | None]:
    """ "ISR" (a state), "ISR/military" (a state's sector), "/rebels" (a sector
    of unknown country), "" (not coded)."""
    if not field:
        return None, None
    state, _, sector = field.partition("/")
    if state and not re.fullmatch(r"[A-Z]{3}", state):
        raise BuildError(f"{where}: {state!r} is not an ISO 3166-1 alpha-3 code")
    if sector and sector not in SECTORS:
        raise BuildError(f"{where}: unknown sector {sector!r}; valid: {', '.join(SECTORS)}")
    return state or None, sector or None


def load_labels(path: Path = HERE / "labels.tsv") -> list[Label]:
    labels = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        where = f"{path.name}:{number}"
        if len(cols) < 6:
            raise BuildError(f"{where}: needs id, hash, types, source, target, symmetric (tab-separated)")
        id_, hash_, types, source, target, symmetric = cols[:6]
        types_t = () if types == "-" else tuple(types.split("|"))
        s_state, s_sector = _actor(source, where)
        t_state, t_sector = _actor(target, where)
        labels.append(Label(id_, hash_, types_t, s_state, s_sector, t_state, t_sector, symmetric == "y"))
    return labels


# ------------------------------------------------------------------ output
def build(plover: Path, petrarch: Path, out: Path) -> dict[str, int]:
    sentences = {(s.id, s.hash): s for s in all_sentences(plover, petrarch)}
    labels = load_labels()
    chosen: dict[tuple[str, str], list[Label]] = {}
    for label in labels:
        if (label.id, label.hash) not in sentences:
            raise BuildError(
                f"labels.tsv: no sentence {label.id} with hash {label.hash} in the sources "
                "(a different commit, or the label's text changed)"
            )
        chosen.setdefault((label.id, label.hash), []).append(label)
    texts: dict[str, str] = {}
    for key in chosen:
        other = texts.setdefault(sentences[key].text, key[0])
        if other != key[0]:  # newsgraph ingests a text once: a second copy would vanish
            raise BuildError(f"labels.tsv: {key[0]} and {other} are the same sentence; label one of them")
    out.mkdir(parents=True, exist_ok=True)
    documents: dict[str, dict[str, object]] = {}
    events: list[dict[str, object]] = []
    with (out / CORPUS_NAME).open("w", encoding="utf-8") as f:
        for number, (key, group) in enumerate(chosen.items(), 1):
            sentence = sentences[key]
            name = f"{CORPUS_NAME}#{number}"
            f.write(json.dumps({"text": sentence.text, "title": None, "id": sentence.id}) + "\n")
            documents[name] = {"example": sentence.id, "split": split_of(sentence.id), "text": sentence.text}
            for i, label in enumerate(g for g in group if g.types):
                events.append(
                    {
                        "id": f"{sentence.id}#{i + 1}",
                        "doc": name,
                        "types": list(label.types),
                        "source": label.source,
                        "source_sector": label.source_sector,
                        "target": label.target,
                        "target_sector": label.target_sector,
                        "symmetric": label.symmetric,
                    }
                )
    gold = {
        "about": "newsgraph's event development set: public sentences (PLOVER manual, PETRARCH2 records) "
        "with PLOVER codings from benchmarks/devset/labels.tsv; built by benchmarks/devset/build.py.",
        "kind": "sentences",
        "documents": documents,
        "events": events,
    }
    (out / "gold.json").write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", "utf-8")
    return {
        "sentences": len(documents),
        "events": len(events),
        "validation": sum(1 for d in documents.values() if d["split"] == "validation"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plover", type=Path, required=True, help="clone or git directory of openeventdata/PLOVER")
    parser.add_argument(
        "--petrarch", type=Path, required=True, help="clone or git directory of openeventdata/petrarch2"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--candidates", action="store_true", help="print every sentence (id, hash, text) and exit")
    args = parser.parse_args(argv)
    try:
        if args.candidates:
            for s in all_sentences(args.plover, args.petrarch):
                print(f"{s.id}\t{s.hash}\t{s.text}")
            return 0
        counts = build(args.plover, args.petrarch, args.out)
    except BuildError as exc:
        print(f"devset: {exc}", file=sys.stderr)
        return 2
    print(
        f"devset: {counts['sentences']} sentences, {counts['events']} gold events "
        f"({counts['validation']} sentences held aside for validation) -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
