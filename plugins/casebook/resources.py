"""Where the files shipped inside the package live."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).parent
DATA_DIR = PACKAGE_DIR / "data"
TAXONOMY_DIR = DATA_DIR / "taxonomy"
SCHEMA_DIR = PACKAGE_DIR / "schemas"
#: Jinja templates that write the generated pages (Markdown with HTML blocks).
PAGE_TEMPLATES_DIR = PACKAGE_DIR / "templates" / "pages"
#: Theme overrides added in front of Material's templates (behind ``custom_dir``).
THEME_DIR = PACKAGE_DIR / "templates" / "theme"
#: Templates of the files that ``casebook new`` writes.
SCAFFOLD_TEMPLATES_DIR = PACKAGE_DIR / "templates" / "scaffold"
