"""Validation: SHACL, from a steward's upload to the report in the format asked for.

Owns reading uploads (``uploads``), the shapes (``shapes``), what validation reads from the
store (``context``), running SHACL Core in pyshacl, its only import, and the SHACL-SPARQL rule
shapes in the store's engine (``shacl``, ``rules``, ``rule_queries``), the results and the one
sh:ValidationResult writer (``results``), the reports in every format (``reports``) and the
validation workers that do all this for the service (``sandbox``); the steward's spreadsheet
template (``sheets``, ``workbooks``), filled sheets read as RDF (``table_files``, ``tabular``,
``cells``, territories by name in ``territory_names``) and a published description written
back as a filled workbook (``filled_workbooks``).
"""

from coopgraph.validation.context import OFFICIAL_TERRITORY
from coopgraph.validation.filled_workbooks import write_filled_workbook
from coopgraph.validation.reports import (
    PLAIN_JSON,
    PLAIN_TEXT,
    choose_report_format,
    render_report,
    report_table_context,
    report_words,
)
from coopgraph.validation.results import Location, Report, Result, add_result
from coopgraph.validation.sandbox import Checked, Validator, open_validator
from coopgraph.validation.shacl import validate
from coopgraph.validation.shapes import Shapes, load_shapes
from coopgraph.validation.territory_names import with_findings
from coopgraph.validation.uploads import Upload, read_files, read_submission
from coopgraph.validation.workbooks import TEMPLATE_FORMATS, write_template

__all__ = [
    "OFFICIAL_TERRITORY",
    "PLAIN_JSON",
    "PLAIN_TEXT",
    "TEMPLATE_FORMATS",
    "Checked",
    "Location",
    "Report",
    "Result",
    "Shapes",
    "Upload",
    "Validator",
    "add_result",
    "choose_report_format",
    "load_shapes",
    "open_validator",
    "read_files",
    "read_submission",
    "render_report",
    "report_table_context",
    "report_words",
    "validate",
    "with_findings",
    "write_filled_workbook",
    "write_template",
]
