// The trainer's notes in a window of their own (window.open), as slide tools show speaker
// notes: the learning objectives, and for the case on screen its time, what to look for,
// where a good discussion gets to and how to close. The audience's screen never shows them.

import { el, list } from "./dom.mjs";
import { fill } from "./steps.mjs";

const NAME = "casebook-presenter-notes";

/** Open (or reuse) the notes window; null when the browser blocks it. */
export function openNotesWindow(data, stylesheet) {
  const t = (key, values) => fill(data.labels[key], values);
  const win = window.open("", NAME, "popup,width=760,height=860");
  if (!win) return null;
  const doc = win.document;
  doc.documentElement.lang = data.lang;
  doc.title = t("presenter.notes.title", { title: data.title });
  if (stylesheet && !doc.querySelector("link[rel=stylesheet]")) {
    doc.head.append(el("link", "", null, { rel: "stylesheet", href: stylesheet }));
  }
  const main = doc.createElement("main");
  main.className = "cb-notes-window";
  doc.body.replaceChildren(main);

  return {
    window: win,
    /** Show the notes of the step on screen. */
    update(step, heading) {
      const item = data.cases[step.caseIndex];
      const parts = [el("h1", "", doc.title)];
      if (data.draft) parts.push(el("p", "cb-notes-window__draft", t("workshop.notes.draft")));
      parts.push(el("p", "cb-notes-window__now", `${t("presenter.notes.now")}: ${heading}`));
      if (item.notes) {
        parts.push(el("h2", "", `${step.caseIndex + 1}. ${item.title}`));
        if (item.notes.minutes) parts.push(el("p", "", `${t("workshop.notes.minutes")}: ${item.notes.minutes}`));
        parts.push(el("h3", "", t("workshop.notes.look_for")), list("ul", "", item.notes.lookFor));
        parts.push(el("h3", "", t("workshop.notes.discussion")), list("ul", "", item.notes.discussion));
        parts.push(el("h3", "", t("workshop.notes.takeaway")), el("p", "", item.notes.takeaway));
      }
      if (data.objectives.length) {
        parts.push(el("h2", "", t("workshop.notes.objectives")), list("ul", "", data.objectives));
      }
      // Elements of this document, made by it: the window may belong to another document's realm.
      main.replaceChildren(...parts.map((node) => doc.importNode(node, true)));
    },
    close() {
      if (!win.closed) win.close();
    },
  };
}
