// Casebook: what search results are made of on the page: elements with text, excerpts, fields.
// Text from the index (titles, excerpts, metadata) only ever becomes text nodes.

import { excerptParts } from "./words.js";

/** A `tag` element with class `className` and text `text`. */
export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** An excerpt as text nodes and <mark> elements. */
export function excerptNodes(excerpt) {
  const fragment = document.createDocumentFragment();
  for (const { text, marked } of excerptParts(excerpt)) {
    if (!marked) fragment.append(text);
    else fragment.append(element("mark", "", text));
  }
  return fragment;
}

/**
 * A result's fields as a list: for a case, the card fields that `fields` names
 * ({key, modifier}: the meta field whose value, made a class name, styles it); for a
 * workshop or another page, what it is.
 */
export function fieldList(meta, className, fields, t) {
  const list = element("dl", className);
  const add = (key, value, modifier) => {
    if (!value) return;
    const field = element("div", `cb-fields__field cb-fields__field--${key}${modifier ? ` cb-fields__field--${modifier}` : ""}`);
    field.append(element("dt", "cb-visually-hidden", t(`field.${key}`)), element("dd", "", value));
    list.append(field);
  };
  if (meta.kind === "case") {
    for (const { key, modifier } of fields) add(key, meta[key], modifier && String(meta[modifier] || "").replace(/[^a-z-]/g, ""));
  } else add("kind", t(`kind.${meta.kind === "workshop" ? "workshop" : "page"}`));
  return list;
}

/** A link into another language's folder, which Material leaves alone (it would open the same page there). */
export function languageLink(text, href, language) {
  const link = element("a", "", text);
  link.href = href;
  link.lang = language.lang;
  link.addEventListener("click", (event) => event.stopPropagation());
  return link;
}
