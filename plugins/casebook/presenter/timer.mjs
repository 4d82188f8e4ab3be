// The quiet timer: time spent on the part of the plan that the case on screen belongs to,
// against the minutes the teaching notes give it. It starts when the part first shows and
// keeps running across the part's cases; it never announces itself (role="timer").

export function formatClock(seconds) {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}

export function createTimer(render, now = () => Date.now()) {
  const started = new Map();
  let part = null;
  let handle = null;
  const tick = () => {
    if (!part) return;
    render(Math.floor((now() - started.get(part.index)) / 1000), part);
  };
  return {
    /** Show the timer of ``nextPart`` (null: no timer, e.g. on a case page). */
    show(nextPart) {
      part = nextPart;
      if (part && !started.has(part.index)) started.set(part.index, now());
      if (part && handle === null) handle = setInterval(tick, 1000);
      if (!part && handle !== null) {
        clearInterval(handle);
        handle = null;
      }
      if (part) tick();
    },
    stop() {
      if (handle !== null) clearInterval(handle);
      handle = null;
      part = null;
    },
  };
}
