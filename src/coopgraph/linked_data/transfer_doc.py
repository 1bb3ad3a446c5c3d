"""The documentation page of the model of transfer, in French and English, with its diagram.

The workshop holds that an experience does not travel as it is: it is decontextualised into
elements of the shared referential, which another territory appropriates through a reflexive
device, then recontextualises with its own actors. Researchers asking question 4 (what was
transferred, how, what resisted, with what outcome) need that model in plain words and the
ontology's real terms, so the page names each term with its label and definition read from the
store, linked to its page, and draws the model.

Graphviz may only be imported in questions/ (docs/architecture.md) and this package sits on the
same floor, so the diagram is written here as DOT text; the caller passes the function that lays
DOT out as SVG (``questions.dot_svg``, which caches each layout).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Graph, URIRef

from coopgraph.languages import interface_words
from coopgraph.linked_data import presentation
from coopgraph.linked_data.uris import prefixes
from coopgraph.templating import render_template

Draw = Callable[[str], str]
"""Lays a DOT description out as SVG text."""

PHASES = (
    "ref:transfer-phase/decontextualisation",
    "ref:transfer-phase/appropriation",
    "ref:transfer-phase/recontextualisation",
)
"""The three phases of ref:transfer-phases, in their order (skos:notation 1 to 3)."""
OUTCOMES = tuple(
    f"ref:transfer-outcome/{name}" for name in ("adopted", "adapted", "in-progress", "abandoned")
)
"""The kinds of outcome of ref:transfer-outcomes."""
CHANGE_STEPS = tuple(
    f"ref:change-step/{name}" for name in ("initiate", "consolidate", "generalise")
)
"""Impulser, conforter, généraliser: the concepts of ref:change-steps."""
CLASSES = ("cg:Experience", "cg:Territory", "cg:ReferentialElement", "cg:Transfer",
           "cg:TransferStep", "cg:ReflexiveDevice", "cg:ExchangeSpace", "cg:PeerGroup",
           "cg:InterTerritorySpace", "cg:TerritorialCollective", "cg:Actor", "cg:Resistance",
           "cg:TransferOutcome")  # fmt: skip
"""The classes of the model, in the order the page lists them."""
PROPERTIES = ("cg:illustrates", "cg:drawsOn", "cg:fromTerritory", "cg:toTerritory",
              "cg:transfersElement", "cg:hasStep", "cg:phase", "cg:inExchangeSpace",
              "cg:throughDevice", "cg:represents", "cg:metResistance", "cg:affectsActor",
              "cg:hasOutcome", "cg:outcomeKind", "cg:partOfSeason")  # fmt: skip
"""The properties of the model, in the order the page lists them."""
SCHEMES = ("ref:transfer-phases", "ref:transfer-outcomes", "ref:change-steps")
"""The concept schemes the model takes its values from."""
TERMS = (
    *CLASSES,
    *PROPERTIES,
    *SCHEMES,
    *PHASES,
    *OUTCOMES,
    *CHANGE_STEPS,
    "prov:used",
    "prov:atLocation",
)
"""Every term the page names; the template links them by these prefixed names."""

EXAMPLE_QUERY = """\
PREFIX cg: <https://w3id.org/coopgraph/def/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?transfer ?element ?from ?to ?phase ?resistance ?outcomeKind WHERE {
  ?transfer a cg:Transfer ;
      cg:transfersElement ?element ;
      cg:fromTerritory ?from ;
      cg:toTerritory ?to ;
      cg:hasStep ?step .
  ?step cg:phase ?phase .
  ?phase skos:notation ?order .
  OPTIONAL { ?step cg:metResistance ?resistance }
  OPTIONAL { ?transfer cg:hasOutcome/cg:outcomeKind ?outcomeKind }
}
ORDER BY ?transfer ?order
"""
"""Each transfer step by step, in phase order, with what resisted each step and the outcome."""

_PHASE_COLOURS = ("#8fd19e", "#f6c26b", "#9ec5fe")
"""Fills of the three phases, taken from questions.pictures' palette (which this package may not
import) so that the project's pictures look alike; its font, Helvetica, below."""
_RESISTANCE_COLOUR, _ELEMENT_COLOUR, _OUTCOME_COLOUR = "#f1a7b5", "#c5b3e6", "#e6d3a3"
_FONT = "Helvetica"
_WORDS = {
    "fr": {
        "alt": "Schéma du modèle du transfert : l'expérience d'un territoire A est "
        "décontextualisée en un élément du référentiel commun ; un territoire B se l'approprie "
        "grâce à un dispositif réflexif, puis le recontextualise avec ses propres acteurs ; "
        "chaque phase peut rencontrer des résistances ; le transfert aboutit à un résultat.",
        "experience": "Expérience\ndu territoire A",
        "draw_out": "Dégager des éléments\ntransférables",
        "element": "Élément du\nréférentiel commun",
        "appropriate": "Le territoire B\ns'approprie le référentiel",
        "device": "Dispositif réflexif\n(espaces d'échange)",
        "reread": "Relire la trajectoire de B\nau regard du référentiel",
        "actors": "Acteurs du territoire B\n(collectif territorial)",
        "resistance": "Résistance",
        "outcome": "Résultat",
        "yields": "produit",
        "taken_up": "repris par B",
        "through": "grâce à",
        "with": "avec",
        "meets": "rencontre",
    },
    "en": {
        "alt": "Diagram of the model of transfer: the experience of a territory A is "
        "decontextualised into an element of the shared referential; a territory B appropriates "
        "it through a reflexive device, then recontextualises it with its own actors; each "
        "phase may meet resistances; the transfer reaches an outcome.",
        "experience": "Experience\nof territory A",
        "draw_out": "Draw out\ntransferable elements",
        "element": "Element of the\nshared referential",
        "appropriate": "Territory B\nappropriates the referential",
        "device": "Reflexive device\n(exchange spaces)",
        "reread": "Reread B's trajectory\nagainst the referential",
        "actors": "Actors of territory B\n(territorial collective)",
        "resistance": "Resistance",
        "outcome": "Outcome",
        "yields": "yields",
        "taken_up": "taken up by B",
        "through": "through",
        "with": "with",
        "meets": "meets",
    },
}
"""The diagram's words; the phases and kinds of outcome are named by the ontology's labels."""


