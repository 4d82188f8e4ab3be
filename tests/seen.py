"""What a person sees: an element counts as visible only where a click on it would land on it.

Playwright's ``to_be_visible`` counts an element at opacity 0, off screen or under
another element as visible; a person cannot see or click it. These helpers hit-test
the middle of the element's part inside the viewport (of one of its boxes, for a link over
several lines) with ``document.elementFromPoint``
and check that no ancestor is transparent or hidden.
"""

from __future__ import annotations

import time

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator

#: True when a click at the middle of the element's visible part would reach it.
SEEN = """element => {
    for (let node = element; node; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (style.visibility !== "visible" || Number(style.opacity) === 0) return false;
    }
    // Each box of the element (a link has one per line it runs over), its part in the viewport.
    return [...element.getClientRects()].some((box) => {
        const left = Math.max(box.left, 0), right = Math.min(box.right, innerWidth);
        const top = Math.max(box.top, 0), bottom = Math.min(box.bottom, innerHeight);
        if (right - left < 1 || bottom - top < 1) return false;
        const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
        return hit !== null && (hit === element || element.contains(hit));
    });
}"""


def seen(locator: Locator) -> bool:
    """Whether a person sees the (first) element of ``locator`` now, without scrolling."""
    first = locator.first
    try:
        return first.count() > 0 and bool(first.evaluate(SEEN, timeout=2_000))
    except PlaywrightError:  # replaced or gone between the count and the test
        return False


def expect_seen(locator: Locator, timeout: float = 15_000) -> None:
    """Wait until a person sees the first element of ``locator``; fail after ``timeout`` ms.

    The locator is resolved again at each try: a page may replace the element meanwhile.
    """
    deadline = time.monotonic() + timeout / 1000
    while not seen(locator):
        if time.monotonic() > deadline:
            raise AssertionError(f"nobody sees {locator} within {timeout / 1000:g} s")
        locator.page.wait_for_timeout(100)
