// Casebook: the "Propose a case" form.
//
// The page carries the case schema, the taxonomy in its language, the fields that name
// taxonomy terms, the ids and numbers already taken and the labels (#cb-propose-data):
// the form is built from them, so no field, list or rule is written here a second time.
// It validates with the rules of `casebook check` that a browser can check (case-rules.js:
// the schema compiled by Ajv, vendor/case-validator.js, and the rest as data), writes a new
// case as `casebook new` lays it out and a correction into the file's own text
// (case-yaml.js). Nothing typed leaves the browser but through the GitHub link the contributor
// follows; a draft stays in localStorage until cleared. Contributor text is only ever
// set as a form value or as text (textContent), never as markup.
(() => {
  "use strict";
  const root = document.getElementById("cb-propose");
  const dataNode = document.getElementById("cb-propose-data");
  if (!root || !dataNode) return;
  const DATA = JSON.parse(dataNode.textContent);
  const SCHEMA = DATA.schema;
  const LANGS = Object.keys(DATA.languages);
  const LABELS = DATA.labels;
  const plurals = new Intl.PluralRules(DATA.lang);
  const SLUG = new RegExp(SCHEMA.$defs.slug.pattern);
  const DRAFT_KEY = "casebook.propose.draft";
  /** GitHub answers 414 to an address over 8,191 bytes. */
  const MAX_URL = 8000;

  // ---- Labels ---------------------------------------------------------------------------
  const fill = (text, values) =>
    text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  const t = (key, values = {}) => fill(typeof LABELS[key] === "string" ? LABELS[key] : key, values);
  const has = (key) => key in LABELS;
  const numbers = new Intl.NumberFormat(DATA.lang);
  /** A label with a count, in the plural form the page's language uses (labels.yaml's one/other). */
  const tn = (key, count, values = {}) => {
    const forms = LABELS[key] || {};
    return fill(forms[plurals.select(count)] ?? forms.other ?? key, { ...values, count: numbers.format(count) });
  };

  // ---- DOM helpers (text only: never innerHTML) -----------------------------------------
  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === false || value === null || value === undefined) continue;
      if (name === "text") node.textContent = value;
      else if (name === "value") node.value = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }
  let uid = 0;
  const nextId = (stem) => `cb-f-${stem}-${++uid}`;

  // ---- The schema -------------------------------------------------------------------------
  const { refName, resolve, isText, pointer } = window.casebookCaseSchema(SCHEMA);
  /** "moments.stage" for /moments/3/stage: the key of a field's labels and of taxonomy_fields. */
  const pattern = (path) => path.filter((part) => typeof part === "string").join(".");

  // ---- State: the case as its file says it ---------------------------------------------
  // The day in UTC, as CI runs casebook check: a local date east of UTC may be its tomorrow.
  const today = () => new Date().toISOString().slice(0, 10);
  function blankItem(name) {
    if (name === "moments") return { stage: "", touchpoint: "", outcome: "", text: {} };
    if (name === "sources") return { title: {}, language: state.language || DATA.lang };
    return {};
  }
  function blankCase() {
    return {
      id: "",
      number: DATA.taken.next_number,
      title: {},
      language: DATA.lang,
      translations: {},
      company: { id: "", name: "" },
      when: "unknown",
      published: today(),
      summary: {},
      moments: [{ stage: "", touchpoint: "", outcome: "", text: {} }],
      lessons: [],
      questions: [],
      tags: [],
      related: [],
      sources: [{ title: {}, language: DATA.lang }],
    };
  }
  let state = blankCase();
  /** The id of the case being corrected, or "" for a new case. */
  let editing = "";
  let editingNumber = null;
  /** The file of the case being corrected, as written: a correction changes only what changed in it. */
  let original = "";
  const draftKey = () => (editing ? `${DRAFT_KEY}:${editing}` : DRAFT_KEY);

  function getAt(path) {
    return path.reduce((value, part) => (value == null ? undefined : value[part]), state);
  }
  function setAt(path, value) {
    let target = state;
    for (const [index, part] of path.slice(0, -1).entries()) {
      if (target[part] == null || typeof target[part] !== "object") {
        target[part] = typeof path[index + 1] === "number" ? [] : {};
      }
      target = target[part];
    }
    target[path[path.length - 1]] = value;
  }

  /** The case without empty values: what is validated and written. */
  function clean(value, node) {
    node = resolve(node);
    if (Array.isArray(value)) return value.map((item) => clean(item, node.items));
    if (value && typeof value === "object") {
      const out = {};
      for (const [key, item] of Object.entries(value)) {
        const sub = node.properties ? node.properties[key] : node.additionalProperties;
        const cleaned = clean(item, sub);
        if (cleaned === undefined || cleaned === "") continue;
        if (isText(sub) && Object.keys(cleaned).length === 0) continue;
        Object.defineProperty(out, key, { value: cleaned, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    if (typeof value === "string") {
      const trimmed = value.trim();
      return trimmed === "" ? undefined : trimmed;
    }
    return value;
  }

  // ---- YAML: written as `casebook new` lays it out, or a correction edited in the file's own text
  const CASE_YAML = window.casebookCaseYaml({
    schema: SCHEMA,
    languages: LANGS,
    schemaComment: DATA.schema_comment,
    YAML: window.casebookYaml,
  });
  const toYaml = (data) => CASE_YAML.write(data);

  // ---- Validation: the rules of casebook check a browser can check (case-rules.js) -------
  const RULES = window.casebookCaseRules({
    data: DATA,
    validateSchema: window.casebookValidateCase,
    MarkdownIt: window.casebookMarkdownIt,
    toYaml,
    t,
    tn,
    numbers,
    today,
    schema: { resolve, refName, isText, pointer },
  });
  const validate = (data) => RULES.validate(data, { editing, editingNumber });
  const taken = new Set(Object.keys(DATA.taken.addresses));
  const reserved = new Set(DATA.taken.reserved);

  // ---- The form ----------------------------------------------------------------------------
  const fields = new Map(); // pointer -> {box, error, control}
  const form = el("form", { class: "cb-propose__form", novalidate: true });
  const output = el("section", { class: "cb-propose__output", "aria-labelledby": "cb-propose-output" });

  function label(path) {
    return t(`field.${pattern(path)}`);
  }
  /** Where a field is, for a problem's line in the summary: "Source 1 › Title › English". */
  function where(path) {
    const names = [];
    path.forEach((part, index) => {
      const upTo = path.slice(0, index + 1);
      if (typeof part === "number") {
        const list = pattern(path.slice(0, index));
        names[names.length - 1] = has(`field.${list}.item`) ? t(`field.${list}.item`, { number: part + 1 }) : `${names.at(-1)} ${part + 1}`;
      } else if (LANGS.includes(part) && index > 0 && isText(nodeAt(path.slice(0, index)))) {
        names.push(DATA.languages[part]);
      } else names.push(label(upTo));
    });
    return names.join(" › ");
  }
  /** The schema node of a field. */
  function nodeAt(path) {
    let node = SCHEMA;
    for (const part of path) {
      const resolved = resolve(node);
      node = typeof part === "number" ? resolved.items : (resolved.properties || {})[part] || resolved.additionalProperties;
      if (!node) return {};
    }
    return node;
  }
  function help(path, control, extra = []) {
    const keys = [`help.${pattern(path)}`, ...extra].filter(has);
    if (!keys.length) return null;
    const id = nextId("help");
    control.setAttribute("aria-describedby", `${control.getAttribute("aria-describedby") || ""} ${id}`.trim());
    return el("p", { class: "cb-field__help", id }, keys.map((key) => t(key)).join(" "));
  }
  function register(path, box, control) {
    const error = el("p", { class: "cb-field__error", id: nextId("error"), hidden: true });
    box.append(error);
    if (control) {
      control.setAttribute("aria-describedby", `${control.getAttribute("aria-describedby") || ""} ${error.id}`.trim());
    }
    fields.set(pointer(path), { box, error, control, where: where(path) });
    return box;
  }
  /** Fields the contributor has typed in: only they show "required" before the file is wanted. */
  const touched = new Set();
  let showAll = false;
  function onChange(path, read) {
    return (event) => {
      touched.add(pointer(path));
      setAt(path, read(event.target));
      changed();
    };
  }

  function select(path, options, value, { blank, describe } = {}) {
    const id = nextId("select");
    const control = el("select", { id, name: pointer(path) });
    if (blank !== undefined) control.append(el("option", { value: "", text: blank }));
    let groups = null;
    for (const option of options) {
      const item = el("option", { value: option.id, text: option.label });
      if (option.group) {
        groups ??= new Map();
        if (!groups.has(option.group)) {
          groups.set(option.group, el("optgroup", { label: option.group }));
          control.append(groups.get(option.group));
        }
        groups.get(option.group).append(item);
      } else control.append(item);
    }
    if (value && !options.some((option) => option.id === value)) {
      // A value the lists do not have (an old draft, a loaded file): shown, and reported.
      control.append(el("option", { value, text: t("not_in_list", { value }) }));
    }
    control.value = value || "";
    const box = el("div", { class: "cb-field" }, el("label", { for: id, text: label(path) }), control);
    if (describe) {
      const definition = el("p", { class: "cb-field__definition" });
      const show = () => {
        const found = options.find((option) => option.id === control.value);
        definition.textContent = found && found.description ? found.description : "";
      };
      control.addEventListener("change", show);
      show();
      box.append(definition);
    }
    const helpNode = help(path, control);
    if (helpNode) box.append(helpNode);
    control.addEventListener("change", onChange(path, (target) => target.value));
    return register(path, box, control);
  }

  function input(path, value, { type = "text", readonly = false, list = false, extra = {}, read: convert = (text) => text } = {}) {
    const id = nextId("input");
    const control = el("input", {
      id,
      type,
      name: pointer(path),
      value: list ? (value || []).join(" ") : value ?? "",
      readonly,
      autocomplete: "off",
      spellcheck: "false",
      ...extra,
    });
    const box = el("div", { class: "cb-field" }, el("label", { for: id, text: label(path) }), control);
    const helpNode = help(path, control);
    if (helpNode) box.append(helpNode);
    const read = (target) => {
      if (list) return target.value.split(/[\s,]+/).filter(Boolean);
      if (type === "number") return target.value === "" ? "" : Number(target.value);
      return convert(target.value);
    };
    control.addEventListener("input", onChange(path, read));
    return register(path, box, control);
  }

  function bilingual(path, node, value) {
    const rich = refName(node) === "richText";
    const legendId = nextId("legend");
    const box = el("fieldset", { class: "cb-field cb-field--bilingual", "aria-labelledby": legendId });
    box.append(el("legend", { id: legendId, text: label(path) }));
    const columns = el("div", { class: "cb-field__languages" });
    const resolved = resolve(node);
    for (const lang of LANGS) {
      const id = nextId(`text-${lang}`);
      const subPath = [...path, lang];
      const control = el(rich ? "textarea" : "input", {
        id,
        lang,
        name: pointer(subPath),
        rows: rich ? 4 : null,
        type: rich ? null : "text",
      });
      control.value = (value && value[lang]) || "";
      control.addEventListener("input", onChange(subPath, (target) => target.value));
      // No maxlength, which cuts pasted text without a word: the count says how much is left
      // from four fifths of the limit on, and how much is over.
      const limit = resolved.properties[lang].maxLength;
      const count = el("p", { class: "cb-field__count", id: nextId("count"), "aria-live": "polite", hidden: true });
      const counted = () => {
        const length = [...control.value].length;
        count.hidden = !limit || length < limit * 0.8;
        count.classList.toggle("cb-field__count--over", Boolean(limit) && length > limit);
        count.textContent = !limit ? "" : length > limit ? tn("limit.over", length - limit) : tn("limit.left", limit - length);
      };
      control.addEventListener("input", counted);
      counted();
      control.setAttribute("aria-describedby", count.id);
      const role = lang === state.language ? "original" : "translation";
      const column = el(
        "div",
        { class: `cb-field__language cb-field__language--${role}` },
        el("label", { for: id }, DATA.languages[lang], " ", el("span", { class: "cb-field__role", text: `(${t(role)})` })),
        control,
        count,
      );
      register(subPath, column, control);
      columns.append(column);
    }
    box.append(columns);
    const helpNode = help(path, box, rich ? ["help.markdown"] : []);
    if (helpNode) box.append(helpNode);
    return register(path, box, null);
  }

  function checkboxes(path, kind, values) {
    const legendId = nextId("legend");
    const box = el("fieldset", { class: "cb-field cb-field--choices", "aria-labelledby": legendId });
    box.append(el("legend", { id: legendId, text: label(path) }));
    const list = el("div", { class: "cb-field__choices" });
    const chosen = new Set(values || []);
    const options = DATA.taxonomy[kind].map((term) => term.id);
    for (const value of chosen) if (!options.includes(value)) options.push(value);
    for (const termId of options) {
      const term = DATA.taxonomy[kind].find((item) => item.id === termId);
      const id = nextId("choice");
      const control = el("input", { id, type: "checkbox", value: termId, checked: chosen.has(termId) });
      control.checked = chosen.has(termId);
      control.addEventListener("change", () => {
        const now = [...list.querySelectorAll("input:checked")].map((item) => item.value);
        setAt(path, now);
        changed();
      });
      list.append(
        el(
          "div",
          { class: "cb-field__choice" },
          control,
          el("label", { for: id }, term ? term.label : t("not_in_list", { value: termId })),
          term ? el("span", { class: "cb-field__definition", text: term.description }) : null,
        ),
      );
    }
    box.append(list);
    return register(path, box, null);
  }

  function translations(path) {
    // Only the other languages have a translation status (casebook check refuses the case's own).
    if (state.translations && typeof state.translations === "object") delete state.translations[state.language];
    const box = el("div", { class: "cb-field-group" });
    const statuses = DATA.choices.translations.map(([id, text]) => ({ id, label: text }));
    for (const lang of LANGS) {
      if (lang === state.language) continue;
      const sub = [...path, lang];
      const field = select(sub, statuses, (state.translations || {})[lang] || "", { blank: t("not_stated") });
      field.querySelector("label").textContent = `${label(path)}: ${DATA.languages[lang]}`;
      box.append(field);
    }
    return register(path, box, null);
  }

  function repeatable(path, node, items) {
    const name = pattern(path);
    const section = el("fieldset", { class: "cb-field cb-repeat", "aria-labelledby": nextId("legend") });
    section.append(el("legend", { id: section.getAttribute("aria-labelledby"), text: label(path) }));
    const helpNode = help(path, section);
    if (helpNode) section.append(helpNode);
    const itemsNode = resolve(node.items);
    (items || []).forEach((item, index) => {
      const itemPath = [...path, index];
      const title = t(`field.${name}.item`, { number: index + 1 });
      const box = el("div", { class: "cb-repeat__item" });
      const head = el("div", { class: "cb-repeat__head" }, el("h3", { text: title }));
      const tools = el("div", { class: "cb-repeat__tools" });
      // After a move, the keyboard stays on the same button of the moved item; after a
      // removal, it goes to the item that took its place, or to the "add" button.
      const button = (action, text, change, target, disabled) => {
        const control = el(
          "button",
          { type: "button", class: "md-button cb-button--small", "data-action": action, "aria-label": `${text}: ${title}`, disabled },
          text,
        );
        control.addEventListener("click", () => {
          change();
          rebuild();
          changed();
          const moved = fields.get(pointer([...path, target]));
          const next = moved ? moved.box.querySelector(`[data-action="${action}"]:not(:disabled)`) : null;
          (next || moved?.box.querySelector("button") || fields.get(pointer(path)).box.querySelector(".cb-repeat__add"))?.focus();
        });
        tools.append(control);
      };
      button("up", t("move_up"), () => items.splice(index - 1, 0, ...items.splice(index, 1)), index - 1, index === 0);
      button("down", t("move_down"), () => items.splice(index + 1, 0, ...items.splice(index, 1)), index + 1, index === items.length - 1);
      button("remove", t("remove"), () => items.splice(index, 1), index, false);
      head.append(tools);
      box.append(head);
      if (isText(node.items)) box.append(bilingual(itemPath, node.items, item));
      else box.append(...objectFields(itemPath, itemsNode, item));
      register(itemPath, box, null);
      section.append(box);
    });
    const add = el("button", { type: "button", class: "md-button cb-repeat__add", text: t(`add.${name}`) });
    add.addEventListener("click", () => {
      const list = getAt(path) || [];
      list.push(isText(node.items) ? {} : blankItem(name));
      setAt(path, list);
      rebuild();
      changed();
      const added = fields.get(pointer([...path, list.length - 1]));
      const focus = added && added.box.querySelector("input, select, textarea");
      if (focus) focus.focus();
    });
    section.append(add);
    return register(path, section, null);
  }

  /**
   * An id made from a title as `casebook new` makes it (casebook.model.ids.id_from_text):
   * ASCII, lowercase, hyphens, cut after the last whole word within the limit.
   */
  function slugify(text) {
    // eslint-disable-next-line no-control-regex -- every ASCII character, controls included, is kept
    const ascii = text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
    const slug = ascii.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (slug.length <= DATA.id_max) return slug;
    const head = slug.slice(0, DATA.id_max + 1);
    const words = head.slice(0, Math.max(head.lastIndexOf("-"), 0));
    return words || slug.slice(0, DATA.id_max);
  }
  function freeId(text) {
    const base = slugify(text);
    if (!base) return "";
    let candidate = base;
    for (let number = 2; taken.has(candidate) || reserved.has(candidate); number += 1) candidate = `${base}-${number}`;
    return candidate;
  }
  /** Under an empty id field: a button that fills in the id made from the title or the name. */
  function suggestion(path, source) {
    const button = el("button", { type: "button", class: "md-button cb-button--small cb-field__suggest", hidden: true });
    button.addEventListener("click", () => {
      const entry = fields.get(pointer(path));
      entry.control.value = button.dataset.value;
      entry.control.dispatchEvent(new Event("input", { bubbles: true }));
      button.hidden = true;
      entry.control.focus();
    });
    suggestions.push({ path, source, button });
    return button;
  }
  const suggestions = [];
  function showSuggestions(data) {
    for (const { path, source, button } of suggestions) {
      const text = source(data);
      const id = getAt(path) ? "" : freeId(typeof text === "string" ? text : "");
      button.hidden = !id;
      button.dataset.value = id;
      button.textContent = t("use_id", { value: id });
    }
  }

  function field(path, node, value) {
    const resolved = resolve(node);
    const name = pattern(path);
    if (name === "id" || name === "company.id") {
      // A published case keeps its id: it is the page's address (a rename needs old_ids, by hand).
      const box = input(path, value, { readonly: name === "id" && Boolean(editing) && value === editing });
      const source =
        name === "id" ? (data) => (data.title || {})[data.language] : (data) => (data.company || {}).name;
      box.querySelector("input").after(suggestion(path, source));
      return box;
    }
    const kind = DATA.taxonomy_fields[name];
    if (kind && resolved.type === "array") return checkboxes(path, kind, value);
    if (kind) {
      return select(path, DATA.taxonomy[kind], value, {
        blank: path.length === 1 ? t("not_stated") : t("choose"),
        describe: true,
      });
    }
    if (isText(node)) return bilingual(path, node, value);
    if (name === "translations") return translations(path);
    if (DATA.choices[name]) {
      const options = DATA.choices[name].map(([id, text]) => ({ id, label: text }));
      return select(path, options, value, { blank: t("not_stated") });
    }
    if (resolved.enum) {
      const options = resolved.enum.map((id) => ({ id, label: DATA.languages[id] || id }));
      return select(path, options, value, { blank: t("choose") });
    }
    if (resolved.type === "array" && resolve(resolved.items).type === "string") return input(path, value, { list: true });
    if (resolved.type === "array") return repeatable(path, resolved, value);
    if (resolved.type === "object" && resolved.properties) {
      const legendId = nextId("legend");
      const box = el("fieldset", { class: "cb-field-group", "aria-labelledby": legendId });
      box.append(el("legend", { id: legendId, text: label(path) }), ...objectFields(path, resolved, value || {}));
      return register(path, box, null);
    }
    if (resolved.type === "integer") return input(path, value, { type: "number", readonly: true });
    if (name === "when") {
      // The file says "unknown"; the page's language has its own word for it.
      const word = t("unknown_date");
      return input(path, value === "unknown" ? word : value, {
        read: (text) => ([word.toLowerCase(), "unknown"].includes(text.trim().toLowerCase()) ? "unknown" : text),
      });
    }
    return input(path, value);
  }

  function objectFields(path, node, value) {
    return Object.entries(node.properties)
      // A new case has no earlier ids: only a renamed, published case has.
      .filter(([key]) => !(path.length === 0 && key === "old_ids" && !editing && !(value || {}).old_ids))
      .map(([key, sub]) => field([...path, key], sub, (value || {})[key]));
  }

  const notices = el("div", { class: "cb-propose__notices" });
  function rebuild() {
    fields.clear();
    suggestions.length = 0;
    form.replaceChildren(...objectFields([], SCHEMA, state));
  }

  // ---- Output --------------------------------------------------------------------------
  const outputTitle = el("h2", { id: "cb-propose-output", text: t("output.title") });
  const summary = el("div", { class: "cb-propose__summary", "aria-live": "polite" });
  const preview = el("textarea", { class: "cb-propose__yaml", readonly: true, rows: 16, spellcheck: "false", "aria-labelledby": "cb-propose-output" });
  const download = el("a", { class: "md-button md-button--primary", download: "case.yaml", href: "#" });
  const copy = el("button", { type: "button", class: "md-button", text: t("copy") });
  const github = el("a", { class: "md-button", rel: "noopener noreferrer", target: "_blank", href: "#" });
  const githubHelp = el("p", { class: "cb-field__help" });
  const actions = el("div", { class: "cb-propose__actions" }, download, copy, github);
  const clear = el("button", { type: "button", class: "md-button cb-propose__clear", text: t("clear") });
  output.append(outputTitle, summary, preview, actions, githubHelp, clear);
  let objectUrl = null;

  function show(problems) {
    for (const entry of fields.values()) {
      if (!entry) continue;
      entry.error.hidden = true;
      entry.error.textContent = "";
      entry.box.classList.remove("cb-field--invalid");
      if (entry.control) entry.control.removeAttribute("aria-invalid");
    }
    const shown = [];
    const required = t("error.required");
    for (const [at, message] of problems) {
      const quiet = message === required && !showAll && ![...touched].some((done) => done.startsWith(at));
      // The field itself, or the nearest one around it.
      let parts = at.split("/").slice(1);
      let entry = null;
      while (parts.length && !(entry = fields.get(`/${parts.join("/")}`))) parts = parts.slice(0, -1);
      if (!entry) entry = fields.get(at) || null;
      if (!entry) {
        // A field the form does not have (an unknown key in a stored draft): the summary says it.
        shown.push([null, message]);
        continue;
      }
      if (entry.error.textContent.includes(message)) continue;
      shown.push([entry, message]);
      if (quiet) continue;
      entry.error.textContent = entry.error.textContent ? `${entry.error.textContent} ${message}` : message;
      entry.error.hidden = false;
      entry.box.classList.add("cb-field--invalid");
      if (entry.control) entry.control.setAttribute("aria-invalid", "true");
    }
    summary.replaceChildren();
    if (!problems.length) {
      summary.append(el("p", { class: "cb-propose__ok", text: t("output.valid") }));
      return;
    }
    const list = el("ul");
    for (const [entry, message] of shown) {
      if (!entry) {
        list.append(el("li", {}, message));
        continue;
      }
      const target = entry.control || entry.box.querySelector("input, select, textarea");
      const link = el("a", { href: "#" }, `${entry.where}: ${message}`);
      link.addEventListener("click", (event) => {
        event.preventDefault();
        showAll = true;
        update();
        (target || entry.box).scrollIntoView({ block: "center" });
        if (target) target.focus();
      });
      list.append(el("li", {}, link));
    }
    summary.append(el("p", { class: "cb-propose__problems", text: tn("output.errors", problems.length) }), list);
  }

  function setEnabled(link, enabled) {
    if (enabled) link.removeAttribute("aria-disabled");
    else link.setAttribute("aria-disabled", "true");
    link.classList.toggle("cb-button--disabled", !enabled);
  }

  let current = "";
  function update() {
    const data = clean(state, SCHEMA) || {};
    const problems = validate(data);
    show(problems);
    showSuggestions(data);
    const valid = problems.length === 0;
    current = editing && original && data.id === editing ? CASE_YAML.edit(original, data) : toYaml(data);
    preview.value = current;
    const file = `${typeof data.id === "string" && SLUG.test(data.id) ? data.id : "case"}.yaml`;
    download.textContent = t("download", { file });
    download.setAttribute("download", file);
    if (objectUrl) URL.revokeObjectURL(objectUrl);
    objectUrl = URL.createObjectURL(new Blob([current], { type: "application/yaml" }));
    download.href = objectUrl;
    setEnabled(download, valid);
    copy.disabled = !valid;
    const correcting = editing && data.id === editing;
    if (correcting && DATA.edit_url) {
      github.textContent = t("github.edit");
      github.href = DATA.edit_url.replace("{path}", `cases/${editing}.yaml`);
      githubHelp.textContent = t("github.edit.help");
      github.hidden = false;
    } else if (DATA.new_case_url) {
      github.textContent = t("github.new");
      const named = `${DATA.new_case_url}?filename=${encodeURIComponent(file)}`;
      const filled = `${named}&value=${encodeURIComponent(current)}`;
      // GitHub refuses longer addresses; a longer file goes by the clipboard (a click copies it).
      const fits = filled.length <= MAX_URL;
      github.href = fits ? filled : named;
      githubHelp.textContent = t(fits ? "github.new.help" : "github.new.long");
      github.hidden = false;
    } else {
      github.hidden = true;
      github.removeAttribute("href");
      githubHelp.textContent = t("github.none");
    }
    setEnabled(github, valid);
    root.dataset.state = valid ? "valid" : "invalid";
    return valid;
  }

  let timer = null;
  function changed() {
    save();
    clearTimeout(timer);
    root.dataset.state = "pending";
    timer = setTimeout(update, 150);
  }
  function save() {
    try {
      localStorage.setItem(draftKey(), JSON.stringify({ state, editing, original }));
    } catch {
      // Private windows may refuse storage: the form works without a draft.
    }
  }

  // The language of the case decides which text is the original: rebuild the columns.
  form.addEventListener("change", (event) => {
    if (event.target.name === "/language") {
      rebuild();
      update();
    }
  });
  for (const link of [download, github]) {
    link.addEventListener("click", (event) => {
      if (link.getAttribute("aria-disabled") === "true") event.preventDefault();
      else if (link === github) writeClipboard();
    });
  }
  async function writeClipboard() {
    try {
      await navigator.clipboard.writeText(current);
      return true;
    } catch {
      // No clipboard API (a page served over plain http): the older way, from the selection.
      preview.focus();
      preview.select();
      try {
        return document.execCommand("copy");
      } catch {
        return false;
      }
    }
  }
  copy.addEventListener("click", async () => {
    if (await writeClipboard()) {
      copy.textContent = t("copied");
      setTimeout(() => { copy.textContent = t("copy"); }, 2000);
    }
  });
  clear.addEventListener("click", () => {
    if (!window.confirm(t("clear_confirm"))) return;
    localStorage.removeItem(draftKey());
    notices.replaceChildren();
    if (editing) {
      load(editing, true);
      return;
    }
    state = blankCase();
    rebuild();
    update();
  });

  // ---- Start: a draft, a case to correct, or a new case ----------------------------------
  function start() {
    showAll = Boolean(editing) || showAll;
    try {
      rebuild();
      update();
    } catch (error) {
      // A stored draft of another shape (an older form, a hand-edited one): start afresh.
      console.error(error);
      localStorage.removeItem(draftKey());
      notices.replaceChildren();
      state = blankCase();
      editing = "";
      rebuild();
      update();
    }
  }
  let draftOriginal = "";
  function notice(text, error = false) {
    notices.append(el("p", { class: `cb-propose__notice${error ? " cb-propose__notice--error" : ""}`, role: error ? "alert" : null, text }));
  }
  function restore() {
    try {
      const saved = JSON.parse(localStorage.getItem(draftKey()) || "null");
      if (saved && saved.state && typeof saved.state === "object") {
        state = saved.state;
        draftOriginal = typeof saved.original === "string" ? saved.original : "";
        showAll = true;
        if (!editing) state.number = DATA.taken.next_number;
        notices.append(el("p", { class: "cb-propose__notice", text: t("restored") }));
        return true;
      }
    } catch {
      // A draft that does not parse is left alone and the form starts empty.
    }
    return false;
  }
  async function load(caseId, ignoreDraft = false) {
    editing = caseId;
    if (!ignoreDraft && restore()) {
      editingNumber = state.number;
      original = draftOriginal;
      noticeCorrection();
      start();
      return;
    }
    let response = null;
    try {
      response = await fetch(`${DATA.case_data}${caseId}.yaml`);
      if (!response.ok) throw new Error(String(response.status));
      original = await response.text();
      state = CASE_YAML.read(original);
      editingNumber = state.number;
      noticeCorrection();
    } catch {
      editing = "";
      original = "";
      // No such case (the site answered), or no site to ask (a page opened from a file).
      const key = response && response.status === 404 ? "unknown_case_param" : "load_failed";
      notice(t(key, { id: caseId }), true);
      restore();
    }
    start();
  }
  function noticeCorrection() {
    const code = `${DATA.number_prefix}${String(state.number).padStart(4, "0")}`;
    const startNew = el("a", { href: location.pathname, text: t("start_new") });
    notices.append(el("p", { class: "cb-propose__notice" }, t("correction", { code }), " ", startNew));
  }

  root.replaceChildren(notices, form, output);
  const requested = new URLSearchParams(location.search).get("case");
  if (requested && SLUG.test(requested)) load(requested);
  else {
    // An address that names no case id: say so, and offer the form for a new case.
    if (requested !== null) notice(t("bad_case_param", { id: requested }), true);
    restore();
    start();
  }
})();
