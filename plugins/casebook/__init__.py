"""Casebook: a bilingual library of real customer-experience cases.

The core (``model``, ``loader``, ``index``, ``pages``) has no MkDocs import;
``casebook.plugin`` is the thin MkDocs adapter over it.
"""
