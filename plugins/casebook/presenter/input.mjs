// What a key or a swipe asks the presenter to do. Clickers send PageDown and PageUp; Space
// steps on unless a control has the focus and takes the key itself.

const KEYS = {
  ArrowRight: "next",
  PageDown: "next",
  ArrowLeft: "previous",
  PageUp: "previous",
  Home: "first",
  End: "last",
  Escape: "exit",
};

/** The action of a keydown event, or null. */
export function actionForKey(event) {
  if (event.altKey || event.ctrlKey || event.metaKey) return null;
  if (event.key === " ") {
    if (event.target.closest && event.target.closest("button, input, a, summary")) return null;
    return event.shiftKey ? "previous" : "next";
  }
  return KEYS[event.key] || null;
}

/** Swipes on ``element``: left is next, right is previous (a mostly sideways move of 50 px or more). */
export function listenForSwipes(element, onAction) {
  let start = null;
  element.addEventListener("touchstart", (event) => {
    const touch = event.changedTouches[0];
    start = event.touches.length === 1 ? { x: touch.clientX, y: touch.clientY } : null;
  }, { passive: true });
  // A sideways move is the presenter's: not the browser's back or forward gesture.
  element.addEventListener("touchmove", (event) => {
    if (!start) return;
    const touch = event.changedTouches[0];
    if (Math.abs(touch.clientX - start.x) > Math.abs(touch.clientY - start.y)) event.preventDefault();
  }, { passive: false });
  element.addEventListener("touchend", (event) => {
    if (!start) return;
    const touch = event.changedTouches[0];
    const dx = touch.clientX - start.x;
    const dy = touch.clientY - start.y;
    start = null;
    if (Math.abs(dx) >= 50 && Math.abs(dx) > 1.5 * Math.abs(dy)) onAction(dx < 0 ? "next" : "previous");
  }, { passive: true });
}
