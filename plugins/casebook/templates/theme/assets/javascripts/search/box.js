// Casebook: the search box in Material's header. It opens as Material's own does (a click,
// a tap, Tab, or the / and s shortcuts), searches the page's language, and, for a query with
// no result there, says whether another language has some and links there.

import { otherLanguage, ranked } from "./pagefind.js";
import { element, excerptNodes, fieldList, languageLink } from "./view.js";

/** Set up the header's search box `box`; `search` is the page's { settings, siteRoot, labels, pagefind, fields, countLabel }. */
export function setUpBox(box, search) {
  const { settings, siteRoot, labels, pagefind, countLabel } = search;
  const toggle = document.getElementById("__search");
  const input = box.querySelector(".cb-search__input");
  const form = box.querySelector("form");
  const meta = box.querySelector(".md-search-result__meta");
  const list = box.querySelector(".md-search-result__list");
  const other = box.querySelector(".cb-search__other");
  let latest = 0;

  function open(query) {
    toggle.checked = true;
    lock();
    if (query !== undefined) input.value = query;
    input.focus();
    if (input.value) run();
  }

  // As Material's search does: focusing the box (a click, a tap, Tab) opens the search.
  input.addEventListener("focus", () => {
    if (toggle.checked) return;
    toggle.checked = true;
    lock();
    if (input.value && !list.childElementCount && other.hidden) run();
  });

  function close() {
    toggle.checked = false;
    lock();
    // Focus does not stay on a result that nobody sees any more.
    if (box.contains(document.activeElement)) document.activeElement.blur();
  }

  // As Material's search does: the page behind an open search does not scroll (on a phone,
  // the search's backdrop would otherwise widen the page).
  function lock() {
    document.body.toggleAttribute("data-md-scrolllock", toggle.checked);
  }
  toggle.addEventListener("change", () => {
    lock();
    if (toggle.checked) input.focus();
    else input.blur();
  });

  const editable = (target) =>
    target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (toggle.checked) {
      if (event.key === "Escape") {
        close();
        event.preventDefault();
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        const links = [...list.querySelectorAll("a"), ...other.querySelectorAll("a")];
        if (!links.length) return;
        const index = links.indexOf(document.activeElement);
        const next = event.key === "ArrowDown" ? index + 1 : index <= 0 ? -1 : index - 1;
        if (next < 0) input.focus();
        else links[Math.min(next, links.length - 1)].focus();
        event.preventDefault();
      }
      return;
    }
    if (!editable(event.target) && ["/", "s", "f", "S", "F"].includes(event.key)) {
      open();
      event.preventDefault();
    }
  });

  form.addEventListener("submit", (event) => {
    const first = list.querySelector("a");
    if (first) {
      event.preventDefault();
      location.href = first.href;
    }
  });
  form.addEventListener("reset", () => {
    list.replaceChildren();
    other.hidden = true;
    meta.textContent = labels.t("initial");
    setTimeout(() => input.focus());
  });

  function resultItem(data) {
    const item = element("li", "md-search-result__item");
    const link = element("a", "md-search-result__link");
    link.href = data.url;
    const article = element("article", "md-search-result__article md-typeset");
    article.append(element("h1", "", data.meta.title || data.url));
    article.append(fieldList(data.meta, "cb-fields cb-search__details", search.fields, labels.t));
    const excerpt = element("p", "cb-search__excerpt");
    excerpt.append(excerptNodes(data.excerpt));
    article.append(excerpt);
    link.append(article);
    item.append(link);
    return item;
  }

  async function run() {
    const query = input.value.trim();
    const ticket = ++latest;
    other.hidden = true;
    if (!query) {
      list.replaceChildren();
      meta.textContent = labels.t("initial");
      return;
    }
    meta.textContent = labels.t("loading");
    try {
      const found = await ranked(await pagefind.own(), query, 120);
      if (found === null || ticket !== latest) return;
      meta.textContent = found.missing.length ? labels.t("missing", { words: found.missing.join(" ") }) : countLabel("count", found.count);
      list.replaceChildren(...found.data.map(resultItem));
      if (found.count) {
        const explore = element("a", "cb-search__explore", labels.t("explore"));
        explore.href = new URL(`${settings.explore}?${new URLSearchParams({ q: query })}`, siteRoot).href;
        const item = element("li", "cb-search__more");
        item.append(explore);
        list.append(item);
      } else {
        await elsewhere(query, ticket);
      }
    } catch {
      if (ticket === latest) meta.textContent = labels.t("error");
    }
  }

  // Nothing here: does another language have it? Say so, and link to that search there.
  async function elsewhere(query, ticket) {
    const found = await otherLanguage(pagefind, settings.others, query);
    if (ticket !== latest || !found) return;
    const { language, search: results } = found;
    const target = new URL(language.root, siteRoot);
    target.searchParams.set("search", query);
    other.replaceChildren(
      labels.t("elsewhere", { count: labels.number(results.results.length), language: language.name }),
      " ",
      languageLink(labels.t("elsewhere_link", { language: language.name }), target.href, language),
    );
    other.hidden = false;
  }

  input.addEventListener("input", run);
  input.addEventListener("focus", () => pagefind.own().catch(() => {}), { once: true });
  return { open };
}
