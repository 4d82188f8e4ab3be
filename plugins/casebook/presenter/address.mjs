// The step in the address (#step-7, counted from 1), so that a reload or a shared link
// resumes there. The address is replaced, not pushed: the browser's Back leaves the page,
// not the last slide.

const STEP = /^#step-([1-9][0-9]{0,5})$/;

/** The step index (from 0) that ``hash`` names, or null when it names none of ``total``. */
export function stepFromHash(hash, total) {
  const found = STEP.exec(hash);
  if (!found) return null;
  return Math.min(Number(found[1]), total) - 1;
}

export function writeStep(index) {
  history.replaceState(history.state, "", `#step-${index + 1}`);
}

export function clearStep() {
  history.replaceState(history.state, "", location.pathname + location.search);
}
