"""What a validation without a store needs, loaded into a store in memory: nothing more.

``coopgraph validate --store memory`` used to load and reason over the whole content (the
265,000 triples of the official geography among them) before checking one small file. Here
the ontology, the shapes and the data files other than the geography are loaded as they are
(no reasoning: validation reads the class hierarchy itself), and from the geography only the
official territories the submission names, by IRI or by INSEE/SIREN code, with the territories
they are part of. For a named territory the geography lacks (a mistyped code), the names its
"did you mean" reads come too (its kind in its department, and those named with the first
letter of the label the file gives it), so that the report is the one a full store gives.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from coopgraph import formats
from coopgraph.content.loading import load_source, project_sources
from coopgraph.iris import GEOGRAPHY_GRAPH_BASE, IDENTIFIER_BASE, TERM_BASE
from coopgraph.store import Store

Say = Callable[[str], None]
"""Told each step, in a line, French and English."""

_TERRITORY = re.compile(
    re.escape(IDENTIFIER_BASE) + "(?:commune|delegated-commune|epci|department|region)/"
)
_CODES = (URIRef(TERM_BASE + "inseeCode"), URIRef(TERM_BASE + "sirenCode"))
_CODE_PREDICATES = tuple(f"<{p}> " for p in _CODES)
_PART_OF = f"<{TERM_BASE}isPartOf> <"
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label> "


@dataclass(frozen=True)
class Named:
    """What a submission names of the geography: territory IRIs (each with the labels the
    submission gives it) and code values."""

    iris: frozenset[str]
    codes: frozenset[str]
    labels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, submission: Graph) -> Named:
        """The official territory IRIs and the INSEE/SIREN codes written in ``submission``."""
        iris = {
            str(term)
            for triple in submission
            for term in (triple[0], triple[2])
            if isinstance(term, URIRef) and _TERRITORY.match(term)
        }
        codes = {
            str(value)
            for predicate in _CODES
            for value in submission.objects(None, predicate)
            if isinstance(value, Literal)
        }
        labels = {iri: tuple(str(v) for v in submission.objects(URIRef(iri), RDFS.label))
                  for iri in iris}  # fmt: skip
        return cls(frozenset(iris), frozenset(codes), labels)


@dataclass(frozen=True)
class _Geography:
    """One N-Triples text (between line breaks), searched for what is wanted: string search
    runs at C speed, where a dict of its 265,000 lines would take seconds."""

    text: str

    def about(self, subject: str) -> list[str]:
        """The lines whose subject is ``subject`` (an IRI in angle brackets)."""
        found, key = [], f"\n{subject} "
        at = self.text.find(key)
        while at >= 0:
            end = self.text.find("\n", at + 1)
            found.append(self.text[at + 1 : end if end >= 0 else len(self.text)])
            at = self.text.find(key, at + 1)
        return found

    def coded(self, code: str) -> list[str]:
        """The subjects of the lines giving ``code`` as an INSEE or SIREN code."""
        subjects = []
        for predicate in _CODE_PREDICATES:
            key = f" {predicate}{Literal(code).n3()} .\n"
            at = self.text.find(key)
            while at >= 0:
                line_start = self.text.rfind("\n", 0, at) + 1
                subjects.append(self.text[line_start:at])
                at = self.text.find(key, at + 1)
        return subjects

    def labels_under(self, start: str, name_start: str = "") -> list[str]:
        """The label lines of every subject whose IRI starts with ``start``, and whose name
        starts with ``name_start`` (any case) if given."""
        # A pattern starting with a literal is searched fast; a line anchor (^) is not.
        name = f"(?i:{re.escape(name_start)})" if name_start else ""
        pattern = rf'\n(<{re.escape(start)}[^>]*> {re.escape(_LABEL)}"{name}[^\n]*)'
        return re.findall(pattern, self.text)

    def near(self, iri: str, given: Iterable[str]) -> Iterator[str]:
        """The label lines a "did you mean" reads for an IRI the geography lacks: the same
        kind in the same department, and anywhere named with the first letter of a label
        the submission gives it (as validation's ``places.territory_hint`` asks)."""
        folder, code = iri.rsplit("/", 1)
        yield from self.labels_under(f"{folder}/{code[:2] if len(code) > 3 else ''}")
        for letter in sorted({label.strip()[:1] for label in given} - {""}):
            yield from self.labels_under(f"{folder}/", letter)

    def wanted(self, named: Named) -> Iterator[str]:
        """The lines about the named territories and those they are part of; for a named one
        the file lacks, the labels its "did you mean" reads."""
        pending = [f"<{iri}>" for iri in named.iris]
        pending += [s for code in sorted(named.codes) for s in self.coded(code)]
        seen: set[str] = set()
        missing: set[str] = set()
        while pending:
            subject = pending.pop()
            if subject in seen:
                continue
            seen.add(subject)
            lines = self.about(subject)
            if not lines:
                missing.add(subject[1:-1])
            for line in lines:
                yield line
                predicate_and_object = line.partition(" ")[2]
                if predicate_and_object.startswith(_PART_OF):
                    pending.append(predicate_and_object[len(_PART_OF) - 1 :].split(" ", 1)[0])
        for iri in sorted(missing):
            yield from self.near(iri, named.labels.get(iri, ()))


def load_validation_needs(
    store: Store, content_root: Path, submission: Graph, say: Say | None = None
) -> int:
    """Load into ``store`` what validating ``submission`` reads: the ontology, the shapes, the
    data files but the geography, and the official territories named; returns the triples."""
    tell = say or (lambda _line: None)
    named = Named.of(submission)
    total = 0
    for source in project_sources(content_root):
        if not _is_geography(source.graph, source.files):
            tell(f"chargement de {source.label} / loading {source.label}")
            total += load_source(store, source)
            continue
        tell(
            f"{source.label} : {len(named.iris) + len(named.codes)} territoire(s) nommé(s) "
            f"/ {source.label}: {len(named.iris) + len(named.codes)} territories named"
        )
        total += _load_territories(store, source.graph, source.files, named)
    return total


def _is_geography(graph: str, files: Iterable[Path]) -> bool:
    """True for a graph of the geography written as N-Triples (read line by line here)."""
    line_based = all(formats.media_type_for_path(p) == formats.N_TRIPLES for p in files)
    return graph.startswith(GEOGRAPHY_GRAPH_BASE) and line_based


def _load_territories(store: Store, graph: str, files: Iterable[Path], named: Named) -> int:
    if not named.iris and not named.codes:
        return 0
    lines: list[str] = []
    for path in files:
        data = path.read_bytes()
        text = (gzip.decompress(data) if path.suffix == ".gz" else data).decode()
        lines.extend(_Geography("\n" + text + "\n").wanted(named))
    lines = list(dict.fromkeys(lines))
    if not lines:
        return 0
    return store.replace_graph(graph, "\n".join(lines).encode() + b"\n", formats.N_TRIPLES)
