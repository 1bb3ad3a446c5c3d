"""Fixed diagrams written in DOT, laid out by Graphviz's ``dot`` as SVG.

:mod:`~coopgraph.questions.pictures` draws what a query found; a documentation page draws a
model that does not come from a query (the model of transfer, linked_data's ``transfer_doc``).
Graphviz may only be imported inside this package (docs/architecture.md), and linked_data sits
on the same floor, so linked_data writes its diagram as DOT text and the caller (a web route,
the ``docs`` command) hands it :func:`dot_svg`. A diagram depends on its page's language and
site only, so its layout is cached by source: ``dot`` runs once per language and site.
"""

from __future__ import annotations

from functools import lru_cache

import graphviz

from coopgraph.errors import InputError, StoreError


@lru_cache(maxsize=16)
def dot_svg(source: str) -> str:
    """The SVG text of the DOT description ``source``, laid out by ``dot``."""
    try:
        picture = graphviz.Source(source, engine="dot")
        drawn: str = picture.pipe(format="svg", encoding="utf-8", quiet=True)
    except graphviz.ExecutableNotFound as exc:
        raise StoreError(
            "Graphviz is not installed: diagrams need its `dot` program "
            "(Debian: apt-get install graphviz)"
        ) from exc
    except graphviz.CalledProcessError as exc:
        problem = exc.stderr if isinstance(exc.stderr, str) else bytes(exc.stderr or b"").decode()
        raise InputError(f"Graphviz could not lay out the DOT diagram: {problem.strip()}") from exc
    return drawn
