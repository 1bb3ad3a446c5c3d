"""The steward's browser workspace: GET /steward (the page) and POST
/territories/{kind}/{code}/preview (what a submission would change, publishing nothing).

The page checks a file against the shapes (POST /validate), previews the change, publishes
(POST /submissions) and lists the territory's versions, diffs and rollbacks; its script,
``/static/site/workspace.js``, keeps the steward's token in the tab's sessionStorage and sends
it as ``Authorization: Bearer``, never in a URL or a cookie.

The preview parses and validates the body in the validation workers like a submission, then
compares its canonical N-Triples with the territory's newest version: the triples it adds,
removes, and the values it changes (one triple of a subject and property replaced by one
other), each term with its label in the reader's language (the submission's own labels
first, then the store's). Ownership is judged as for a submission (a 403 naming the
statement). Nothing is written: no version, no graph, no audit line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Identifier, Node

from coopgraph import formats
from coopgraph.access import Identity, require_territory
from coopgraph.errors import InputError
from coopgraph.iris import CONCEPT_BASE, TERM_BASE
from coopgraph.languages import interface_words
from coopgraph.questions import iri_labels
from coopgraph.store import Store
from coopgraph.submissions import (
    Workspace,
    canonical,
    check_ownership,
    compare,
    history,
    territory_iri,
    version_ntriples,
)
from coopgraph.validation import Checked, Upload
from coopgraph.web.deps import IdentityDep, SettingsDep, ValidatorDep, WorkspaceDep
from coopgraph.web.html import LangQuery, localised, page_context, request_language, site_of
from coopgraph.web.sparql_protocol import read_body
from coopgraph.web.templating import templates

router = APIRouter(tags=["Stewards"])

Triple = tuple[Node, Node, Node]
_LABELLED_BY = (SKOS.prefLabel, RDFS.label)
_PREFIXES = Graph()  # rdflib's usual prefixes (rdfs, skos, prov, time...), and coopgraph's
_PREFIXES.bind("cg", TERM_BASE)
_PREFIXES.bind("ref", CONCEPT_BASE)


@router.get("/steward", summary="The steward's workspace", response_class=Response)
async def workspace_page(
    request: Request, settings: SettingsDep, lang: LangQuery = None
) -> Response:
    """Check, preview and publish a territory's description; its versions and rollbacks."""
    chosen = request_language(request, lang)
    words = interface_words("workspace", chosen)
    context = {**page_context(chosen, site_of(request, settings.public_base)), "w": words}
    response = templates.TemplateResponse(request, "steward.html", context)
    response.headers["Cache-Control"] = "no-store"
    return localised(response, chosen)


@router.post(
    "/territories/{territory:path}/preview", summary="What a submission would change (nothing kept)"
)
async def preview_submission(
    request: Request,
    territory: str,
    identity: IdentityDep,
    validator: ValidatorDep,
    space: WorkspaceDep,
    lang: LangQuery = None,
) -> Response:
    """The triples the body would add to the territory's newest version, remove from it and
    change in it, with labels; whether it conforms. Nothing is published or stored."""
    iri = territory_iri(territory)
    require_territory(identity, iri)
    language = request_language(request, lang)
    media_type = formats.submitted_media_type(request.headers.get("content-type"))
    body = await read_body(request, space.limit, "submission")
    checked = await validator.check([Upload(body, media_type, "body")])
    document = await run_in_threadpool(preview, space, identity, iri, checked, language)
    return JSONResponse(document, headers={"Content-Language": language})


def preview(
    space: Workspace, identity: Identity, territory: str, checked: Checked, lang: str
) -> dict[str, Any]:
    """What publishing ``checked`` would change in the territory, as labelled JSON; a 403
    naming the statement where publishing it would be refused for ownership."""
    versions = history(space, territory)
    published = version_ntriples(space, territory, versions[-1].number) if versions else b""
    submitted = checked.submission.graph
    if len(submitted) == 0:
        raise InputError(
            "the submission holds no triples: nothing to preview / la soumission ne contient "
            "aucun triplet : rien à prévisualiser"
        )
    check_ownership(space, identity, territory, submitted)
    changes = compare(published, canonical(submitted))
    added, removed = _triples(changes.added), _triples(changes.removed)
    changed = _changed_values(added, removed)
    pairs = {(s, p) for s, p, _o in changed}
    added = [t for t in added if (t[0], t[1]) not in pairs]
    removed = [t for t in removed if (t[0], t[1]) not in pairs]
    names = _labels(space.store, submitted, [*added, *removed, *changed], lang)
    return {
        "territory": territory,
        "version": versions[-1].number if versions else None,
        "conforms": checked.report.conforms,
        "counts": {s: checked.report.count(s) for s in ("Violation", "Warning", "Info")},
        "added": [_item(t, names) for t in added],
        "removed": [_item(t, names) for t in removed],
        "changed": [_change(s, p, values, names) for s, p, values in changed],
    }


