"""submissions"""

from coopgraph.submissions.audit import record
from coopgraph.submissions.provenance import Version
from coopgraph.submissions.versions import patch, render
from coopgraph.submissions.workflow import (
    Workspace,
    content,
    diff,
    history,
    rollback,
    status,
    submit,
    territory_iri,
)

__all__ = [
    "Version",
    "Workspace",
    "content",
    "diff",
    "history",
    "patch",
    "record",
    "render",
    "rollback",
    "status",
    "submit",
    "territory_iri",
]
