"""Every stored query of queries/ answers on Virtuoso with the rows of the embedded store.

Both stores hold the same content, twice: the ontology, the shapes, data/seed, data/examples and
the geography of every territory those name; then the whole project (the full geography, about
265,000 triples, and its inferred graphs). Each query runs with no parameter, and with the
parameters of the hand-checked answers (tests/test_competency_questions.py), bound as the API
binds them. Two differences SPARQL allows are set aside when comparing: the order of the
values in a GROUP_CONCAT, and an aggregate over nothing (pyoxigraph leaves it unbound,
Virtuoso answers ""). Decimals are compared to nine significant digits.
"""

from __future__ import annotations

import gzip
import re
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier
from support.virtuoso import Virtuoso, empty

from coopgraph.content import loading
from coopgraph.questions.parameters import engine_bound
from coopgraph.questions.stored_queries import StoredQuery, load_queries
from coopgraph.store.base import Store
from coopgraph.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parents[2]
QUERIES = load_queries(ROOT / "queries")
ID = "https://w3id.org/coopgraph/id/"
REF = "https://w3id.org/coopgraph/ref/"
LOOS = URIRef(ID + "commune/62528")
ECO_RENOVATION = URIRef(ID + "action/loos-eco-renovation")
SOCIAL = URIRef(REF + "effect-dimension/social")
INVOLVEMENT = URIRef(REF + "element/inhabitant-involvement")
PEER_LEVEL = URIRef(REF + "exchange-level/peer")


def _case(name: str, **bindings: Identifier) -> object:
    """A test case: the query, its bindings, an id naming both."""
    return pytest.param(name, bindings, id="-".join([name, *sorted(bindings)]))


CASES = [
    *(_case(name) for name in sorted(QUERIES)),
    _case("action-effects", action=ECO_RENOVATION),
    _case("action-effects", action=ECO_RENOVATION, dimension=SOCIAL),
    _case("action-engagement", action=ECO_RENOVATION),
    _case("action-engagement", role=URIRef(REF + "actor-role/inhabitant-actor")),
    _case("action-resources", action=URIRef(ID + "action/loos-fifty-fifty-gardens")),
    _case("cooperation-system", territory=LOOS),
    _case("ecosystem-value", ecosystem=URIRef(ID + "cooperative-ecosystem/loos-food")),
    _case("hypothesis-evidence", hypothesis=URIRef(REF + "hypothesis/value"), territory=LOOS),
    _case("integrated-actions", territory=LOOS, minDimensions=Literal(4, datatype=XSD.integer)),
    _case("peer-territories", territory=LOOS, element=INVOLVEMENT),
    _case("peer-territories", territory=LOOS),
    _case("season-participation", season=URIRef(ID + "season/villes-pairs-1")),
    _case("season-participation", season=URIRef(ID + "season/villes-pairs-2"), level=PEER_LEVEL),
    _case("territory-trajectory", territory=LOOS, until=Literal(2016, datatype=XSD.integer)),
    _case("transfer-trails", targetTerritory=URIRef(ID + "commune/59271")),
    _case("transfer-trails", sourceTerritory=LOOS),
]  # fmt: skip

Row = tuple[tuple[str, str], ...]


def _geography_of(data: list[Path]) -> bytes:
    """The geography's triples about every territory the files name."""
    named = set()
    for path in data:
        named |= set(re.findall(rf"<({re.escape(ID)}[a-z-]+/[0-9A-Za-z]+)>", path.read_text()))
        named |= {ID + f"commune/{code}" for code in re.findall(r"commune:(\w+)", path.read_text())}
    geography = ROOT / "data" / "geography" / "geography-2026.nt.gz"
    with gzip.open(geography) as lines:
        return b"".join(line for line in lines if line.split(b" ", 1)[0][1:-1].decode() in named)


def _make_content(folder: Path) -> Path:
    for name in ("ontology", "shapes"):
        shutil.copytree(ROOT / name, folder / name)
    for name in ("seed", "examples"):
        shutil.copytree(ROOT / "data" / name, folder / "data" / name)
    files = sorted((folder / "data").rglob("*.ttl"))
    (folder / "data" / "geography-sample.nt").write_bytes(_geography_of(files))
    return folder


@pytest.fixture(scope="module", params=["sample", "project"])
def content(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project folder both stores load: the sample (seed, examples, the geography of the
    territories they name), or the whole project, its full geography and inferred graphs."""
    if request.param == "project":
        return ROOT
    return _make_content(tmp_path_factory.mktemp("queries-content"))


@pytest.fixture(scope="module")
def embedded(content: Path) -> EmbeddedStore:
    """The content in an embedded store."""
    store = EmbeddedStore.in_memory()
    loading.synchronise(store, content)
    return store


@pytest.fixture(scope="module")
def on_virtuoso(virtuoso: Virtuoso, content: Path) -> Iterator[Store]:
    """The same content on the session's Virtuoso."""
    store = virtuoso.store()
    empty(store)
    loading.synchronise(store, content)
    yield store
    empty(store)


def _comparable(value: Identifier) -> str:
    text = str(value)
    if re.fullmatch(r"\S+( \S+)+", text):  # a GROUP_CONCAT: its order is unspecified
        return " ".join(sorted(text.split()))
    if isinstance(value, Literal) and value.datatype in (XSD.decimal, XSD.double, XSD.float):
        return f"{float(text):.9g}"
    return text


def _rows(store: Store, query: StoredQuery, bindings: Mapping[str, Identifier]) -> list[Row]:
    text, engine = engine_bound(query, {name: (term,) for name, term in bindings.items()})
    table = store.select(text, engine)
    return sorted(
        tuple(sorted((name, _comparable(value)) for name, value in row.items() if str(value)))
        for row in table
    )


@pytest.mark.slow
@pytest.mark.parametrize(("name", "bindings"), CASES)
def test_stored_query_answers_alike_on_virtuoso(
    embedded: EmbeddedStore, on_virtuoso: Store, name: str, bindings: dict[str, Identifier]
) -> None:
    query = QUERIES[name]
    expected = _rows(embedded, query, bindings)
    assert expected, f"{name} finds nothing on the test content: a weak comparison"
    assert _rows(on_virtuoso, query, bindings) == expected