def _triples(lines: list[str]) -> list[Triple]:
    """N-Triples lines read back as terms, sorted by subject, property, value."""
    graph = Graph()
    if lines:
        graph.parse(data="\n".join(lines) + "\n", format="nt")
    return sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))


def _changed_values(
    added: list[Triple], removed: list[Triple]
) -> list[tuple[Node, Node, tuple[Node, Node]]]:
    """(subject, property, (old value, new value)) where exactly one value was replaced."""
    new: defaultdict[tuple[Node, Node], list[Node]] = defaultdict(list)
    old: defaultdict[tuple[Node, Node], list[Node]] = defaultdict(list)
    for s, p, o in added:
        new[(s, p)].append(o)
    for s, p, o in removed:
        old[(s, p)].append(o)
    return [
        (s, p, (old[(s, p)][0], values[0]))
        for (s, p), values in new.items()
        if len(values) == 1 and len(old.get((s, p), [])) == 1
    ]


def _labels(
    store: Store, submitted: Graph, triples: Sequence[tuple[Node, Node, Any]], lang: str
) -> dict[Node, str]:
    """The label of each IRI the triples name: the submission's own, else the store's."""
    iris: list[Identifier] = list(dict.fromkeys(t for triple in triples for t in _terms(triple)))
    found: dict[Node, str] = {
        iri: str(label) for iri, label in iri_labels(store, iris, lang).items()
    }
    blank = (t for triple in triples for t in triple if isinstance(t, BNode))
    found |= {node: f"_:b{n}" for n, node in enumerate(dict.fromkeys(blank), start=1)}
    for iri in iris:
        own = _best([o for p in _LABELLED_BY for o in submitted.objects(iri, p)], lang)
        if own is not None:
            found[iri] = own
    return found


def _terms(triple: tuple[Node, Node, Any]) -> Iterable[URIRef]:
    for term in triple:
        values = term if isinstance(term, tuple) else (term,)
        yield from (value for value in values if isinstance(value, URIRef))


def _best(labels: list[Node], lang: str) -> str | None:
    """The label in ``lang``, else one without a language, else any."""
    literals = [label for label in labels if isinstance(label, Literal)]
    for wanted in (lang, None):
        for label in literals:
            if label.language == wanted:
                return str(label)
    return str(literals[0]) if literals else None


def _term(term: Node, names: dict[Node, str]) -> dict[str, Any]:
    """A term as the page shows it: its text, its label, and what it is."""
    if isinstance(term, Literal):
        return {"value": str(term), "label": str(term), "kind": "literal",
                "language": term.language}  # fmt: skip
    kind = "blank" if isinstance(term, BNode) else "iri"
    return {"value": str(term), "label": names.get(term) or _prefixed(term), "kind": kind}


def _prefixed(term: Node) -> str:
    """An unlabelled IRI as a prefixed name where a usual prefix fits (``rdfs:label``)."""
    written = _PREFIXES.namespace_manager.normalizeUri(term) if isinstance(term, URIRef) else ""
    return str(term) if not written or written.startswith("<") else written


def _item(triple: Triple, names: dict[Node, str]) -> dict[str, Any]:
    subject, predicate, value = (_term(t, names) for t in triple)
    return {"subject": subject, "predicate": predicate, "object": value}


def _change(
    subject: Node, predicate: Node, values: tuple[Node, Node], names: dict[Node, str]
) -> dict[str, Any]:
    return {
        "subject": _term(subject, names),
        "predicate": _term(predicate, names),
        "before": _term(values[0], names),
        "after": _term(values[1], names),
    }
