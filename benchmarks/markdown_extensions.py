"""What one Markdown extension costs MkDocs: convert every page of a tree with and without it.

A benchmark, not a test. It reads the ``markdown_extensions`` of the ``mkdocs.yml``
that ``casebook render`` writes, converts every ``.md`` page of its ``docs/`` with Python-Markdown
as MkDocs would (front matter removed, one ``Markdown`` instance per page),
once with those extensions and once with ``--extension`` added or left out,
alternating ``--repeat`` times. It prints the median seconds of each and how
many pages came out different:

    casebook render --out /tmp/tree                      # the pages of a library, as Markdown
    python benchmarks/markdown_extensions.py /tmp/tree --extension md_in_html

MkDocs adds its own processors to each conversion; they are the same on both
sides, so they are left out here.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path
from typing import Any

import markdown
import yaml

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def _extensions(config_file: Path) -> tuple[list[str], dict[str, Any]]:
    """The extension names and their options, as the tree's ``mkdocs.yml`` lists them."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    names: list[str] = []
    options: dict[str, Any] = {}
    for entry in config.get("markdown_extensions", []):
        if isinstance(entry, dict):
            (name, settings), *_ = entry.items()
            names.append(name)
            options[name] = settings or {}
        else:
            names.append(entry)
    return names, options


def _convert_all(pages: list[str], names: list[str], options: dict[str, Any]) -> tuple[float, list[str]]:
    start = time.perf_counter()
    html = [markdown.Markdown(extensions=names, extension_configs=options).convert(page) for page in pages]
    return time.perf_counter() - start, html


def main() -> None:
    """Time the conversion of a tree's pages with and without one extension."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("tree", type=Path, help="a folder written by casebook render (mkdocs.yml, docs/)")
    parser.add_argument("--extension", required=True, help="the extension to compare, e.g. md_in_html")
    parser.add_argument("--repeat", type=int, default=3, help="conversions of each kind (default: 3)")
    args = parser.parse_args()

    names, options = _extensions(args.tree / "mkdocs.yml")
    with_it = names if args.extension in names else [*names, args.extension]
    without = [name for name in names if name != args.extension]
    files = sorted((args.tree / "docs").rglob("*.md"))
    pages = [_FRONT_MATTER.sub("", file.read_text(encoding="utf-8")) for file in files]
    size = sum(map(len, pages)) / 1e6
    print(f"{len(pages)} pages, {size:.1f} MB of Markdown; other extensions: {', '.join(without)}")
    seconds: dict[bool, list[float]] = {True: [], False: []}
    outputs: dict[bool, list[str]] = {}
    for _ in range(args.repeat):
        for included in (True, False):
            elapsed, outputs[included] = _convert_all(pages, with_it if included else without, options)
            seconds[included].append(elapsed)
    different = [str(file) for file, a, b in zip(files, outputs[True], outputs[False], strict=True) if a != b]
    median_with, median_without = statistics.median(seconds[True]), statistics.median(seconds[False])
    print(f"with {args.extension}: {median_with:.2f} s, without: {median_without:.2f} s (medians)")
    print(f"pages whose HTML differs: {len(different)}", *different[:10], sep="\n  ")
    print(
        f"extension={args.extension} with_s={median_with:.2f} without_s={median_without:.2f} "
        f"ratio={median_with / median_without:.2f} different_pages={len(different)}"
    )


if __name__ == "__main__":
    main()
