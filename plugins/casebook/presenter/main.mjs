// Casebook's presenter: the Present control of case and workshop pages opens a full-screen
// view that steps through the page's cases (steps.mjs), one step at a time, from the data
// the page carries (#cb-presenter-data, made by pages/presenter.py). Keys, swipes and
// buttons move it (input.mjs); the address keeps the step (address.mjs); the timer
// (timer.mjs) and the notes window (notes-window.mjs) serve the trainer. Focus goes back
// where it was on exit.

import { clearStep, stepFromHash, writeStep } from "./address.mjs";
import { actionForKey, listenForSwipes } from "./input.mjs";
import { openNotesWindow } from "./notes-window.mjs";
import { apply, createState, outcomeShown } from "./state.mjs";
import { buildSteps } from "./steps.mjs";
import { createTimer, formatClock } from "./timer.mjs";
import { createView } from "./view.mjs";

const button = document.getElementById("cb-present");
const dataNode = document.getElementById("cb-presenter-data");
if (button && dataNode) {
  const data = JSON.parse(dataNode.textContent);
  const steps = buildSteps(data);
  const stylesheet = [...document.querySelectorAll('link[rel="stylesheet"]')]
    .map((link) => link.href)
    .find((href) => /casebook\.css(\?|$)/.test(href));
  let state = createState(steps);
  let view = null;
  let notes = null;
  let returnFocus = null;
  let lastHeading = "";
  let outside = [];
  const timer = createTimer((seconds, part) => view && view.showTimer(seconds, part, formatClock));

  const show = () => {
    lastHeading = view.render(state, outcomeShown(state));
    writeStep(state.index);
    const part = data.cases[steps[state.index].caseIndex].part;
    if (part) timer.show(part);
    else {
      timer.show(null);
      view.hideTimer();
    }
    if (notes && !notes.window.closed) notes.update(steps[state.index], lastHeading);
  };

  const close = () => {
    if (!view) return;
    timer.stop();
    if (notes) notes.close();
    notes = null;
    view.root.remove();
    view = null;
    for (const node of outside) node.inert = false;
    outside = [];
    document.documentElement.classList.remove("cb-presenting");
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    clearStep();
    (returnFocus && returnFocus.isConnected ? returnFocus : button).focus();
  };

  const act = (action) => {
    if (action === "exit") return close();
    state = apply(state, action);
    show();
  };

  const open = (index, fromGesture) => {
    if (view) return;
    returnFocus = document.activeElement;
    state = apply(createState(steps), "go", index);
    view = createView(data, {
      action: act,
      fullscreen: () => view.root.requestFullscreen().catch(() => {}),
      showAll: (checked) => {
        state = { ...state, showAll: checked };
        show();
      },
      notes: () => {
        notes = openNotesWindow(data, stylesheet);
        if (!notes) view.say(data.labels["presenter.notes.blocked"]);
        else show();
      },
    });
    // The page behind is out of reach while presenting: no focus, no reading, no clicks.
    outside = [...document.body.children].filter((node) => !node.inert);
    for (const node of outside) node.inert = true;
    document.body.append(view.root);
    document.documentElement.classList.add("cb-presenting");
    view.root.addEventListener("keydown", (event) => {
      const action = actionForKey(event);
      if (!action) return;
      event.preventDefault();
      act(action);
    });
    listenForSwipes(view.root, act);
    view.setFullscreen(false);
    // Full screen needs the reader's gesture: a reload at #step-N opens in the page instead,
    // with a "Full screen" button.
    if (fromGesture && view.root.requestFullscreen) view.root.requestFullscreen().catch(() => {});
    show();
    view.slide.focus();
  };

  document.addEventListener("fullscreenchange", () => {
    if (!view) return;
    const active = document.fullscreenElement === view.root;
    // Escape in full screen is the browser's own: leaving full screen leaves the presenter.
    if (!active && view.root.dataset.fullscreen === "1") return close();
    view.root.dataset.fullscreen = active ? "1" : "";
    view.setFullscreen(active);
  });

  // A link to another step of the same page (#step-9) goes there, open or not.
  window.addEventListener("hashchange", () => {
    const index = stepFromHash(location.hash, steps.length);
    if (index === null) return;
    if (!view) return open(index, false);
    state = apply(state, "go", index);
    show();
  });

  button.hidden = false;
  button.addEventListener("click", () => open(stepFromHash(location.hash, steps.length) ?? 0, true));
  const resume = stepFromHash(location.hash, steps.length);
  if (resume !== null) open(resume, false);
}
