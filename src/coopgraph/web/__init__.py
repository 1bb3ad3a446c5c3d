"""The HTTP face of coopgraph: FastAPI routes over the domain packages, thin.

Owns the app factory and its lifespan (``app``), the routes' dependencies and the services
opened once (``deps``), the one mapping of our errors to HTTP statuses (``http_errors``),
per-client fair share of the query workers (``fair_share``), what every HTML answer needs
(``html``), coopgraph's own headers (``headers``), the answer cache of Linked Data pages
(``page_cache``) and of /sparql and /api (``answer_cache``), reading SPARQL Protocol requests
(``sparql_protocol``) and stored-query requests (``api_requests``), their OpenAPI
(``api_docs``), FastAPI's templates (``templating``) and one router per resource (``routes/``,
none importing another). FastAPI and Starlette are imported here only; web may import every
package but ``cli``.
"""

from coopgraph.web.app import create_app

__all__ = [
    "create_app",
]
