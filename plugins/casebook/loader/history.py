"""Which case files the main branch already holds: the older claim when two files share a number.

Asked only when two files claim the same number, so a check of a library without
a clash never runs git.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

#: The branches that count as published, in the order they are tried.
MAIN_BRANCHES = ("main", "origin/main")


def files_on_main(folder: Path) -> set[Path] | None:
    """The files of ``folder`` (resolved paths) on the main branch, or None when git cannot tell.

    None means: not a git repository, no git, or no main branch.
    """
    folder = folder.resolve()
    for branch in MAIN_BRANCHES:
        try:
            found = subprocess.run(
                ["git", "ls-tree", "--name-only", "--full-name", "-r", branch, "--", "."],
                cwd=folder,
                capture_output=True,
                text=True,
                check=False,
                timeout=10,
            )
            top = subprocess.run(
                ["git", "rev-parse", "--show-toplevel"],
                cwd=folder,
                capture_output=True,
                text=True,
                check=False,
                timeout=10,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        if found.returncode == 0 and top.returncode == 0:
            root = Path(top.stdout.strip())
            return {(root / name).resolve() for name in found.stdout.splitlines()}
    return None
