"""Seeded, conforming territory descriptions for the validation benchmark (issue 14, point 9).

- ``turtle_description``: Turtle as a steward writes it (prefixes, one block per resource,
  ``;`` and ``,``): actors active in real communes, their cooperation relations, actions with
  dated intervals, the resources they mobilise, effects across dimensions with their
  epistemic status, causal links with their ``cg:leadsTo`` shortcut, transfers between two
  communes.
- ``filled_workbook``: the steward's template (``coopgraph template``) filled with the same
  kinds of rows: actors, actions, effects, causal links, cooperation relations, resources; the
  concepts as the drop-down lists offer them (their French labels).

The same size and communes give the same bytes; both conform to shapes/ when validated against
a store holding the ontology and the communes named.
"""

from __future__ import annotations

import io
import itertools
import random
from collections.abc import Iterator, Sequence
from pathlib import Path

from openpyxl import load_workbook

from coopgraph.validation import write_template
from coopgraph.validation.sheets import EXAMPLE_ROW, HEADER_ROWS, LISTS_SHEET

SEED = 20261202
TURTLE_PER_UNIT = 66
"""Triples of one unit of ``turtle_description`` (measured on the generator itself)."""
WORKBOOK_PER_UNIT = 59
"""Triples of one unit of ``filled_workbook`` once converted (measured)."""
DIMENSIONS = ("ecological", "economic", "social", "cultural", "democratic")
FUNCTIONALITIES = ("eating", "caring", "housing", "moving", "learning", "working", "culture")
ELEMENTS = ("fifty-fifty", "inhabitant-involvement", "integrated-action", "others-stakes")
STATUSES = ("observed", "expected", "hypothesised")
KINDS = ("equipment", "skills", "trust", "land-and-buildings", "money")
PREFIXES = {
    "cg": "https://w3id.org/coopgraph/def/",
    "commune": "https://w3id.org/coopgraph/id/commune/",
    "actor": "https://w3id.org/coopgraph/id/organisation/",
    "action": "https://w3id.org/coopgraph/id/action/",
    "effect": "https://w3id.org/coopgraph/id/effect/",
    "link": "https://w3id.org/coopgraph/id/causal-link/",
    "coop": "https://w3id.org/coopgraph/id/cooperation/",
    "resource": "https://w3id.org/coopgraph/id/resource/",
    "transfer": "https://w3id.org/coopgraph/id/transfer/",
    "dimension": "https://w3id.org/coopgraph/ref/effect-dimension/",
    "functionality": "https://w3id.org/coopgraph/ref/functionality/",
    "polarity": "https://w3id.org/coopgraph/ref/polarity/",
    "status": "https://w3id.org/coopgraph/ref/epistemic-status/",
    "kind": "https://w3id.org/coopgraph/ref/resource-kind/",
    "element": "https://w3id.org/coopgraph/ref/element/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def commune_codes(iris: Sequence[str]) -> list[str]:
    """The INSEE codes of commune IRIs (``.../commune/76402`` gives ``76402``)."""
    return [iri.rsplit("/", 1)[-1] for iri in iris]


def _block(subject: str, kind: str, name: str, *properties: str) -> str:
    lines = [f"{subject} a {kind} ;", f'    rdfs:label "{name}"@fr , "{name} (en)"@en']
    return " ;\n".join([*lines, *(f"    {p}" for p in properties)]) + " .\n"


def _interval(number: int) -> str:
    year = 2000 + number % 20
    return (
        "time:hasTime [ a time:ProperInterval ;\n"
        "        time:hasBeginning [ a time:Instant ;\n"
        f'            time:inXSDDate "{year}-01-15"^^xsd:date ] ;\n'
        "        time:hasEnd [ a time:Instant ;\n"
        f'            time:inXSDDate "{year + 2}-06-30"^^xsd:date ] ]'
    )


def _unit(rng: random.Random, n: int, codes: Sequence[str]) -> Iterator[str]:
    """One actor, its action, resource and cooperation, three effects and two causal links."""
    commune, partner = f"commune:{codes[n % len(codes)]}", f"actor:b{n - 1 if n else 1}"
    effects = [f"effect:b{n}-{i}" for i in range(3)]
    yield _block(f"actor:b{n}", "cg:Association", f"Association {n}", f"cg:activeIn {commune}")
    yield _block(
        f"coop:b{n}", "cg:CooperationRelation", f"Coopération {n}",
        f"cg:cooperator actor:b{n} , {partner}", f"cg:cooperationAround action:b{n}",
    )  # fmt: skip
    yield _block(
        f"resource:b{n}", "cg:Resource", f"Ressource {n}",
        f"cg:resourceKind kind:{rng.choice(KINDS)}",
    )  # fmt: skip
    yield _block(
        f"action:b{n}", "cg:Action", f"Action {n}", f"cg:carriedBy actor:b{n}",
        f"prov:atLocation {commune}", f"cg:mobilises resource:b{n}",
        f"cg:servesFunctionality functionality:{rng.choice(FUNCTIONALITIES)}",
        f"cg:hasEffect {effects[0]}", _interval(n),
    )  # fmt: skip
    for index, effect in enumerate(effects):
        leads = [f"cg:leadsTo {effects[index + 1]}"] if index < 2 else []
        yield _block(
            effect, "cg:Effect", f"Effet {n}-{index}",
            f"cg:dimension dimension:{rng.choice(DIMENSIONS)}",
            f"cg:polarity polarity:{rng.choice(('positive', 'negative'))}",
            f"cg:epistemicStatus status:{rng.choice(STATUSES)}", *leads,
        )  # fmt: skip
    for index, (cause, consequence) in enumerate(itertools.pairwise(effects)):
        yield _block(
            f"link:b{n}-{index}", "cg:CausalLink", f"Lien {n}-{index}",
            f"cg:cause {cause}", f"cg:consequence {consequence}", "cg:polarity polarity:positive",
            f"cg:epistemicStatus status:{rng.choice(STATUSES)}",
        )  # fmt: skip
    if n % 5 == 0:
        yield _block(
            f"transfer:b{n}", "cg:Transfer", f"Transfert {n}", f"cg:fromTerritory {commune}",
            f"cg:toTerritory commune:{codes[(n + 1) % len(codes)]}",
            f"cg:transfersElement element:{ELEMENTS[n % len(ELEMENTS)]}",
        )  # fmt: skip


def turtle_description(triples: int, codes: Sequence[str], seed: int = SEED) -> bytes:
    """About ``triples`` triples of a conforming description, as Turtle, around the communes
    of these INSEE codes."""
    rng = random.Random(seed)
    head = [f"@prefix {prefix}: <{iri}> ." for prefix, iri in PREFIXES.items()]
    blocks = [
        line for n in range(_units(triples, TURTLE_PER_UNIT)) for line in _unit(rng, n, codes)
    ]
    return ("\n".join(head) + "\n\n" + "\n".join(blocks)).encode()


def _units(triples: int, per_unit: int) -> int:
    return max(2, round(triples / per_unit))


def _rows(
    rng: random.Random, n: int, code: str, lists: dict[str, list[str]]
) -> Iterator[tuple[str, dict[str, str]]]:
    """The rows of one unit, by sheet: actor, action, resource, cooperation, effects, links."""

    def label(key: str) -> str:
        return rng.choice(lists[key])

    def named(name: str, **values: str) -> dict[str, str]:
        return {"nom": name, "name": f"{name} (en)", "territoire": code, **values}

    effects = [f"Effet {n}-{i}" for i in range(3)]
    partner = f"Association {n - 1 if n else 1}"
    yield "acteurs", named(f"Association {n}", **{"cg:cooperatesWith": partner})
    yield "ressources", named(f"Ressource {n}", **{"cg:resourceKind": label("cg:resourceKind")})
    yield "actions", named(
        f"Action {n}", date=f"{2000 + n % 20}-06-15", **{
            "cg:carriedBy": f"Association {n}", "cg:hasEffect": effects[0],
            "cg:mobilises": f"Ressource {n}",
            "cg:servesFunctionality": label("cg:servesFunctionality"),
        },
    )  # fmt: skip
    yield "cooperations", named(
        f"Coopération {n}", **{
            "cg:cooperator": f"Association {n} ; {partner}", "cg:cooperationAround": f"Action {n}"
        },
    )  # fmt: skip
    for index, effect in enumerate(effects):
        yield "effets", named(effect, **{
            "cg:dimension": label("cg:dimension"), "cg:polarity": label("cg:polarity"),
            "cg:epistemicStatus": label("cg:epistemicStatus"),
            "cg:leadsTo": effects[index + 1] if index < 2 else "",
        })  # fmt: skip
    for index, (cause, consequence) in enumerate(itertools.pairwise(effects)):
        yield "liens-causaux", named(f"Lien {n}-{index}", **{
            "cg:cause": cause, "cg:consequence": consequence, "cg:polarity": label("cg:polarity"),
            "cg:epistemicStatus": label("cg:epistemicStatus"),
        })  # fmt: skip


def filled_workbook(triples: int, codes: Sequence[str], root: Path, seed: int = SEED) -> bytes:
    """The template of ``root``'s shapes filled with about ``triples`` triples' worth of rows
    (once converted), around the communes of these INSEE codes."""
    rng = random.Random(seed)
    book = load_workbook(io.BytesIO(write_template(root, "xlsx")))
    lists = _lists(book[LISTS_SHEET])
    keys = {sheet.title: [cell.value for cell in sheet[HEADER_ROWS]] for sheet in book.worksheets}
    next_row = dict.fromkeys(keys, EXAMPLE_ROW + 1)
    for n in range(_units(triples, WORKBOOK_PER_UNIT)):
        for sheet, values in _rows(rng, n, codes[n % len(codes)], lists):
            row = next_row[sheet]
            next_row[sheet] += 1
            for column, key in enumerate(keys[sheet], start=1):
                if values.get(str(key)):
                    book[sheet].cell(row=row, column=column, value=values[str(key)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _lists(sheet: object) -> dict[str, list[str]]:
    """The labels each drop-down offers, by column key (the hidden sheet: label, code, IRI
    columns under each key)."""
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]  # type: ignore[attr-defined]
    header = rows[0]
    return {
        str(header[start]): [str(row[start]) for row in rows[1:] if row[start]]
        for start in range(0, len(header), 3)
    }
