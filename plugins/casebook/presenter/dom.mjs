// Elements with text: every text the presenter shows is set with textContent, never as markup.

export function el(tag, className = "", text = null, attributes = {}) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== null) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

export function list(tag, className, items) {
  const node = el(tag, className);
  for (const item of items) node.append(el("li", "", item));
  return node;
}
