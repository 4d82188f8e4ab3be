// Casebook's presenter, bundled by tools/presenter.mjs from plugins/casebook/presenter/: do not edit.
(() => {
  // plugins/casebook/presenter/address.mjs
  var STEP = /^#step-([1-9][0-9]{0,5})$/;
  function stepFromHash(hash, total) {
    const found = STEP.exec(hash);
    if (!found) return null;
    return Math.min(Number(found[1]), total) - 1;
  }
  function writeStep(index) {
    history.replaceState(history.state, "", `#step-${index + 1}`);
  }
  function clearStep() {
    history.replaceState(history.state, "", location.pathname + location.search);
  }

  // plugins/casebook/presenter/input.mjs
  var KEYS = {
    ArrowRight: "next",
    PageDown: "next",
    ArrowLeft: "previous",
    PageUp: "previous",
    Home: "first",
    End: "last",
    Escape: "exit"
  };
  function actionForKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return null;
    if (event.key === " ") {
      if (event.target.closest && event.target.closest("button, input, a, summary")) return null;
      return event.shiftKey ? "previous" : "next";
    }
    return KEYS[event.key] || null;
  }
  function listenForSwipes(element, onAction) {
    let start = null;
    element.addEventListener("touchstart", (event) => {
      const touch = event.changedTouches[0];
      start = event.touches.length === 1 ? { x: touch.clientX, y: touch.clientY } : null;
    }, { passive: true });
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

  // plugins/casebook/presenter/dom.mjs
  function el(tag, className = "", text = null, attributes = {}) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== null) node.textContent = text;
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    return node;
  }
  function list(tag, className, items) {
    const node = el(tag, className);
    for (const item of items) node.append(el("li", "", item));
    return node;
  }

  // plugins/casebook/presenter/steps.mjs
  function buildSteps(data) {
    const steps = [];
    data.cases.forEach((item, caseIndex) => {
      steps.push({ kind: "title", caseIndex });
      item.moments.forEach((moment, momentIndex) => steps.push({ kind: "moment", caseIndex, momentIndex }));
      if (item.lessons.length) steps.push({ kind: "lessons", caseIndex });
      if (item.questions.length) steps.push({ kind: "questions", caseIndex });
    });
    return steps;
  }
  function fill(text, values = {}) {
    return text.replace(/\{(\w+)\}/g, (whole, name) => name in values ? String(values[name]) : whole);
  }

  // plugins/casebook/presenter/notes-window.mjs
  var NAME = "casebook-presenter-notes";
  function openNotesWindow(data, stylesheet) {
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
        main.replaceChildren(...parts.map((node) => doc.importNode(node, true)));
      },
      close() {
        if (!win.closed) win.close();
      }
    };
  }

  // plugins/casebook/presenter/state.mjs
  function createState(steps) {
    return { steps, index: 0, revealed: false, showAll: false };
  }
  function outcomeShown(state) {
    return state.showAll || state.revealed;
  }
  function apply(state, action, index = 0) {
    const last = state.steps.length - 1;
    const onMoment = state.steps[state.index].kind === "moment";
    switch (action) {
      case "next":
        if (onMoment && !outcomeShown(state)) return { ...state, revealed: true };
        return state.index < last ? { ...state, index: state.index + 1, revealed: false } : state;
      case "previous":
        return state.index > 0 ? { ...state, index: state.index - 1, revealed: true } : state;
      case "first":
        return { ...state, index: 0, revealed: false };
      case "last":
        return { ...state, index: last, revealed: false };
      case "reveal":
        return { ...state, revealed: true };
      case "go":
        return { ...state, index: Math.max(0, Math.min(last, index)), revealed: false };
      default:
        return state;
    }
  }

  // plugins/casebook/presenter/timer.mjs
  function formatClock(seconds) {
    const minutes = Math.floor(seconds / 60);
    return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
  }
  function createTimer(render, now = () => Date.now()) {
    const started = /* @__PURE__ */ new Map();
    let part = null;
    let handle = null;
    const tick = () => {
      if (!part) return;
      render(Math.floor((now() - started.get(part.index)) / 1e3), part);
    };
    return {
      /** Show the timer of ``nextPart`` (null: no timer, e.g. on a case page). */
      show(nextPart) {
        part = nextPart;
        if (part && !started.has(part.index)) started.set(part.index, now());
        if (part && handle === null) handle = setInterval(tick, 1e3);
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
      }
    };
  }

  // plugins/casebook/presenter/view.mjs
  function createView(data, handlers) {
    const t = (key, values) => fill(data.labels[key], values);
    const root = el("div", "cb-presenter", null, {
      role: "dialog",
      "aria-modal": "true",
      "aria-label": t("presenter.dialog", { title: data.title }),
      lang: data.lang
    });
    const top = el("div", "cb-presenter__bar cb-presenter__bar--top");
    const where = el("p", "cb-presenter__where");
    const timer = el("p", "cb-presenter__timer", null, { role: "timer", "aria-label": t("presenter.timer.label") });
    timer.hidden = true;
    const fullscreen = el("button", "cb-presenter__button", t("presenter.fullscreen"), { type: "button" });
    const exit = el("button", "cb-presenter__button cb-presenter__exit", t("presenter.exit"), {
      type: "button",
      "aria-label": t("presenter.exit.label")
    });
    const notes = el("button", "cb-presenter__button cb-presenter__notes", t("presenter.notes"), {
      type: "button",
      "aria-label": t("presenter.notes.label")
    });
    notes.hidden = !data.cases.some((item) => item.notes);
    top.append(where, timer, notes, fullscreen, exit);
    const slide = el("section", "cb-presenter__slide", null, { tabindex: "-1", "aria-roledescription": "slide" });
    const bottom = el("div", "cb-presenter__bar cb-presenter__bar--bottom");
    const previous = el("button", "cb-presenter__button", `\u2190 ${t("presenter.previous")}`, { type: "button" });
    const progress = el("progress", "cb-presenter__progress", null, { "aria-hidden": "true" });
    const count = el("p", "cb-presenter__count");
    const reveal = el("button", "cb-presenter__button cb-presenter__reveal", t("presenter.reveal"), { type: "button" });
    const option = el("label", "cb-presenter__option");
    const showAll = el("input", "", null, { type: "checkbox" });
    option.append(showAll, ` ${t("presenter.show_outcomes")}`);
    const next = el("button", "cb-presenter__button cb-presenter__next", `${t("presenter.next")} \u2192`, { type: "button" });
    const keys = el("p", "cb-presenter__keys", t("presenter.keys"));
    const message = el("p", "cb-presenter__message", null, { role: "alert" });
    bottom.append(previous, progress, count, reveal, option, next, keys, message);
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
    function render(state, shown) {
      const step = state.steps[state.index];
      const item = data.cases[step.caseIndex];
      const total = data.cases.length;
      const caseLine = total > 1 ? `${t("presenter.case", { number: step.caseIndex + 1, total })} \xB7 ` : "";
      where.textContent = `${caseLine}${item.number} \xB7 ${item.company}`;
      slide.replaceChildren();
      slide.dataset.kind = step.kind;
      let heading;
      if (step.kind === "title") {
        heading = item.title;
        slide.append(el("p", "cb-presenter__kicker", `${item.number} \xB7 ${item.company}`), el("h2", "cb-presenter__title", heading));
        if (total > 1) slide.append(el("p", "cb-presenter__sub", t("presenter.case", { number: step.caseIndex + 1, total })));
      } else if (step.kind === "moment") {
        const moment = item.moments[step.momentIndex];
        heading = `${t("presenter.moment", { number: step.momentIndex + 1, total: item.moments.length })}: ${moment.stage} \xB7 ${moment.touchpoint}`;
        slide.append(
          el("p", "cb-presenter__kicker", t("presenter.moment", { number: step.momentIndex + 1, total: item.moments.length })),
          el("h2", "cb-presenter__where-heading", `${moment.stage} \xB7 ${moment.touchpoint}`),
          el("p", "cb-presenter__text", moment.text),
          outcomeBox(moment, shown)
        );
        if (shown) slide.lastChild.scrollIntoView({ block: "nearest" });
        if (shown) heading += `. ${moment.outcomeLabel}`;
      } else {
        heading = t(step.kind === "lessons" ? "presenter.lessons" : "presenter.questions");
        slide.append(
          el("p", "cb-presenter__kicker", item.title),
          el("h2", "cb-presenter__heading", heading),
          list(step.kind === "lessons" ? "ul" : "ol", "cb-presenter__list", step.kind === "lessons" ? item.lessons : item.questions)
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
      }
    };
  }

  // plugins/casebook/presenter/main.mjs
  var button = document.getElementById("cb-present");
  var dataNode = document.getElementById("cb-presenter-data");
  if (button && dataNode) {
    const data = JSON.parse(dataNode.textContent);
    const steps = buildSteps(data);
    const stylesheet = [...document.querySelectorAll('link[rel="stylesheet"]')].map((link) => link.href).find((href) => /casebook\.css(\?|$)/.test(href));
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
      if (document.fullscreenElement) document.exitFullscreen().catch(() => {
      });
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
        fullscreen: () => view.root.requestFullscreen().catch(() => {
        }),
        showAll: (checked) => {
          state = { ...state, showAll: checked };
          show();
        },
        notes: () => {
          notes = openNotesWindow(data, stylesheet);
          if (!notes) view.say(data.labels["presenter.notes.blocked"]);
          else show();
        }
      });
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
      if (fromGesture && view.root.requestFullscreen) view.root.requestFullscreen().catch(() => {
      });
      show();
      view.slide.focus();
    };
    document.addEventListener("fullscreenchange", () => {
      if (!view) return;
      const active = document.fullscreenElement === view.root;
      if (!active && view.root.dataset.fullscreen === "1") return close();
      view.root.dataset.fullscreen = active ? "1" : "";
      view.setFullscreen(active);
    });
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
})();
