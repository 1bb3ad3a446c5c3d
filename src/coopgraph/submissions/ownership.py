"""Who owns a resource, and the refusal of a submission's statements about anything else.

A resource a steward publishes belongs to the territory whose published graph
(``graph/submission/<kind>/<code>``) holds it as a subject: the territory whose first version
is the oldest when several do (only data published before this rule can make several). An
official territory belongs to itself: the tokens that name it may describe it. Nothing else
belongs to a steward: coopgraph's vocabulary (every IRI under its base outside ``id/``, and
``id/submission/``, ``id/token/``), the official territories a token does not name, and every
resource the content graphs describe (ontology, shapes, referential, geography, seed data).
A resource no graph describes is new: the submission that describes it mints it.

A submission may state triples about blank nodes, its token's official territories, resources
its token's territories own and resources it mints, and no vocabulary (class and property
axioms, concept schemes). What reasoning derives from it counts the same (``derivations``):
a derived triple about any other subject (``owl:sameAs``, an inverse or symmetric property, a
property chain...) refuses the submission. An admin token owns every territory's resources.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from coopgraph.access import Identity
from coopgraph.errors import Forbidden
from coopgraph.iris import (
    CANONICAL_BASE,
    IDENTIFIER_BASE,
    PROVENANCE_GRAPH,
    SUBMISSION_BASE,
    SUBMISSION_GRAPH_BASE,
    TOKEN_BASE,
)
from coopgraph.reasoning import is_inferred
from coopgraph.sparql_text import term_text
from coopgraph.store import Store
from coopgraph.submissions.derivations import derived_triples
from coopgraph.validation import OFFICIAL_TERRITORY

Triple = tuple[Node, Node, Node]

_CHUNK = 500
_TERMS = (
    "SELECT DISTINCT ?term WHERE {{ VALUES ?term {{ {values} }} "
    "{{ GRAPH ?g {{ ?s ?term ?o }} }} UNION {{ GRAPH ?g {{ ?s a ?term }} }} }}"
)
_HOLDERS = "SELECT DISTINCT ?s ?g WHERE {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}"
_SHOWN = 5
_SCHEMA_PREDICATES = frozenset({
    RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
    SKOS.inScheme, SKOS.topConceptOf, SKOS.hasTopConcept, SKOS.member, SKOS.memberList,
})  # fmt: skip
_INDIVIDUAL_OWL = frozenset({OWL.sameAs, OWL.differentFrom, OWL.versionInfo, OWL.deprecated})
_SCHEMA_TYPES = frozenset({SKOS.Concept, SKOS.ConceptScheme, SKOS.Collection,
                           SKOS.OrderedCollection, RDF.Property})  # fmt: skip
_HARMLESS_TYPES = frozenset({OWL.Thing, OWL.NamedIndividual, RDFS.Resource})

_WORDS = {
    "en": {
        "lead": "the submission for <{territory}> states triples about what it does not own "
        "(a submission describes its territories' own resources and those it creates): ",
        "asserted": "the statement {statement}",
        "derived": "the statement {statement}, through reasoning ({derived}),",
        "vocabulary": "describes <{subject}>, a term of coopgraph's vocabulary (ontology, "
        "shapes, concepts), which no submission describes",
        "term": "describes <{subject}>, a property or class, which no submission describes",
        "official": "describes <{subject}>, an official territory, which only the official "
        "geography describes: link to it (prov:atLocation) instead",
        "content": "describes <{subject}>, which coopgraph's own content describes (graph "
        "<{owner}>)",
        "territory": "describes <{subject}>, which belongs to <{owner}>, the territory that "
        "published it first",
        "schema": "states vocabulary (classes, properties, concept schemes), which no "
        "submission does",
        "more": " (and {more} more)",
    },
    "fr": {
        "lead": "la soumission pour <{territory}> énonce des triplets sur ce qui ne lui "
        "appartient pas (une soumission décrit les ressources de ses territoires et celles "
        "qu'elle crée) : ",
        "asserted": "la déclaration {statement}",
        "derived": "la déclaration {statement}, par le raisonnement ({derived}),",
        "vocabulary": "décrit <{subject}>, un terme du vocabulaire de coopgraph (ontologie, "
        "formes, concepts), qu'aucune soumission ne décrit",
        "term": "décrit <{subject}>, une propriété ou une classe, qu'aucune soumission ne décrit",
        "official": "décrit <{subject}>, un territoire officiel, que seule la géographie "
        "officielle décrit : reliez-vous à lui (prov:atLocation) au lieu de le décrire",
        "content": "décrit <{subject}>, que le contenu propre de coopgraph décrit (graphe "
        "<{owner}>)",
        "territory": "décrit <{subject}>, qui appartient à <{owner}>, le territoire qui l'a "
        "publié le premier",
        "schema": "énonce du vocabulaire (classes, propriétés, schémas de concepts), ce "
        "qu'aucune soumission ne fait",
        "more": " (et {more} autres)",
    },
}


@dataclass(frozen=True)
class Refusal:
    """One statement refused: why (a key of the words above), and about whom."""

    statement: str
    reason: str
    subject: str = ""
    owner: str = ""
    derived: str = ""


class ForeignStatements(Forbidden):
    """A submission stating triples about resources its token's territories do not own."""

    def __init__(self, territory: str, token: str, refusals: list[Refusal]) -> None:
        self.territory, self.token, self.refusals = territory, token, refusals
        super().__init__(self.in_language("en"))

    def in_language(self, lang: str | None) -> str:
        """The refusal in ``lang``; French then English when it is not known."""
        if lang in _WORDS:
            return self._worded(_WORDS[lang])
        return " / ".join(self._worded(_WORDS[each]) for each in ("fr", "en"))

    def _worded(self, words: dict[str, str]) -> str:
        parts = []
        for refusal in self.refusals[:_SHOWN]:
            place = words["derived" if refusal.derived else "asserted"]
            fields = {"token": self.token, **refusal.__dict__}
            parts.append(place.format(**fields) + " " + words[refusal.reason].format(**fields))
        text = words["lead"].format(territory=self.territory) + "; ".join(parts)
        more = len(self.refusals) - _SHOWN
        return text + (words["more"].format(more=more) if more > 0 else "")


