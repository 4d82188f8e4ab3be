// The audience's screen: one step at a time, large, with the controls, the progress and the
// quiet timer around it. It never shows teaching notes (they go to the notes window).

import { el, list } from "./dom.mjs";
import { fill } from "./steps.mjs";

export function createView(data, handlers) {
  const t = (key, values) => fill(data.labels[key], values);
  const root = el("div", "cb-presenter", null, {
    role: "dialog",
    "aria-modal": "true",
    "aria-label": t("presenter.dialog", { title: data.title }),
    lang: data.lang,
  });
  const top = el("div", "cb-presenter__bar cb-presenter__bar--top");
  const where = el("p", "cb-presenter__where");
  const timer = el("p", "cb-presenter__timer", null, { role: "timer", "aria-label": t("presenter.timer.label") });
  timer.hidden = true;
  const fullscreen = el("button", "cb-presenter__button", t("presenter.fullscreen"), { type: "button" });
  const exit = el("button", "cb-presenter__button cb-presenter__exit", t("presenter.exit"), {
    type: "button",
    "aria-label": t("presenter.exit.label"),
  });
  const notes = el("button", "cb-presenter__button cb-presenter__notes", t("presenter.notes"), {
    type: "button",
    "aria-label": t("presenter.notes.label"),
  });
  notes.hidden = !data.cases.some((item) => item.notes);
  top.append(where, timer, notes, fullscreen, exit);

  const slide = el("section", "cb-presenter__slide", null, { tabindex: "-1", "aria-roledescription": "slide" });

  const bottom = el("div", "cb-presenter__bar cb-presenter__bar--bottom");
  const previous = el("button", "cb-presenter__button", `← ${t("presenter.previous")}`, { type: "button" });
  const progress = el("progress", "cb-presenter__progress", null, { "aria-hidden": "true" });
  const count = el("p", "cb-presenter__count");
  const reveal = el("button", "cb-presenter__button cb-presenter__reveal", t("presenter.reveal"), { type: "button" });
  const option = el("label", "cb-presenter__option");
  const showAll = el("input", "", null, { type: "checkbox" });
  option.append(showAll, ` ${t("presenter.show_outcomes")}`);
  const next = el("button", "cb-presenter__button cb-presenter__next", `${t("presenter.next")} →`, { type: "button" });
  const keys = el("p", "cb-presenter__keys", t("presenter.keys"));
  const message = el("p", "cb-presenter__message", null, { role: "alert" });
  bottom.append(previous, progress, count, reveal, option, next, keys, message);

  // Announced to screen readers at each step: where the room is, in words.
  const live = el("p", "cb-presenter__live", null, { "aria-live": "polite", "aria-atomic": "true" });
  root.append(top, slide, bottom, live);

  previous.addEventListener("click", () => handlers.action("previous"));
  next.addEventListener("click", () => handlers.action("next"));
  reveal.addEventListener("click", () => handlers.action("reveal"));
  exit.addEventListener("click", () => handlers.action("exit"));
  fullscreen.addEventListener("click", () => handlers.fullscreen());
  notes.addEventListener("click", () => handlers.notes());
  showAll.addEventListener("change", () => handlers.showAll(showAll.checked));

  function outcomeBox(moment, shown) {
    if (!shown) return el("p", "cb-presenter__outcome cb-presenter__outcome--hidden", `? ${t("presenter.hidden")}`);
    const box = el("p", `cb-presenter__outcome cb-presenter__outcome--${moment.outcome}`);
    box.append(el("span", "cb-presenter__symbol", moment.symbol, { "aria-hidden": "true" }), ` ${moment.outcomeLabel}`);
    return box;
  }

  /** Put ``state``'s step on screen; returns what the live region says. */
  function render(state, shown) {
    const step = state.steps[state.index];
    const item = data.cases[step.caseIndex];
    const total = data.cases.length;
    const caseLine = total > 1 ? `${t("presenter.case", { number: step.caseIndex + 1, total })} · ` : "";
    where.textContent = `${caseLine}${item.number} · ${item.company}`;
    slide.replaceChildren();
    slide.dataset.kind = step.kind;
    let heading;
    if (step.kind === "title") {
      heading = item.title;
      slide.append(el("p", "cb-presenter__kicker", `${item.number} · ${item.company}`), el("h2", "cb-presenter__title", heading));
      if (total > 1) slide.append(el("p", "cb-presenter__sub", t("presenter.case", { number: step.caseIndex + 1, total })));
    } else if (step.kind === "moment") {
      const moment = item.moments[step.momentIndex];
      heading = `${t("presenter.moment", { number: step.momentIndex + 1, total: item.moments.length })}: ${moment.stage} · ${moment.touchpoint}`;
      slide.append(
        el("p", "cb-presenter__kicker", t("presenter.moment", { number: step.momentIndex + 1, total: item.moments.length })),
        el("h2", "cb-presenter__where-heading", `${moment.stage} · ${moment.touchpoint}`),
        el("p", "cb-presenter__text", moment.text),
        outcomeBox(moment, shown),
      );
      // On a small screen the outcome may be below a long moment: bring it into view.
      if (shown) slide.lastChild.scrollIntoView({ block: "nearest" });
      if (shown) heading += `. ${moment.outcomeLabel}`;
    } else {
      heading = t(step.kind === "lessons" ? "presenter.lessons" : "presenter.questions");
      slide.append(
        el("p", "cb-presenter__kicker", item.title),
        el("h2", "cb-presenter__heading", heading),
        list(step.kind === "lessons" ? "ul" : "ol", "cb-presenter__list", step.kind === "lessons" ? item.lessons : item.questions),
      );
    }
    const stepText = t("presenter.step", { step: state.index + 1, total: state.steps.length });
    progress.max = state.steps.length;
    progress.value = state.index + 1;
    count.textContent = stepText;
    previous.disabled = state.index === 0;
    next.disabled = state.index === state.steps.length - 1 && (step.kind !== "moment" || shown);
    reveal.hidden = step.kind !== "moment" || shown;
    showAll.checked = state.showAll;
    const announcement = `${stepText}. ${heading}`;
    live.textContent = announcement;
    return announcement;
  }

  return {
    root,
    slide,
    render,
    showTimer(seconds, part, clock) {
      timer.hidden = false;
      timer.textContent = t("presenter.timer", { elapsed: clock(seconds), planned: part.planned });
      timer.classList.toggle("cb-presenter__timer--over", seconds > part.seconds);
    },
    hideTimer() {
      timer.hidden = true;
    },
    setFullscreen(active) {
      fullscreen.hidden = active || !root.requestFullscreen;
    },
    say(text) {
      message.textContent = text;
    },
  };
}
