"""Read cases and taxonomy from YAML, and check every rule a case file must follow."""

from casebook.loader.cases import Library, ReadCache, known_case_ids, load_cases, next_free_number, yaml_files
from casebook.loader.taxonomy import load_taxonomy
from casebook.loader.workshops import WorkshopSet, load_workshops

__all__ = [
    "Library",
    "ReadCache",
    "WorkshopSet",
    "known_case_ids",
    "load_cases",
    "load_taxonomy",
    "load_workshops",
    "next_free_number",
    "yaml_files",
]