def check_asserted(store: Store, identity: Identity, territory: str, graph: Graph) -> None:
    """ForeignStatements when the submission states vocabulary or triples about resources
    the token's territories neither own nor mint."""
    refusals = [Refusal(_shown(t), "schema") for t in graph if _is_vocabulary(t)]
    judge = _Judge(store, identity, territory, asserted=True)
    judge.terms.update(str(p) for p in graph.predicates())
    judge.terms.update(str(o) for o in graph.objects(None, RDF.type))
    judge.learn({s for s in graph.subjects() if isinstance(s, URIRef)})
    for triple in sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
        refusal = judge.refusal(triple[0])
        if refusal is not None:
            refusals.append(Refusal(_shown(triple), *refusal))
    if refusals:
        raise ForeignStatements(territory, identity.name, _first_per_subject(refusals))


def check_derived(
    store: Store, identity: Identity, territory: str, graph_name: str, graph: Graph
) -> None:
    """ForeignStatements when reasoning over the submission would derive triples about
    resources the token's territories neither own nor mint."""
    derived = derived_triples(store, graph_name, graph)
    asserted = set(graph.subjects())  # judged by check_asserted
    judge = _Judge(store, identity, territory)
    judge.learn({s for s in derived.subjects() if isinstance(s, URIRef) and s not in asserted})
    candidates = [t for t in derived if t[0] not in asserted and judge.refusal(t[0])]
    refusals = []
    for triple in sorted(candidates, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
        refusal = judge.refusal(triple[0])
        if refusal is not None:
            cause = _cause(graph, triple[0])
            refusals.append(Refusal(cause, *refusal, derived=_shown(triple)))
    if refusals:
        raise ForeignStatements(territory, identity.name, _first_per_subject(refusals))


class _Judge:
    """Who owns the subjects of a submission, from the graphs of the store."""

    def __init__(
        self, store: Store, identity: Identity, territory: str, asserted: bool = False
    ) -> None:
        self.store, self.identity, self.territory = store, identity, territory
        self.asserted = asserted
        """Judging asserted triples: an official territory, even the token's own, is refused
        (derived triples may land on the token's own territory: the inverse of a link to it)."""
        self.holders: dict[str, set[str]] = {}
        self.first: dict[str, str] = {}
        self.terms: set[str] = set()

    def learn(self, subjects: Iterable[URIRef]) -> None:
        """Read which asserted graphs hold these subjects, and when their territories first
        published."""
        wanted = sorted(s for s in subjects if self._free_of_rules(str(s)) is None)
        for start in range(0, len(wanted), _CHUNK):
            values = " ".join(term_text(iri) for iri in wanted[start : start + _CHUNK])
            for row in self.store.select(_HOLDERS.format(values=values)):
                if not is_inferred(str(row["g"])):
                    self.holders.setdefault(str(row["s"]), set()).add(str(row["g"]))
            self.terms.update(
                str(row["term"]) for row in self.store.select(_TERMS.format(values=values))
            )
        territories = {_territory_of(g) for graphs in self.holders.values() for g in graphs}
        self.first = _first_publications(self.store, sorted(territories - {""}))

    def refusal(self, subject: Node) -> tuple[str, str, str] | None:
        """Why the submission may not describe ``subject`` (reason, subject, owner), or None."""
        if not isinstance(subject, URIRef):
            return None
        iri = str(subject)
        ruled = self._free_of_rules(iri)
        if ruled is not None:
            return None if ruled == "" else (ruled, iri, "")
        if iri in self.terms:
            return ("term", iri, "")
        graphs = self.holders.get(iri, set())
        content = sorted(g for g in graphs if not _territory_of(g))
        if content:
            return ("content", iri, content[0])
        owners = sorted((self.first.get(t, "~"), t) for t in map(_territory_of, graphs))
        if owners and not self._own(owners[0][1]):
            return ("territory", iri, owners[0][1])
        return None

    def _free_of_rules(self, iri: str) -> str | None:
        """ "" when the token may describe ``iri`` whoever holds it, a reason when it never
        may, None when the store decides."""
        if OFFICIAL_TERRITORY.match(iri) and (self.asserted or not self._own(iri)):
            return "official"
        if self._own(iri):
            return ""
        reserved = iri.startswith((SUBMISSION_BASE, TOKEN_BASE))
        if reserved or (iri.startswith(CANONICAL_BASE) and not iri.startswith(IDENTIFIER_BASE)):
            return "vocabulary"
        return None

    def _own(self, territory: str) -> bool:
        return territory == self.territory or self.identity.covers(territory)


def _territory_of(graph: str) -> str:
    """The territory a published graph describes; "" for any other graph."""
    if not graph.startswith(SUBMISSION_GRAPH_BASE):
        return ""
    return IDENTIFIER_BASE + graph.removeprefix(SUBMISSION_GRAPH_BASE)


def _first_publications(store: Store, territories: list[str]) -> dict[str, str]:
    """When each territory's first version was published (ISO text, comparable)."""
    if not territories:
        return {}
    values = " ".join(term_text(URIRef(t)) for t in territories)
    query = f"""
        PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?territory (MIN(STR(?time)) AS ?first) WHERE {{ VALUES ?territory {{ {values} }}
            GRAPH <{PROVENANCE_GRAPH}> {{ ?v dcterms:subject ?territory ;
                prov:generatedAtTime ?time }} }} GROUP BY ?territory"""
    return {str(row["territory"]): str(row["first"]) for row in store.select(query)}


def _is_vocabulary(triple: Triple) -> bool:
    """True for a class or property axiom, a concept or a concept scheme: vocabulary."""
    _subject, predicate, value = triple
    if predicate in _SCHEMA_PREDICATES:
        return True
    if str(predicate).startswith(str(OWL)) and predicate not in _INDIVIDUAL_OWL:
        return True
    if predicate != RDF.type or value in _HARMLESS_TYPES:
        return False
    return value in _SCHEMA_TYPES or str(value).startswith((str(OWL), str(RDFS)))


def _cause(graph: Graph, subject: Node) -> str:
    """The submitted statement that most likely led reasoning to ``subject``: one naming it
    as a value, else one naming it anywhere."""
    for triple in sorted(graph.triples((None, None, subject)), key=str):
        return _shown(triple)
    for triple in sorted(graph.triples((None, subject, None)), key=str):
        return _shown(triple)
    return f"<{subject}>"


def _first_per_subject(refusals: list[Refusal]) -> list[Refusal]:
    """One refusal per subject (and per vocabulary statement), in order."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for refusal in refusals:
        key = (refusal.subject, refusal.statement if refusal.reason == "schema" else "")
        if key not in seen:
            seen.add(key)
            kept.append(refusal)
    return kept


def _shown(triple: Triple) -> str:
    """A statement as N-Triples, long literals cut."""
    terms = [term.n3() for term in triple]
    return " ".join(term if len(term) <= 80 else term[:77] + "..." for term in terms) + " ."
