"""``python -m casebook``: the same as the ``casebook`` command."""

from casebook.cli import main

main(prog_name="casebook")