@dataclass(frozen=True)
class NamedTerm:
    """A term the page names: prefixed name, link, label and definition in the page's language."""

    curie: str
    iri: str
    href: str
    label: str
    definition: str | None


def expand(curie: str) -> str:
    """The IRI of a prefixed name of coopgraph's prefixes (``cg:Transfer``)."""
    prefix, _, local = curie.partition(":")
    return prefixes()[prefix] + local


def named_terms(graph: Graph, lang: str, site: str) -> dict[str, NamedTerm]:
    """Every term of :data:`TERMS`, by prefixed name, labelled and defined from ``graph``."""
    named = {}
    for curie in TERMS:
        node = URIRef(expand(curie))
        named[curie] = NamedTerm(
            curie=curie,
            iri=str(node),
            href=presentation.href(str(node), site),
            label=presentation.label(graph, node, lang),
            definition=presentation.text_in(graph, node, presentation.DEFINITIONS, lang),
        )
    return named


def render_transfer(graph: Graph, lang: str, site: str, draw: Draw) -> str:
    """The page of the model of transfer: the model in plain words, its terms, its diagram."""
    terms = named_terms(graph, lang, site)
    return render_template(
        "doc_transfer.html",
        lang=lang,
        t=interface_words("pages", lang),
        site=site,
        terms=terms,
        classes=[terms[c] for c in CLASSES],
        properties=[terms[p] for p in PROPERTIES],
        phases=PHASES,
        outcomes=OUTCOMES,
        change_steps=CHANGE_STEPS,
        svg=inline_svg(draw(transfer_dot(terms, lang)), _WORDS[lang]["alt"]),
        example_query=EXAMPLE_QUERY,
    )


def inline_svg(svg: str, alternative: str) -> str:
    """``svg`` ready to sit inside an HTML page: no XML prologue, an image role and a label."""
    start = svg.index("<svg")
    label = html.escape(alternative, quote=True)
    return f'<svg role="img" aria-label="{label}"' + svg[start + len("<svg") :]


