"""The security policy every page ships: a Content-Security-Policy and a Referrer-Policy.

Defence in depth behind :mod:`casebook.pages.inert`: were a value from a case file ever
to become markup, the browser would still run no script but the site's own files and
the inline scripts the build wrote (allowed one by one, by the hash of their text), load
nothing from another host, and send no address of a page to another site. The policy is
a ``<meta http-equiv>`` element, so it holds wherever the site is hosted, a folder on
disk included; its inline scripts differ from page to page (Material writes the way back
to the site's root into one), so every page gets the hashes of its own.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable

#: An inline script or style element and its text (a script's text cannot hold ``</script``).
_ELEMENT = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1\s*>", re.DOTALL | re.IGNORECASE)
#: A style attribute, as Python-Markdown writes it for an aligned table cell.
_STYLE_ATTRIBUTE = re.compile(r"""<[a-zA-Z][^>]*?\sstyle=(?:"([^"]*)"|'([^']*)')""")
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
#: Script types the browser runs; any other type (JSON, JSON-LD) is data, never run.
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
_HEAD = re.compile(r"<head\b[^>]*>(\s*<meta charset=[^>]*>)?", re.IGNORECASE)

#: Where a page may get each kind of thing from. Scripts, styles and fonts come from the site
#: only; Pagefind compiles its WebAssembly (``wasm-unsafe-eval``, not ``unsafe-eval``); images
#: are the site's own or ``data:`` (Material's icons in its CSS).
BASE_POLICY = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'", "'wasm-unsafe-eval'")),
    ("style-src", ("'self'",)),
    ("img-src", ("'self'", "data:")),
    ("font-src", ("'self'",)),
    ("connect-src", ("'self'",)),
    ("worker-src", ("'self'",)),
    ("frame-src", ("'none'",)),
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
)
#: A reader's next page on another site learns nothing of where they came from.
REFERRER_POLICY = "same-origin"


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(html: str, runtime_scripts: Iterable[str] = ()) -> str:
    """The Content-Security-Policy of the page ``html``: the base policy and its inline code's hashes.

    ``runtime_scripts`` are inline scripts that the page's own code writes as it runs (the
    offline site's worker shim writes one into a frame, which inherits the page's policy).
    """
    scripts: list[str] = [_hash(text) for text in runtime_scripts]
    styles: list[str] = []
    for match in _ELEMENT.finditer(html):
        tag, attributes, text = match[1].lower(), match[2], match[3]
        if tag == "style":
            styles.append(_hash(text))
            continue
        found = _TYPE.search(attributes)
        if _SRC.search(attributes) is None and (found[1].lower() if found else "") in _SCRIPT_TYPES:
            scripts.append(_hash(text))
    attributes = [
        _hash(match[1] if match[1] is not None else match[2]) for match in _STYLE_ATTRIBUTE.finditer(html)
    ]
    directives = []
    for name, sources in BASE_POLICY:
        extra: Iterable[str] = scripts if name == "script-src" else styles if name == "style-src" else ()
        directives.append(" ".join((name, *sources, *sorted(set(extra)))))
    # An aligned table cell has a style attribute: allowed by its hash, and no other.
    styled = ("'unsafe-hashes'", *sorted(set(attributes))) if attributes else ("'none'",)
    directives.append(" ".join(("style-src-attr", *styled)))
    return "; ".join(directives)


def with_security_policy(html: str, runtime_scripts: Iterable[str] = ()) -> str:
    """``html`` with its Content-Security-Policy and Referrer-Policy first in its head.

    A page without a head (a fragment) is returned as it is. The policy comes before
    any script, so it covers them all.
    """
    head = _HEAD.search(html)
    if head is None:
        return html
    policy = content_security_policy(html, runtime_scripts)
    meta = (
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        f'<meta name="referrer" content="{REFERRER_POLICY}">'
    )
    return html[: head.end()] + meta + html[head.end() :]


#: The frame document iframe-worker writes: its two helpers, then the worker's address.
_SHIM_FRAME = re.compile(r"<script>postMessage=\$\{(\w+)\};importScripts=\$\{(\w+)\};(.*?)<\\/script>")
#: Material's settings on a page, and the address of its search worker in them.
_MATERIAL_SETTINGS = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)


def iframe_worker_script(shim: str, worker_url: str) -> str:
    """The inline script that the iframe-worker shim (npm ``iframe-worker``) writes for ``worker_url``.

    On a page opened from disk, the shim runs a search worker in a frame, whose first
    script is made of two of the shim's functions and the worker's address: known at build
    time, so the page's policy can allow it by its hash like any other inline script.
    """
    found = _SHIM_FRAME.search(shim)
    if found is None:
        raise ValueError("the iframe-worker shim does not write the frame Casebook knows")
    post, imports, rest = found[1], found[2], found[3]
    return f"postMessage={_function(shim, post)};importScripts={_function(shim, imports)};" + rest.replace(
        "${e}", worker_url
    )


def _function(source: str, name: str) -> str:
    """The text of the function ``name`` in minified ``source``, as the browser's toString gives it."""
    start = source.index(f"function {name}(")
    depth, index = 0, source.index("{", start)
    while True:
        depth += {"{": 1, "}": -1}.get(source[index], 0)
        if depth == 0:
            return source[start : index + 1]
        index += 1


def search_worker_url(html: str, worker: str) -> str | None:
    """The address of the search worker on the page ``html``: Material's, with the file ``worker``.

    The same as ``main.html``'s script does to Material's settings as the page loads.
    """
    found = _MATERIAL_SETTINGS.search(html)
    if found is None:
        return None
    material = str(json.loads(found[1]).get("search", ""))
    return re.sub(r"[^/]*$", worker, material, count=1)
