"""Casebook's data model: cases, their moments and sources, and the taxonomy."""

from casebook.model.case import Case, CaseEntry, Company, Moment, Source
from casebook.model.dates import PartialDate
from casebook.model.taxonomy import Taxonomy, Term
from casebook.model.text import Localized

__all__ = ["Case", "CaseEntry", "Company", "Localized", "Moment", "PartialDate", "Source", "Taxonomy", "Term"]
