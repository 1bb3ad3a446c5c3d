"""validation"""

from coopgraph.validation.reports import (
    JSON,
    LANGUAGES,
    TEXT,
    choose_format,
    render,
    table_context,
    to_json,
    words,
)
from coopgraph.validation.results import Report, Result
from coopgraph.validation.sandbox import Checked, Validator, open_validator
from coopgraph.validation.shacl import Shapes, load_shapes, validate
from coopgraph.validation.uploads import Upload, read_files, read_submission

__all__ = [
    "JSON",
    "LANGUAGES",
    "TEXT",
    "Checked",
    "Report",
    "Result",
    "Shapes",
    "Upload",
    "Validator",
    "choose_format",
    "load_shapes",
    "open_validator",
    "read_files",
    "read_submission",
    "render",
    "table_context",
    "to_json",
    "validate",
    "words",
]
