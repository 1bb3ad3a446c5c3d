"""What every HTML answer needs: the site prefix of links, the page context, the language.

Pages link within the deployment (``site`` + path), speak the language ``?lang=`` or
Accept-Language chose (:func:`request_language`), and say it in ``Content-Language`` with the
headers they vary on (:func:`localised`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Query, Request, Response

from coopgraph.languages import LANGUAGES, interface_words, pick_language

LangQuery = Annotated[str | None, Query(description="fr or en: overrides Accept-Language.")]
"""The ``?lang=`` of a page."""


def site_of(request: Request, public_base: str | None) -> str:
    """The prefix of links on this deployment: COOPGRAPH_PUBLIC_BASE, or the root path."""
    if public_base:
        return public_base.rstrip("/")
    return str(request.scope.get("root_path", "")).rstrip("/")


def request_language(request: Request, *choices: str | None) -> str:
    """The first of ``choices`` that is fr or en, else Accept-Language's choice; French first."""
    chosen = next((choice for choice in choices if choice in LANGUAGES), None)
    return pick_language(request.headers.get("accept-language"), chosen)


def page_context(lang: str, site: str) -> dict[str, object]:
    """What every page template needs: language, interface words, site prefix."""
    return {"lang": lang, "t": interface_words("pages", lang), "site": site}


def localised(response: Response, lang: str, vary: str = "Accept-Language") -> Response:
    """The response, saying its language and what it varies on."""
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = vary
    return response


@dataclass(frozen=True)
class Alternate:
    """A link to another representation of a page (attributes: Jinja reads them at no cost)."""

    href: str
    type: str
    name: str
    rel: str = "alternate"
