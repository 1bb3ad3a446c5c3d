"""A seeded, conforming territory description of about N triples, for the validation benchmark.

Actors active in real communes, actions they carry with dated intervals, effects across
dimensions linked by causal links (with their ``cg:leadsTo`` shortcut), transfers between two
communes, memberships. Every node is named in French and English, so the description
conforms to shapes/ when validated against a store holding the ontology and the geography.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence

CG = "https://w3id.org/coopgraph/def/"
ID = "https://w3id.org/coopgraph/id/"
REF = "https://w3id.org/coopgraph/ref/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
AT = "http://www.w3.org/ns/prov#atLocation"
TIME = "http://www.w3.org/2006/time#"
ORG = "http://www.w3.org/ns/org#"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
DIMENSIONS = ("ecological", "economic", "social", "cultural", "democratic")
FUNCTIONALITIES = ("eating", "caring", "housing", "moving", "learning", "working", "culture")
ELEMENTS = ("fifty-fifty", "inhabitant-involvement", "integrated-action", "others-stakes")
TRIPLES_PER_ACTION = 48  # measured on the generator itself


def _iri(value: str) -> str:
    return f"<{value}>"


def _names(subject: str, kind: str, number: int) -> Iterator[str]:
    yield f'{subject} <{LABEL}> "{kind} {number}"@fr .'
    yield f'{subject} <{LABEL}> "{kind} {number} (en)"@en .'


def _typed(subject: str, cls: str, kind: str, number: int) -> Iterator[str]:
    yield f"{subject} <{RDF_TYPE}> <{CG}{cls}> ."
    yield from _names(subject, kind, number)


def _interval(subject: str, year: int) -> Iterator[str]:
    begin, end = f"{subject[:-1]}/begin>", f"{subject[:-1]}/end>"
    yield f"{subject} <{RDF_TYPE}> <{TIME}ProperInterval> ."
    yield f"{subject} <{TIME}hasBeginning> {begin} ."
    yield f"{subject} <{TIME}hasEnd> {end} ."
    yield f'{begin} <{TIME}inXSDDate> "{year}-01-15"^^<{XSD_DATE}> .'
    yield f'{end} <{TIME}inXSDDate> "{year + 2}-06-30"^^<{XSD_DATE}> .'


def _action(rng: random.Random, number: int, communes: Sequence[str]) -> Iterator[str]:
    commune = _iri(communes[number % len(communes)])
    actor, action = _iri(f"{ID}organisation/b{number}"), _iri(f"{ID}action/b{number}")
    yield from _typed(actor, "Association", "Association", number)
    yield f"{actor} <{CG}activeIn> {commune} ."
    yield from _typed(action, "Action", "Action", number)
    yield f"{action} <{CG}carriedBy> {actor} ."
    yield f"{action} <{AT}> {commune} ."
    yield f"{action} <{CG}servesFunctionality> <{REF}functionality/{rng.choice(FUNCTIONALITIES)}> ."
    yield f"{action} <{TIME}hasTime> <{ID}interval/b{number}> ."
    yield from _interval(_iri(f"{ID}interval/b{number}"), 2000 + number % 20)
    effects = [_iri(f"{ID}effect/b{number}-{index}") for index in range(3)]
    for index, effect in enumerate(effects):
        yield from _typed(effect, "Effect", "Effet", number * 3 + index)
        yield f"{effect} <{CG}dimension> <{REF}effect-dimension/{rng.choice(DIMENSIONS)}> ."
        yield f"{effect} <{CG}polarity> <{REF}polarity/{rng.choice(('positive', 'negative'))}> ."
    yield f"{action} <{CG}hasEffect> {effects[0]} ."
    for index, (cause, consequence) in enumerate(itertools.pairwise(effects)):
        link = _iri(f"{ID}causal-link/b{number}-{index}")
        yield from _typed(link, "CausalLink", "Lien", number * 2 + index)
        yield f"{link} <{CG}cause> {cause} ."
        yield f"{link} <{CG}consequence> {consequence} ."
        yield f"{link} <{CG}polarity> <{REF}polarity/positive> ."
        yield f"{cause} <{CG}leadsTo> {consequence} ."


def _transfer(number: int, communes: Sequence[str]) -> Iterator[str]:
    transfer = _iri(f"{ID}transfer/b{number}")
    yield from _typed(transfer, "Transfer", "Transfert", number)
    yield f"{transfer} <{CG}fromTerritory> {_iri(communes[number % len(communes)])} ."
    yield f"{transfer} <{CG}toTerritory> {_iri(communes[(number + 1) % len(communes)])} ."
    yield f"{transfer} <{CG}transfersElement> <{REF}element/{ELEMENTS[number % len(ELEMENTS)]}> ."


def submission_ntriples(triples: int, communes: Sequence[str], seed: int = 20261125) -> bytes:
    """About ``triples`` triples of a conforming submission, as N-Triples."""
    rng = random.Random(seed)
    lines: list[str] = []
    for number in range(max(1, round(triples / TRIPLES_PER_ACTION))):
        lines.extend(_action(rng, number, communes))
        if number % 5 == 0:
            lines.extend(_transfer(number, communes))
    return ("\n".join(lines) + "\n").encode()