def transfer_dot(terms: dict[str, NamedTerm], lang: str) -> str:
    """The DOT description of the model: one cluster a phase, each step with its resistance."""
    words = _WORDS[lang]
    outcomes = "\n".join(terms[o].label for o in OUTCOMES)
    lines = [
        f"digraph {_quoted(words['alt'])} {{",
        f'  graph [fontname="{_FONT}" fontsize="13" rankdir="LR" newrank="true" nodesep="0.3" '
        'ranksep="0.4"]',
        f'  node [fontname="{_FONT}" fontsize="11" shape="box" style="rounded,filled" '
        'fillcolor="#ffffff"]',
        f'  edge [fontname="{_FONT}" fontsize="10" fontcolor="#333333"]',
        "  " + _node("element", words["element"], terms["cg:ReferentialElement"],
                     shape="ellipse", fillcolor=_ELEMENT_COLOUR, penwidth="2"),
        "  " + _node("outcome", f"{words['outcome']}\n\n{outcomes}", terms["cg:TransferOutcome"],
                     fillcolor=_OUTCOME_COLOUR),
    ]  # fmt: skip
    inside = (
        ("experience", words["experience"], "cg:Experience", "ellipse"),
        ("device", words["device"], "cg:ReflexiveDevice", "note"),
        ("actors", words["actors"], "cg:TerritorialCollective", "house"),
    )
    tasks = (words["draw_out"], words["appropriate"], words["reread"])
    for number, (phase, task, extra) in enumerate(zip(PHASES, tasks, inside, strict=True), 1):
        lines += _phase(number, terms, phase, task, extra, words["resistance"])
    lines += [
        _edge("experience", "step1"),
        _edge("step1", "element", words["yields"]),
        _edge("element", "step2", words["taken_up"]),
        _edge("device", "step2", words["through"], style="dotted"),
        _edge("step2", "step3"),
        _edge("actors", "step3", words["with"], style="dotted"),
        _edge("step3", "outcome"),
        *(_edge(f"step{n}", f"resistance{n}", words["meets"], style="dashed") for n in (1, 2, 3)),
        "}",
    ]
    return "\n".join(lines) + "\n"


def _phase(
    number: int,
    terms: dict[str, NamedTerm],
    phase: str,
    task: str,
    extra: tuple[str, str, str, str],
    resistance: str,
) -> list[str]:
    """One phase's cluster: its own node (experience, device or actors), its step, resistance."""
    name, label, curie, shape = extra
    colour = _PHASE_COLOURS[number - 1]
    concept = terms[phase]
    met = _node(f"resistance{number}", resistance, terms["cg:Resistance"], shape="octagon",
                fillcolor=_RESISTANCE_COLOUR)  # fmt: skip
    return [
        f"  subgraph cluster_phase{number} {{",
        f"    label={_quoted(f'{number}. {concept.label}')} URL={_quoted(concept.href)} "
        f'tooltip={_quoted(concept.curie)} style="rounded,filled" fillcolor="{colour}" '
        'color="#555555"',
        "    " + _node(name, label, terms[curie], shape=shape),
        "    " + _node(f"step{number}", task, terms["cg:TransferStep"]),
        "    " + met,
        f"    {{rank=same; {name}; step{number}; resistance{number}}}",
        "  }",
    ]


def _node(name: str, label: str, term: NamedTerm, **attributes: str) -> str:
    """A node that links to ``term``'s page, its prefixed name as tooltip."""
    given = {"label": label, "URL": term.href, "tooltip": term.curie, **attributes}
    return f"{name} [{' '.join(f'{k}={_quoted(v)}' for k, v in given.items())}]"


def _edge(source: str, target: str, label: str = "", **attributes: str) -> str:
    given = {"label": label, **attributes} if label else attributes
    listed = " ".join(f"{k}={_quoted(v)}" for k, v in given.items())
    return f"  {source} -> {target} [{listed}]"


def _quoted(text: str) -> str:
    """``text`` as a DOT quoted string; a line break becomes DOT's centred ``\\n``."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
