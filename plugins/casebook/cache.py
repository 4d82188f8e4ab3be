"""The build cache on disk: what a later build may reuse, and the fingerprints that decide it.

A build leaves in ``.cache/casebook/`` (see the plugin's ``cache`` options):

- ``objects/ab/ab12…``: file contents by their SHA-256 (the Markdown of each generated
  page, and what the build wrote for it);
- ``manifest-<command>.json``: for the last build of ``mkdocs build`` or ``mkdocs serve``,
  its *key* (a digest of everything besides the library that can change an output), the
  digest of its *inputs* (every case, workshop and review file, and the day), and each
  generated page in order with the digests of its Markdown and of its output.

A later build with the same key reuses the output of every page whose Markdown is
unchanged; with the same inputs too, it reuses the Markdown and does not render at all.

Why this format: a cache may have been half written by a process that was stopped, or
restored in CI from a run of other code. JSON and plain bytes are read as data, never
run (a pickle would run code while it loads). Every object is checked against the digest
it is named by before it is used, and the manifest against a checksum of its own text;
anything that fails is ignored and built again, never trusted. Files are written under a
temporary name and renamed, so a reader never sees half a file under a real name.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

#: Changes when the layout of the cache changes: a cache of another format is ignored.
FORMAT = 1
_DIGEST = re.compile(r"[0-9a-f]{64}")
_MANIFEST = re.compile(r"manifest-[a-z]+\.json")


def digest(data: bytes) -> str:
    """The SHA-256 of ``data``, in hexadecimal."""
    return hashlib.sha256(data).hexdigest()


def fingerprint(parts: Mapping[str, object]) -> str:
    """One digest of ``parts`` (JSON values): equal parts, equal digest, in any process."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return digest(text.encode("ascii"))


@dataclass
class TreeDigests:
    """Digests of folders of files, each file hashed again only when its time or size changes.

    The digest is of the contents (a fresh checkout gives every file a new time: CI would
    never find its cache if times counted); the times only spare a dev server reading
    every file at every rebuild.
    """

    _files: dict[Path, tuple[tuple[int, int], str]] = field(default_factory=dict)

    def file(self, path: Path) -> str:
        """The digest of one file's contents."""
        stat = path.stat()
        signature = (stat.st_mtime_ns, stat.st_size)
        known = self._files.get(path)
        if known is None or known[0] != signature:
            known = self._files[path] = (signature, digest(path.read_bytes()))
        return known[1]

    def files(self, paths: Iterable[Path], root: Path) -> str:
        """One digest of ``paths`` (named relative to ``root``) and their contents."""
        return fingerprint({path.relative_to(root).as_posix(): self.file(path) for path in paths})

    def tree(self, folder: Path | None) -> str | None:
        """One digest of every file below ``folder`` (Python's caches left out); None if no folder."""
        if folder is None or not folder.is_dir():
            return None
        paths = sorted(
            path
            for path in folder.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
        )
        return self.files(paths, folder)


@dataclass(frozen=True)
class CachedPage:
    """One generated file of a build: source path, language, digests of its Markdown and output."""

    src_uri: str
    lang: str
    markdown: str
    #: None when the build did not write it (or wrote it with warnings).
    output: str | None = None


@dataclass
class Manifest:
    """What one build left: its key, its inputs' digest (None: not reusable as a whole), its pages."""

    key: str
    inputs: str | None
    pages: list[CachedPage]

    def to_json(self) -> str:
        """The manifest as JSON, with a checksum of the rest so that a damaged file is told apart."""
        body = {
            "format": FORMAT,
            "key": self.key,
            "inputs": self.inputs,
            "pages": [[page.src_uri, page.lang, page.markdown, page.output] for page in self.pages],
        }
        return json.dumps({"checksum": fingerprint(body), **body}, ensure_ascii=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Read a manifest; ValueError for anything that is not one, whole, of this format."""
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("another format")
        checksum = data.pop("checksum", None)
        if checksum != fingerprint(data):
            raise ValueError("checksum mismatch")
        key, inputs, rows = data.get("key"), data.get("inputs"), data.get("pages")
        if not _is_digest(key) or not (inputs is None or _is_digest(inputs)) or not isinstance(rows, list):
            raise ValueError("malformed")
        pages = []
        for row in rows:
            if not (isinstance(row, list) and len(row) == 4):
                raise ValueError("malformed page")
            src_uri, lang, markdown, output = row
            if not (isinstance(src_uri, str) and isinstance(lang, str) and _is_digest(markdown)):
                raise ValueError("malformed page")
            if not (output is None or _is_digest(output)):
                raise ValueError("malformed page")
            pages.append(CachedPage(src_uri, lang, markdown, output))
        return cls(str(key), inputs, pages)


def _is_digest(value: object) -> bool:
    return isinstance(value, str) and _DIGEST.fullmatch(value) is not None


class Store:
    """The cache folder: manifests by name and objects by digest, each checked when read."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.objects = root / "objects"

    def _object_path(self, name: str) -> Path:
        if not _is_digest(name):  # a name from a manifest never makes a path elsewhere
            raise ValueError(f"not a digest: {name!r}")
        return self.objects / name[:2] / name

    def read_manifest(self, command: str) -> Manifest | None:
        """The manifest the last build of ``command`` left, or None if there is none or it is damaged."""
        path = self.root / f"manifest-{command}.json"
        try:
            return Manifest.from_json(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            return None

    def write_manifest(self, command: str, manifest: Manifest) -> None:
        """Replace the manifest of ``command`` in one step (a reader sees the old one or the new one)."""
        self._write(self.root / f"manifest-{command}.json", manifest.to_json().encode("ascii"))

    def has(self, name: str) -> bool:
        """Whether an object of this digest is stored (not yet checked)."""
        return self._object_path(name).is_file()

    def put(self, data: bytes) -> str:
        """Store ``data`` and return its digest."""
        name = digest(data)
        path = self._object_path(name)
        if not path.is_file():
            self._write(path, data)
        return name

    def get(self, name: str) -> bytes | None:
        """The object of this digest if stored whole and unchanged, else None (a damaged one is deleted)."""
        path = self._object_path(name)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if digest(data) != name:
            path.unlink(missing_ok=True)  # so that the next build stores it whole again
            return None
        return data

    def restore(self, name: str, target: Path) -> bool:
        """Write the object of this digest to ``target``, if it is whole and unchanged; say whether."""
        data = self.get(name)
        if data is None:
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return True

    def collect_garbage(self) -> int:
        """Delete the objects no manifest names and any file left half written; return how many."""
        kept: set[str] = set()
        for path in self.root.glob("manifest-*.json"):
            if _MANIFEST.fullmatch(path.name):
                manifest = self.read_manifest(path.name.removeprefix("manifest-").removesuffix(".json"))
                for page in manifest.pages if manifest else ():
                    kept.add(page.markdown)
                    if page.output:
                        kept.add(page.output)
        removed = 0
        for path in self.objects.glob("*/*"):
            if path.name not in kept:
                path.unlink(missing_ok=True)
                removed += 1
        for path in self.root.glob("*.tmp"):
            path.unlink(missing_ok=True)
        return removed

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
