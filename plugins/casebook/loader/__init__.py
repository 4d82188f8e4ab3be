"""Read cases and taxonomy from YAML, and check every rule a case file must follow."""

from casebook.loader.cases import Library, case_files, load_cases, next_free_number
from casebook.loader.taxonomy import load_taxonomy

__all__ = ["Library", "case_files", "load_cases", "load_taxonomy", "next_free_number"]
