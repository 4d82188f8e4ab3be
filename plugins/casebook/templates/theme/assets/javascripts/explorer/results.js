// Casebook: a case as the explorer shows it: a card with its title, fields, the strip of its
// moments (those that match the moment filters marked) and its summary or the passage with the words.

import { element, excerptNodes, fieldList } from "../search/view.js";

/**
 * A card of `data` (a Pagefind result or a card file: { url, meta, excerpt }). `matches` says
 * for each moment whether it matches the moment filters; `withWords` shows the passage found.
 */
export function card(data, { matches, withWords, fields, t }) {
  const meta = { kind: "case", ...data.meta };
  const item = element("li", `cb-card cb-card--${String(meta.outcome_id || "").replace(/[^a-z-]/g, "")}`);
  const title = element("a", "cb-card__title", meta.title || data.url);
  title.href = data.url;
  item.append(title, fieldList(meta, "cb-fields cb-card__details", fields, t));
  const strip = stripOf(meta.strip);
  if (strip.length) item.append(...journey(strip, matches, t));
  const excerpt = element("p", "cb-card__excerpt");
  if (data.excerpt !== undefined && (withWords || !meta.summary)) excerpt.append(excerptNodes(data.excerpt));
  else excerpt.textContent = meta.summary || "";
  item.append(excerpt);
  return item;
}

/** A strip of moments: Pagefind's metadata are strings, its strip is JSON; a card file's is a list already. */
function stripOf(value) {
  if (typeof value !== "string") return value || [];
  try {
    return JSON.parse(value);
  } catch {
    return [];
  }
}

/** The strip of moments, and the line where a tap (or a click) on one says where it happened: a tooltip cannot on touch. */
function journey(strip, matches, t) {
  const list = element("ol", "cb-card__strip");
  list.setAttribute("aria-label", t("journey"));
  const said = element("p", "cb-card__moment-text");
  said.hidden = true;
  strip.forEach(([outcome, symbol, text], at) => {
    const step = element("li", `cb-card__moment cb-card__moment--${String(outcome).replace(/[^a-z-]/g, "")}`);
    if (matches[at]) step.classList.add("cb-card__moment--match");
    const button = element("button", "cb-card__moment-button");
    button.type = "button";
    button.title = text;
    button.setAttribute("aria-expanded", "false");
    const mark = element("span", "", symbol);
    mark.setAttribute("aria-hidden", "true");
    button.append(mark, element("span", "cb-visually-hidden", `${text}${matches[at] ? ` (${t("match")})` : ""}`));
    button.addEventListener("click", () => {
      const open = button.getAttribute("aria-expanded") !== "true";
      for (const other of list.querySelectorAll("button")) other.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-expanded", String(open));
      said.textContent = open ? text : "";
      said.hidden = !open;
    });
    step.append(button);
    list.append(step);
  });
  return [list, said];
}
