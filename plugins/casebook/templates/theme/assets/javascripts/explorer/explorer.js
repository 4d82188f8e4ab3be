// Casebook: the case explorer (explore/): words (Pagefind) and filters (its own data,
// explore/facets/, see casebook/pages/explorer.py), their counts, and the cases as cards.
// Its whole state is in the address (address.js); filtering and counting are facets.js.
//
// Pagefind only finds the words: every case page gives it one filter, its case number, so
// that a query tells which cases it found (its counts without filters) and returns only
// those that the filters keep. Without words no Pagefind file is loaded (a query without
// words loads its whole word index): each case comes from its card, explore/cards/<number>.json.

import { missingWords, otherLanguage } from "../search/pagefind.js";
import { languageLink } from "../search/view.js";
import { readAddress, writeAddress } from "./address.js";
import { addColumn, addOrder, decodeIndex, facetMatch, inOrder, matchingMoments } from "./facets.js";
import { card } from "./results.js";

// Ten cards at a time: each card found by words loads its page's text for the passage.
const PAGE = 10;

/** Set up the explorer `root`; `search` is the page's { settings, siteRoot, labels, pagefind, countLabel }. */
export function setUpExplorer(root, search) {
  const { settings, siteRoot, labels, pagefind, countLabel } = search;
  const { t } = labels;
  const facts = settings.explorer;
  const query = root.querySelector(".cb-explorer__query");
  const sort = root.querySelector(".cb-explorer__sort");
  const status = root.querySelector(".cb-explorer__status");
  const otherLanguageNote = root.querySelector(".cb-explorer__other");
  const results = root.querySelector(".cb-explorer__results");
  const more = root.querySelector(".cb-explorer__more");
  const boxes = [...root.querySelectorAll(".cb-facet input[type=checkbox]")];
  const [yearFrom, yearTo] = root.querySelectorAll(".cb-explorer__year");
  const years = [...yearFrom.options].map((option) => option.value).filter(Boolean);
  // Each year option's own text, to which its count is added.
  const yearOptions = [...yearFrom.options, ...yearTo.options].filter((option) => option.value);
  const yearText = new Map(yearOptions.map((option) => [option, option.textContent]));
  const notice = root.querySelector(".cb-explorer__notice");
  const legend = root.querySelector(".cb-explorer__legend");
  const openFilters = root.querySelector(".cb-explorer__open-filters");
  const sheet = root.querySelector(".cb-explorer__filters");
  const show = root.querySelector(".cb-explorer__show");
  const main = root.querySelector(".cb-explorer__main");
  const phone = matchMedia("(max-width: 44.9375em)");
  const languageRoot = new URL(settings.root, siteRoot);
  let current = null;
  let shown = 0;
  let ticket = 0;
  let index = null;
  const files = {};
  root.hidden = false;

  function load(name) {
    if (!files[name]) {
      files[name] = fetch(new URL(`${settings.facets}${name}.json`, siteRoot).href).then((response) => {
        if (!response.ok) throw new Error(`${response.status} ${response.url}`);
        return response.json();
      });
      files[name].catch(() => delete files[name]);
    }
    return files[name];
  }

  // Every case's number and moments, and the filters there are (index.json).
  async function core() {
    if (!index) {
      const data = await load("index");
      index = index || decodeIndex(data, facts);
    }
    return index;
  }

  // A filter of the whole case, loaded when its list is open or one of its options checked.
  async function column(key) {
    if (!index.columns[key]) addColumn(index, key, await load(key));
  }

  async function dates() {
    if (!index.rank) addOrder(index, await load("order"));
  }

  const facetOf = (key) => root.querySelector(`.cb-facet[data-facet="${key}"]`);
  const yearRange = () => Boolean(yearFrom.value || yearTo.value);
  // The year range is always in sight, with a count for each year: its data is always loaded.
  const wanted = () =>
    facts.case_facets.filter((key) => key === "year" || facetOf(key)?.open || facetOf(key)?.querySelector("input:checked"));

  function readState() {
    const state = readAddress(
      new URLSearchParams(location.search),
      boxes.map((box) => [box.name, box.value]),
      years,
    );
    query.value = state.q;
    sort.value = state.sort;
    const checked = new Set(state.checked.map(([name, value]) => `${name}=${value}`));
    for (const box of boxes) box.checked = checked.has(`${box.name}=${box.value}`);
    yearFrom.value = state.from;
    yearTo.value = state.to;
    for (const details of root.querySelectorAll("details.cb-facet")) {
      if (details.querySelector("input:checked")) details.open = true;
    }
    if (state.unknown.length) {
      notice.textContent = t("unknown", { values: state.unknown.map((item) => `“${item}”`).join(", ") });
      notice.hidden = false;
    } else notice.hidden = true;
    if (address() !== `${location.pathname}${location.search}`) history.replaceState(null, "", address());
  }

  function address() {
    const text = writeAddress({
      q: query.value,
      sort: sort.value,
      checked: boxes.filter((box) => box.checked).map((box) => [box.name, box.value]),
      from: yearFrom.value,
      to: yearTo.value,
    });
    return `${location.pathname}${text ? `?${text}` : ""}`;
  }

  // The checked options as positions in the explorer's data; an option no case has is -1.
  // The year range is every year in it.
  function chosen() {
    const chosen = {};
    for (const box of boxes) {
      if (!box.checked) continue;
      chosen[box.name] = chosen[box.name] || new Set();
      const position = (index.positions[box.name] || new Map()).get(box.value);
      chosen[box.name].add(position === undefined ? -1 : position);
    }
    if (yearRange()) {
      const [from, to] = [yearFrom.value || years[0], yearTo.value || years[years.length - 1]].sort();
      chosen.year = new Set([-1]);
      for (const [year, position] of index.positions.year || new Map()) if (year >= from && year <= to) chosen.year.add(position);
    }
    return chosen;
  }

  // How many filters are set, for the button that opens them on a phone.
  const filterCount = () => boxes.filter((box) => box.checked).length + (yearRange() ? 1 : 0);

  // The results' top under the header.
  function toResults() {
    const header = document.querySelector(".md-header");
    const top = main.getBoundingClientRect().top + scrollY - (header ? header.offsetHeight : 0);
    if (Math.abs(top - scrollY) > 1) scrollTo({ top, behavior: "instant" });
  }

  // On a phone the filters are a sheet over the lower part of the page, every list open
  // (one tap an option), with the count and the first results in sight above it; "Show N
  // cases" closes it. While it is open it keeps the keyboard.
  function openSheet(open) {
    if (open) toResults();
    root.classList.toggle("cb-explorer--sheet", open);
    openFilters.setAttribute("aria-expanded", String(open));
    // Not Material's scroll lock, which fixes the body and so loses the scroll to the results.
    document.documentElement.classList.toggle("cb-scrolllock", open);
    if (open) {
      for (const details of sheet.querySelectorAll("details.cb-facet")) details.open = true;
      sheet.setAttribute("role", "dialog");
      sheet.setAttribute("aria-modal", "true");
      sheet.setAttribute("aria-labelledby", "cb-explorer-filters-title");
      sheet.scrollTop = 0;
      show.focus({ preventScroll: true });
    } else {
      sheet.removeAttribute("role");
      sheet.removeAttribute("aria-modal");
      sheet.removeAttribute("aria-labelledby");
    }
  }
  openFilters.addEventListener("click", () => openSheet(true));
  show.addEventListener("click", () => {
    openSheet(false);
    openFilters.focus({ preventScroll: true });
    toResults();
  });
  const sheetOpen = () => root.classList.contains("cb-explorer--sheet");
  const sheetControls = () =>
    [...sheet.querySelectorAll("summary, input, select, button")].filter((control) => !control.disabled && control.getClientRects().length > 0);
  // Tab goes round the open sheet's controls, Escape closes it and returns to the button that opened it.
  document.addEventListener("keydown", (event) => {
    if (!sheetOpen()) return;
    if (event.key === "Escape") {
      openSheet(false);
      openFilters.focus();
      event.preventDefault();
    } else if (event.key === "Tab") {
      // Within the sheet the browser's own order; past either end, round to the other.
      const controls = sheetControls();
      const at = controls.indexOf(document.activeElement);
      const last = controls.length - 1;
      const next = !sheet.contains(document.activeElement) ? 0 : at < 0 ? null : event.shiftKey && at === 0 ? last : !event.shiftKey && at === last ? 0 : null;
      if (next === null || !controls.length) return;
      controls[next].focus();
      event.preventDefault();
    }
  });
  phone.addEventListener("change", () => phone.matches || openSheet(false));

  // The cards of these cases (positions in the explorer's data), without words: from their card files.
  function cardFiles(positions) {
    return Promise.all(
      positions.map(async (position) => {
        const response = await fetch(new URL(`${settings.cards}${index.numbers[position]}.json`, siteRoot).href);
        if (!response.ok) throw new Error(`${response.status} ${response.url}`);
        const data = await response.json();
        return { url: new URL(data.url, languageRoot).href, meta: data.meta };
      }),
    );
  }

  // The same with words, in this order: Pagefind's results for just these cases, for their passages.
  async function foundInOrder(words, positions) {
    const module = await pagefind.own();
    const numbers = positions.map((position) => String(index.numbers[position]));
    const found = await module.search(words, { filters: { [settings.case_filter]: { any: numbers } } });
    const data = await Promise.all(found.results.map((result) => result.data()));
    const rank = new Map(numbers.map((number, place) => [number, place]));
    const place = (item) => rank.get(((item.filters || {})[settings.case_filter] || [])[0]);
    return data.sort((a, b) => place(a) - place(b));
  }

  // Words no case here has: the cases of another language that have them, with a link
  // to the same search (filters included: their ids are the same in every language) there.
  async function offerOtherLanguage(words, mine) {
    const found = await otherLanguage(pagefind, settings.others, words, true).catch(() => null);
    if (mine !== ticket || !found) return;
    const { language, search: results } = found;
    const cases = Object.values(results.totalFilters[settings.case_filter] || {}).filter((count) => count > 0).length;
    if (!cases) return;
    const target = new URL(language.explore, siteRoot);
    target.search = location.search;
    otherLanguageNote.replaceChildren(
      t("elsewhere", { count: labels.number(cases), language: language.name }),
      " ",
      languageLink(t("elsewhere_link", { language: language.name }), target.href, language),
    );
    otherLanguageNote.hidden = false;
  }

  // The cards `from` on of a state of the explorer: their data and their places in the explorer's data.
  async function loadPage(state, from) {
    const { words, ordered, found } = state;
    if (ordered) {
      const positions = ordered.slice(from, from + PAGE);
      return { positions, data: words ? await foundInOrder(words, positions) : await cardFiles(positions) };
    }
    const data = await Promise.all(found.results.slice(from, from + PAGE).map((result) => result.data()));
    const positions = data.map((item) => index.byNumber.get(Number(((item.filters || {})[settings.case_filter] || [])[0])));
    return { positions, data };
  }

  function drawPage({ data, positions }) {
    const fields = index.facts.card_fields;
    const withWords = Boolean(current.words);
    results.append(
      ...data.map((item, at) => card(item, { matches: matchingMoments(index, current.selection, positions[at]), withWords, fields, t })),
    );
    shown += PAGE;
    more.hidden = shown >= current.total;
  }

  async function showMore() {
    const mine = ticket;
    const page = await loadPage(current, shown);
    if (mine === ticket) drawPage(page);
  }

  // A count for each option whose filter's data is loaded; the others show none yet.
  function showCounts(counts) {
    for (const box of boxes) {
      const known = counts[box.name] !== undefined;
      const position = (index.positions[box.name] || new Map()).get(box.value);
      const count = (known && position !== undefined && counts[box.name].get(position)) || 0;
      box.parentElement.querySelector(".cb-facet__count").textContent = known ? `(${labels.number(count)})` : "";
      box.closest("li").classList.toggle("cb-facet__option--empty", known && count === 0 && !box.checked);
      box.disabled = known && count === 0 && !box.checked;
    }
    // A year's count: the cases of that year that the other filters keep.
    for (const option of yearOptions) {
      const position = (index.positions.year || new Map()).get(option.value);
      const count = (counts.year && position !== undefined && counts.year.get(position)) || 0;
      option.textContent = counts.year ? `${yearText.get(option)} (${labels.number(count)})` : yearText.get(option);
    }
  }

  // A list opened for the first time: load its filter's data and count its options.
  for (const details of root.querySelectorAll("details.cb-facet")) {
    details.addEventListener("toggle", async () => {
      const key = details.dataset.facet;
      if (!details.open || !current || !index.facts.case_facets.includes(key) || index.columns[key]) return;
      const mine = ticket;
      try {
        await column(key);
      } catch {
        return;
      }
      if (mine === ticket) showCounts(facetMatch(index, current.selection, current.base).counts);
    });
  }

  async function update() {
    const mine = ++ticket;
    status.textContent = t("loading");
    root.setAttribute("aria-busy", "true");
    try {
      const words = query.value.trim();
      const order = sort.value || (words ? "" : "newest");
      const [, module] = await Promise.all([core(), words ? pagefind.own() : null, order ? load("order") : null, ...wanted().map(load)]);
      await Promise.all([order ? dates() : null, ...wanted().map(column)]);
      const selection = chosen();
      let missing = [];
      const everything = index.numbers.map((_, position) => position);
      let base = everything;
      let found = null;
      if (words) {
        // Which cases have the words: Pagefind's counts of the case filter, which ignore
        // the filter given (the cases that the other filters keep).
        const kept = facetMatch(index, selection, everything).matched;
        if (!kept.length) await module.filters();
        const numbers = kept.map((position) => String(index.numbers[position]));
        const filters = kept.length ? { [settings.case_filter]: { any: numbers } } : {};
        found = await module.search(words, { filters });
        // Pagefind's scores of equally good pages differ in their last digits with what it has
        // loaded so far (109.64539 and 109.64538, then the other way round): a link typed step
        // by step and the same link opened listed them in different orders. Ties go by page.
        const score = (result) => Math.round(result.score * 1000);
        found = { ...found, results: [...found.results].sort((a, b) => score(b) - score(a) || a.id.localeCompare(b.id)) };
        const counts = found.totalFilters[settings.case_filter] || {};
        base = everything.filter((position) => counts[index.numbers[position]] > 0);
        if (!kept.length) found = { results: [] };
      }
      let { matched, counts } = facetMatch(index, selection, base);
      let state = { words, found, selection, base, total: matched.length, ordered: order ? inOrder(index, matched, order) : null };
      // The first cards are loaded before anything is drawn: their passages also tell
      // whether every word is on a page (a word no case has finds nothing, not the cases
      // with the start of it). When the filters keep none of the cases found, a few
      // results of the words alone tell it.
      let page = await loadPage(state, 0);
      if (words && base.length) {
        const sample = page.data.length
          ? page.data
          : await Promise.all((await module.search(words)).results.slice(0, 3).map((result) => result.data()));
        missing = await missingWords(module, words, sample);
        if (missing.length) {
          base = [];
          ({ matched, counts } = facetMatch(index, selection, base));
          state = { ...state, found: { results: [] }, base, total: 0, ordered: order ? [] : null };
          page = { data: [], positions: [] };
        }
      }
      if (mine !== ticket) return;
      current = state;
      shown = 0;
      results.replaceChildren();
      showCounts(counts);
      // A list opened before the first update was done found no state to count by (its toggle
      // returned): its data and counts now. Seen in test_site_diff under CI's load.
      const late = index.facts.case_facets.filter((key) => facetOf(key)?.open && !index.columns[key]);
      if (late.length) {
        Promise.all(late.map(column))
          .then(() => mine === ticket && showCounts(facetMatch(index, current.selection, current.base).counts))
          .catch(() => {});
      }
      status.textContent = missing.length ? t("missing", { words: missing.join(" ") }) : countLabel("cases", matched.length);
      show.textContent = countLabel("show", matched.length);
      const set = filterCount();
      openFilters.textContent = set ? t("filters.count", { count: labels.number(set) }) : t("filters");
      legend.hidden = matched.length === 0;
      legend.querySelector(".cb-explorer__legend-match").hidden = !index.facts.moment_facets.some((key) => selection[key]);
      otherLanguageNote.hidden = true;
      drawPage(page);
      if (words && !base.length) offerOtherLanguage(words, mine);
    } catch {
      if (mine === ticket) status.textContent = t("error");
    } finally {
      if (mine === ticket) root.removeAttribute("aria-busy");
    }
  }

  // A burst of typing is one step back; each filter or order change is another. The
  // query runs once typing pauses for 120 ms, as the search box's does.
  let typing = null;
  let typingEntry = null;
  query.addEventListener("input", () => {
    clearTimeout(typing);
    // While the typing settles, Pagefind fetches the index chunks of the words and the
    // case filter's index (at 5,000 cases, most of a first query's time).
    const words = query.value.trim();
    const preload = { filters: { [settings.case_filter]: { any: [] } } };
    if (words) pagefind.own().then((module) => module.preload(words, preload)).catch(() => {});
    typing = setTimeout(() => {
      if (typingEntry) history.replaceState(null, "", address());
      else history.pushState(null, "", address());
      clearTimeout(typingEntry);
      typingEntry = setTimeout(() => (typingEntry = null), 1500);
      update();
    }, 120);
  });
  const form = root.querySelector("form");
  form.addEventListener("change", (event) => {
    if (event.target === query) return;
    typingEntry = null;
    history.pushState(null, "", address());
    update();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    history.pushState(null, "", address());
    update();
  });
  form.addEventListener("reset", () => {
    setTimeout(() => {
      history.pushState(null, "", address());
      update();
    });
  });
  more.addEventListener("click", () => showMore());
  window.addEventListener("popstate", () => {
    typingEntry = null;
    readState();
    update();
  });
  query.addEventListener("focus", () => pagefind.own().catch(() => {}), { once: true });
  readState();
  // On a phone the lists would push the results a screen or more down: only those in use stay open.
  if (phone.matches) {
    for (const details of root.querySelectorAll("details.cb-facet")) details.open = !!details.querySelector("input:checked");
  }
  update();
}
