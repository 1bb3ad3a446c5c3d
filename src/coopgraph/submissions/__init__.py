"""Submissions: the steward workflow, from a validated upload to a published, recorded version.

Owns publishing a territory's description atomically and rolling it back (``workflow``), the
PROV-O record of each publication (``provenance``), the archive of every published version as
canonical N-Triples, with diffs and RDF Patch (``versions``), and the audit line of every
accepted write (``audit``).
"""

from coopgraph.submissions.audit import merge_audit, record_restore, record_write
from coopgraph.submissions.provenance import Version
from coopgraph.submissions.versions import canonical, compare, rdf_patch, render_version
from coopgraph.submissions.workflow import (
    Workspace,
    check_ownership,
    history,
    rollback,
    submission_status,
    submit,
    territory_iri,
    version_changes,
    version_ntriples,
)

__all__ = [
    "Version",
    "Workspace",
    "canonical",
    "check_ownership",
    "compare",
    "history",
    "merge_audit",
    "rdf_patch",
    "record_restore",
    "record_write",
    "render_version",
    "rollback",
    "submission_status",
    "submit",
    "territory_iri",
    "version_changes",
    "version_ntriples",
]
