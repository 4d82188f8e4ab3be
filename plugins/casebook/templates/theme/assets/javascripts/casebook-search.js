// Casebook: search with Pagefind, in Material's header and on the case explorer page.
//
// Each language has its own Pagefind bundle (<language folder>/pagefind/), loaded from
// this site only. The header's search box searches the page's language; a query with
// no result there but results in another language says so and links there. The case
// explorer (explore/) combines a query with filters; its whole state is in the address.
// Text from the index (titles, excerpts, metadata) only ever becomes text nodes.
(function () {
  "use strict";

  const settingsElement = document.querySelector(".cb-search__settings");
  if (!settingsElement) return;
  const { base, settings } = JSON.parse(settingsElement.textContent);
  const siteRoot = new URL(base.replace(/\/?$/, "/"), location.href);
  const labels = settings.labels;
  const bundles = {};

  function label(key, values) {
    return (labels[key] || key).replace(/\{(\w+)\}/g, (_, name) => (values && name in values ? values[name] : ""));
  }

  function countLabel(prefix, count) {
    const key = count === 0 ? "none" : count === 1 ? "one" : "other";
    return label(`${prefix}${key}`, { count: count.toLocaleString(document.documentElement.lang) });
  }

  // One Pagefind module per bundle: a different address is a different module instance.
  function pagefind(bundle, root) {
    if (!bundles[bundle]) {
      bundles[bundle] = import(new URL(`${bundle}pagefind.js`, siteRoot).href).then(async (module) => {
        await module.options({
          baseUrl: new URL(root, siteRoot).href,
          excerptLength: 24,
          highlightParam: "pagefind-highlight",
          ranking: settings.ranking,
        });
        await module.init();
        return module;
      });
    }
    return bundles[bundle];
  }
  const own = () => pagefind(settings.bundle, settings.root);
  const SHOWN = 10;
  // The case explorer's filters: of the whole case, and those one moment matches together.
  const CASE_KEYS = ["outcome", "sector", "company", "country", "year", "language", "tag"];
  const MOMENT_KEYS = ["stage", "touchpoint", "moment", "cell"];

  const wordsOf = (text) => text.toLocaleLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();

  // The query words that no page has. Pagefind answers a word that its index does not hold
  // with the longest word of the index that starts it (find_word_extensions in Pagefind's
  // search.rs): "chitarra" finds every page with "chi". So a query word counts as found only
  // when a page has a word that starts with it (typing "rimbo" finds "rimborso"), or when
  // Pagefind's exact search finds it, which looks up its stem and nothing shorter
  // ("rimborsi" finds "rimborso"). `data` are loaded results of the query.
  async function missingWords(module, query, data) {
    const matched = [];
    for (const item of data) {
      const words = (item.content || "").split(/[\r\n\s]+/g);
      for (const location of item.locations || []) matched.push(fold(words[location] || "").replace(/^[^\p{L}\p{N}]+/u, ""));
    }
    const missing = [];
    for (const word of wordsOf(query)) {
      // Shorter words are often parts of elided words ("dell'"), which Pagefind splits its own way.
      if (word.length < 3 || matched.some((text) => text.startsWith(fold(word)))) continue;
      const exact = await module.search(`"${word}"`);
      if (!exact.results.length) missing.push(word);
    }
    return missing;
  }

  // Pagefind's best results for a query, loaded, or none when a query word is on no page.
  // Those whose title or company has every query word as a whole word come first (stemming
  // makes "Italo" find "Italiane" too, and the Italo case should come before the Poste
  // Italiane one), then the cases, then workshops and other pages: a case first for its own words.
  async function ranked(query, options, debounce, module) {
    module = module || (await own());
    const search = debounce ? await module.debouncedSearch(query, options, debounce) : await module.search(query, options);
    if (search === null) return null;
    const data = await Promise.all(search.results.slice(0, SHOWN).map((result) => result.data()));
    const missing = data.length ? await missingWords(module, query, data) : [];
    if (missing.length) return { count: 0, data: [], missing };
    const words = wordsOf(query);
    const exact = (item) => {
      const tokens = new Set(wordsOf(`${item.meta.title || ""} ${item.meta.company || ""}`));
      return words.length > 0 && words.every((word) => tokens.has(word));
    };
    const rank = (item) => (exact(item) ? 0 : item.meta.kind === "case" ? 1 : 2);
    data.sort((a, b) => rank(a) - rank(b));
    return { count: search.results.length, data, missing };
  }
  // For the tests: the search box's results for a query, best first.
  window.casebookSearch = { ranked: (query) => ranked(query, {}) };

  // An excerpt is text with <mark> around the matching words (Pagefind escapes < and >):
  // it is rebuilt as text nodes and <mark> elements, never parsed as HTML.
  function excerptNodes(excerpt) {
    const fragment = document.createDocumentFragment();
    let marked = false;
    for (const part of String(excerpt || "").split(/(<mark>|<\/mark>)/)) {
      if (part === "<mark>") marked = true;
      else if (part === "</mark>") marked = false;
      else if (part) {
        const text = document.createTextNode(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"));
        if (marked) {
          const mark = document.createElement("mark");
          mark.append(text);
          fragment.append(mark);
        } else fragment.append(text);
      }
    }
    return fragment;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // ---- Highlight the query words on a page opened from a result ----
  if (new URLSearchParams(location.search).has("pagefind-highlight")) {
    import(new URL(`${settings.bundle}pagefind-highlight.js`, siteRoot).href)
      .then(({ default: PagefindHighlight }) => {
        new PagefindHighlight({ highlightParam: "pagefind-highlight", markContext: "[data-pagefind-body]" });
      })
      .catch(() => {});
  }

  // ---- The search box in the header ----
  const toggle = document.getElementById("__search");
  const box = document.querySelector(".cb-search");
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

  function editable(target) {
    return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

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
    meta.textContent = label("initial");
    setTimeout(() => input.focus());
  });

  // A case's company, year and overall outcome as fields; a workshop or another page says what it is.
  function fields(meta, className) {
    const list = element("dl", className);
    const add = (key, value, modifier) => {
      if (!value) return;
      const field = element("div", `cb-fields__field cb-fields__field--${key}${modifier ? ` cb-fields__field--${modifier}` : ""}`);
      field.append(element("dt", "cb-visually-hidden", label(`field.${key}`)), element("dd", "", value));
      list.append(field);
    };
    if (meta.kind === "case") {
      add("company", meta.company);
      add("year", meta.year);
      add("outcome", meta.outcome, String(meta.outcome_id || "").replace(/[^a-z-]/g, ""));
    } else add("kind", label(`kind.${meta.kind === "workshop" ? "workshop" : "page"}`));
    return list;
  }

  function resultItem(data) {
    const item = element("li", "md-search-result__item");
    const link = element("a", "md-search-result__link");
    link.href = data.url;
    const article = element("article", "md-search-result__article md-typeset");
    article.append(element("h1", "", data.meta.title || data.url));
    article.append(fields(data.meta, "cb-fields cb-search__details"));
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
      meta.textContent = label("initial");
      return;
    }
    meta.textContent = label("loading");
    try {
      const found = await ranked(query, {}, 120);
      if (found === null || ticket !== latest) return;
      meta.textContent = found.missing.length ? missingLabel(found.missing) : countLabel("", found.count);
      list.replaceChildren(...found.data.map(resultItem));
      if (found.count) {
        const explore = element("a", "cb-search__explore", label("explore"));
        explore.href = new URL(`${settings.explore}?${new URLSearchParams({ q: query })}`, siteRoot).href;
        const item = element("li", "cb-search__more");
        item.append(explore);
        list.append(item);
      } else {
        await elsewhere(query, ticket);
      }
    } catch (error) {
      if (ticket === latest) meta.textContent = label("error");
    }
  }

  function missingLabel(words) {
    return label("missing", { words: words.join(" ") });
  }

  // Another language's pages for a query that finds nothing here, with the same rule for
  // words no page has: { language, search } of the first language that has some, or null.
  async function otherLanguage(query, cases) {
    for (const language of settings.others) {
      const module = await pagefind(language.bundle, language.root);
      // With the case filter's index loaded, the search counts the cases it found.
      if (cases) await module.filters();
      const search = await module.search(query);
      if (!search.results.length) continue;
      const data = await Promise.all(search.results.slice(0, 3).map((result) => result.data()));
      if (!(await missingWords(module, query, data)).length) return { language, search };
    }
    return null;
  }

  // Nothing here: does another language have it? Say so, and link to that search there.
  async function elsewhere(query, ticket) {
    const found = await otherLanguage(query);
    if (ticket !== latest || !found) return;
    const { language, search } = found;
    const target = new URL(language.root, siteRoot);
    target.searchParams.set("search", query);
    other.replaceChildren(
      label("elsewhere", { count: search.results.length.toLocaleString(document.documentElement.lang), language: language.name }),
      " ",
      languageLink(label("elsewhere_link", { language: language.name }), target.href, language),
    );
    other.hidden = false;
  }

  function languageLink(text, href, language) {
    const link = element("a", "", text);
    link.href = href;
    // Material takes over clicks on links into another language's folder, to open the
    // same page there (from its sitemap), which would drop the search.
    link.lang = language.lang;
    link.addEventListener("click", (event) => event.stopPropagation());
    return link;
  }

  input.addEventListener("input", run);
  input.addEventListener("focus", () => own().catch(() => {}), { once: true });

  // A link from another language's search, ?search=...: open the search with it, once
  // Material has set up the page (it closes the search as it starts).
  const explorer = document.getElementById("cb-explorer");
  // ?q= as Material has it (the error page's search form), where the explorer does not use it.
  const params = new URLSearchParams(location.search);
  const asked = params.get("search") || (explorer ? null : params.get("q"));
  if (asked) window.addEventListener("load", () => setTimeout(() => open(asked)));
  if (explorer) setUpExplorer(explorer);

  // ---- The case explorer ----
  // Filters and counts come from the explorer's own data (explore/facets/, see
  // casebook/pages/explorer.py); Pagefind only finds the words: every case page gives it
  // one filter, its case number, so that a query tells which cases it found (its counts
  // without filters) and returns only those that the filters keep. Without words no
  // Pagefind file is loaded (a query without words loads its whole word index): each case
  // comes from its card, explore/cards/<number>.json.

  // Which cases the checked options give, and each option's count: how many cases that
  // option alone in its filter would give, the other filters as they are. Within a filter
  // any checked option matches; every filter must match; and the stage, touchpoint, moment
  // outcome and journey-cell filters must all be matched by one and the same moment.
  // Counts are made for the filters whose data is loaded.
  function facetMatch(index, chosen, base) {
    const loaded = CASE_KEYS.filter((key) => index.columns[key]);
    const caseKeys = CASE_KEYS.filter((key) => chosen[key]);
    const momentKeys = MOMENT_KEYS.filter((key) => chosen[key]);
    const momentMatches = (moment, skip) => momentKeys.every((key) => key === skip || chosen[key].has(moment[key]));
    const counts = {};
    for (const key of [...loaded, ...MOMENT_KEYS]) counts[key] = new Map();
    const add = (key, value) => counts[key].set(value, (counts[key].get(value) || 0) + 1);
    const matched = [];
    for (const position of base) {
      const failed = caseKeys.filter((key) => !index.columns[key][position].some((value) => chosen[key].has(value)));
      const moments = index.moments[position];
      const momentsMatch = moments.some((moment) => momentMatches(moment, null));
      if (failed.length === 0 && momentsMatch) matched.push(position);
      if (momentsMatch && failed.length <= 1) {
        for (const key of failed.length ? failed : loaded) for (const value of index.columns[key][position]) add(key, value);
      }
      if (failed.length === 0) {
        for (const key of MOMENT_KEYS) {
          const seen = new Set(moments.filter((moment) => momentMatches(moment, key)).map((moment) => moment[key]));
          for (const value of seen) add(key, value);
        }
      }
    }
    return { matched, counts };
  }

  function setUpExplorer(root) {
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
    // Ten cards at a time: each card found by words loads its page's text for the passage.
    const PAGE = 10;
    const languageRoot = new URL(settings.root, siteRoot);
    let current = null;
    let shown = 0;
    let ticket = 0;
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

    // Every case's number and moments (each moment's number split into its stage,
    // touchpoint and outcome), with the positions of every option in the data.
    const index = { columns: {}, positions: {}, rank: null };
    async function core() {
      if (index.moments) return index;
      const { values, case: steps, moments } = await load("index");
      if (index.moments) return index;
      const touchpoints = values.touchpoint.length;
      const outcomes = values.moment.length;
      for (const key of Object.keys(values)) index.positions[key] = new Map(values[key].map((id, at) => [id, at]));
      index.positions.cell = new Map();
      values.stage.forEach((stage, s) =>
        values.touchpoint.forEach((touchpoint, t) => index.positions.cell.set(`${stage}/${touchpoint}`, s * touchpoints + t)),
      );
      // Each case's number, as the step from the one before (mostly 1: these compress to nothing).
      let number = 0;
      index.numbers = steps.map((step) => (number += step));
      index.byNumber = new Map(index.numbers.map((value, position) => [value, position]));
      index.moments = moments.map((codes) =>
        codes.map((code) => {
          const cell = Math.floor(code / outcomes);
          return { stage: Math.floor(cell / touchpoints), touchpoint: cell % touchpoints, moment: code % outcomes, cell };
        }),
      );
      return index;
    }

    // A filter of the whole case, loaded when its list is open or one of its options checked.
    async function column(key) {
      if (index.columns[key]) return;
      const { values, cases } = await load(key);
      index.positions[key] = new Map(values.map((id, at) => [id, at]));
      index.columns[key] = cases;
    }

    // Each case's place newest first (the dated ones first), for an order by date.
    async function dates() {
      if (index.rank) return;
      const { newest, dated } = await load("order");
      const rank = new Array(newest.length);
      newest.forEach((position, place) => (rank[position] = place));
      index.dated = dated;
      index.rank = rank;
    }

    function inOrder(positions, order) {
      const { rank, dated } = index;
      const key = order === "oldest" ? (p) => (rank[p] < dated ? -rank[p] : rank[p]) : (p) => rank[p];
      return [...positions].sort((a, b) => key(a) - key(b));
    }

    const facetOf = (key) => root.querySelector(`.cb-facet[data-facet="${key}"]`);
    const yearRange = () => Boolean(yearFrom.value || yearTo.value);
    // The year range is always in sight, with a count for each year: its data is always loaded.
    const wanted = () =>
      CASE_KEYS.filter((key) => key === "year" || facetOf(key)?.open || facetOf(key)?.querySelector("input:checked"));

    // The state in the address, set in the form. What is not an option of this page is
    // named in a notice and left out of the address (never silently dropped nor kept).
    // An address of an older explorer with single years (year=2012) becomes their range.
    function readAddress() {
      const params = new URLSearchParams(location.search);
      const unknown = [];
      const known = new Set(["q", "sort", "year_from", "year_to", "year"]);
      query.value = params.get("q") || "";
      sort.value = ["newest", "oldest"].includes(params.get("sort")) ? params.get("sort") : "";
      if (params.has("sort") && !sort.value) unknown.push(`sort=${params.get("sort")}`);
      for (const box of boxes) {
        known.add(box.name);
        box.checked = params.getAll(box.name).includes(box.value);
      }
      for (const [name, value] of params) {
        if (!known.has(name)) unknown.push(`${name}=${value}`);
        else if (boxes.some((box) => box.name === name) && !boxes.some((box) => box.name === name && box.value === value)) {
          unknown.push(`${name}=${value}`);
        }
      }
      const single = params.getAll("year").filter((year) => years.includes(year)).sort();
      for (const [name, value] of params) if ((name === "year" && !years.includes(value)) || (name.startsWith("year_") && value && !years.includes(value))) unknown.push(`${name}=${value}`);
      yearFrom.value = years.includes(params.get("year_from")) ? params.get("year_from") : single[0] || "";
      yearTo.value = years.includes(params.get("year_to")) ? params.get("year_to") : single[single.length - 1] || "";
      for (const details of root.querySelectorAll("details.cb-facet")) {
        if (details.querySelector("input:checked")) details.open = true;
      }
      if (unknown.length) {
        notice.textContent = label("unknown", { values: unknown.map((item) => `“${item}”`).join(", ") });
        notice.hidden = false;
      } else notice.hidden = true;
      if (address() !== `${location.pathname}${location.search}`) history.replaceState(null, "", address());
    }

    function address() {
      const params = new URLSearchParams();
      if (query.value.trim()) params.set("q", query.value.trim());
      if (sort.value) params.set("sort", sort.value);
      for (const box of boxes) if (box.checked) params.append(box.name, box.value);
      if (yearFrom.value) params.set("year_from", yearFrom.value);
      if (yearTo.value) params.set("year_to", yearTo.value);
      const text = params.toString();
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
    function filterCount() {
      return boxes.filter((box) => box.checked).length + (yearRange() ? 1 : 0);
    }

    // The results' top under the header.
    function toResults() {
      const header = document.querySelector(".md-header");
      const top = main.getBoundingClientRect().top + scrollY - (header ? header.offsetHeight : 0);
      if (Math.abs(top - scrollY) > 1) scrollTo({ top, behavior: "instant" });
    }

    // On a phone the filters are a sheet over the lower part of the page, every list open
    // (one tap an option), with the count and the first results in sight above it; "Show N
    // cases" closes it.
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
    // The open sheet keeps the keyboard: Tab goes round its controls, Escape closes it and
    // returns to the button that opened it.
    const sheetOpen = () => root.classList.contains("cb-explorer--sheet");
    const sheetControls = () =>
      [...sheet.querySelectorAll("summary, input, select, button")].filter(
        (control) => !control.disabled && control.getClientRects().length > 0,
      );
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
        const next = !sheet.contains(document.activeElement) ? 0 : at < 0 ? null : event.shiftKey && at === 0 ? controls.length - 1 : !event.shiftKey && at === controls.length - 1 ? 0 : null;
        if (next === null || !controls.length) return;
        controls[next].focus();
        event.preventDefault();
      }
    });

    phone.addEventListener("change", () => phone.matches || openSheet(false));

    // A card: title, fields, the strip of moments (those that match the moment filters
    // marked), and the summary or the passage with the words. `position` is the case's
    // place in the explorer's data.
    function card(data, position) {
      const meta = { kind: "case", ...data.meta };
      const item = element("li", `cb-card cb-card--${meta.outcome_id || ""}`);
      const title = element("a", "cb-card__title", meta.title || data.url);
      title.href = data.url;
      item.append(title);
      item.append(fields(meta, "cb-fields cb-card__details"));
      const selection = current.selection;
      const momentKeys = MOMENT_KEYS.filter((key) => selection[key]);
      const moments = (position !== undefined && index.moments[position]) || [];
      const matches = (at) => momentKeys.length > 0 && !!moments[at] && momentKeys.every((key) => selection[key].has(moments[at][key]));
      // Pagefind's metadata are strings: its strip is JSON; a card file's is a list already.
      let strip = [];
      try {
        strip = typeof meta.strip === "string" ? JSON.parse(meta.strip) : meta.strip || [];
      } catch (error) {
        strip = [];
      }
      if (strip.length) {
        const journey = element("ol", "cb-card__strip");
        journey.setAttribute("aria-label", label("journey"));
        // A tap (or a click) on a moment shows where it happened, which a tooltip cannot on touch.
        const said = element("p", "cb-card__moment-text");
        said.hidden = true;
        strip.forEach(([outcome, symbol, text], at) => {
          const step = element("li", `cb-card__moment cb-card__moment--${String(outcome).replace(/[^a-z-]/g, "")}`);
          if (matches(at)) step.classList.add("cb-card__moment--match");
          const button = element("button", "cb-card__moment-button");
          button.type = "button";
          button.title = text;
          button.setAttribute("aria-expanded", "false");
          const mark = element("span", "", symbol);
          mark.setAttribute("aria-hidden", "true");
          button.append(mark, element("span", "cb-visually-hidden", `${text}${matches(at) ? ` (${label("match")})` : ""}`));
          button.addEventListener("click", () => {
            const open = button.getAttribute("aria-expanded") !== "true";
            for (const other of journey.querySelectorAll("button")) other.setAttribute("aria-expanded", "false");
            button.setAttribute("aria-expanded", String(open));
            said.textContent = open ? text : "";
            said.hidden = !open;
          });
          step.append(button);
          journey.append(step);
        });
        item.append(journey, said);
      }
      const excerpt = element("p", "cb-card__excerpt");
      if (data.excerpt !== undefined && (query.value.trim() || !meta.summary)) excerpt.append(excerptNodes(data.excerpt));
      else excerpt.textContent = meta.summary || "";
      item.append(excerpt);
      return item;
    }

    // The cards of these cases (positions in the explorer's data), without words: from their card files.
    async function cardFiles(positions) {
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
      const module = await own();
      const numbers = positions.map((position) => String(index.numbers[position]));
      const search = await module.search(words, { filters: { [settings.case_filter]: { any: numbers } } });
      const data = await Promise.all(search.results.map((result) => result.data()));
      const rank = new Map(numbers.map((number, place) => [number, place]));
      const place = (item) => rank.get(((item.filters || {})[settings.case_filter] || [])[0]);
      return data.sort((a, b) => place(a) - place(b));
    }

    // Words no case here has: the cases of another language that have them, with a link
    // to the same search (filters included: their ids are the same in every language) there.
    async function offerOtherLanguage(words, mine) {
      const found = await otherLanguage(words, true).catch(() => null);
      if (mine !== ticket || !found) return;
      const { language, search } = found;
      const cases = Object.values(search.totalFilters[settings.case_filter] || {}).filter((count) => count > 0).length;
      if (!cases) return;
      const target = new URL(language.explore, siteRoot);
      target.search = location.search;
      otherLanguageNote.replaceChildren(
        label("elsewhere", { count: cases.toLocaleString(document.documentElement.lang), language: language.name }),
        " ",
        languageLink(label("elsewhere_link", { language: language.name }), target.href, language),
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
      results.append(...data.map((item, at) => card(item, positions[at])));
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
        box.parentElement.querySelector(".cb-facet__count").textContent = known
          ? `(${count.toLocaleString(document.documentElement.lang)})`
          : "";
        box.closest("li").classList.toggle("cb-facet__option--empty", known && count === 0 && !box.checked);
        box.disabled = known && count === 0 && !box.checked;
      }
      // A year's count: the cases of that year that the other filters keep.
      for (const option of yearOptions) {
        const position = (index.positions.year || new Map()).get(option.value);
        const count = (counts.year && position !== undefined && counts.year.get(position)) || 0;
        option.textContent = counts.year
          ? `${yearText.get(option)} (${count.toLocaleString(document.documentElement.lang)})`
          : yearText.get(option);
      }
    }

    // A list opened for the first time: load its filter's data and count its options.
    for (const details of root.querySelectorAll("details.cb-facet")) {
      details.addEventListener("toggle", async () => {
        const key = details.dataset.facet;
        if (!details.open || !CASE_KEYS.includes(key) || index.columns[key] || !current) return;
        const mine = ticket;
        try {
          await column(key);
        } catch (error) {
          return;
        }
        if (mine === ticket) showCounts(facetMatch(index, current.selection, current.base).counts);
      });
    }

    async function update() {
      const mine = ++ticket;
      status.textContent = label("loading");
      root.setAttribute("aria-busy", "true");
      try {
        const words = query.value.trim();
        const order = sort.value || (words ? "" : "newest");
        const [, module] = await Promise.all([
          core(),
          words ? own() : null,
          order ? dates() : null,
          ...wanted().map(column),
        ]);
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
          const counts = found.totalFilters[settings.case_filter] || {};
          base = everything.filter((position) => counts[index.numbers[position]] > 0);
          if (!kept.length) found = { results: [] };
        }
        let { matched, counts } = facetMatch(index, selection, base);
        let state = { words, found, selection, base, total: matched.length, ordered: order ? inOrder(matched, order) : null };
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
        status.textContent = missing.length ? missingLabel(missing) : countLabel("cases.", matched.length);
        show.textContent = countLabel("show.", matched.length);
        const set = filterCount();
        openFilters.textContent = set ? label("filters.count", { count: set.toLocaleString(document.documentElement.lang) }) : label("filters");
        legend.hidden = matched.length === 0;
        legend.querySelector(".cb-explorer__legend-match").hidden = !MOMENT_KEYS.some((key) => selection[key]);
        otherLanguageNote.hidden = true;
        drawPage(page);
        if (words && !base.length) offerOtherLanguage(words, mine);
      } catch (error) {
        if (mine === ticket) status.textContent = label("error");
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
      if (words) own().then((module) => module.preload(words, preload)).catch(() => {});
      typing = setTimeout(() => {
        if (typingEntry) history.replaceState(null, "", address());
        else history.pushState(null, "", address());
        clearTimeout(typingEntry);
        typingEntry = setTimeout(() => (typingEntry = null), 1500);
        update();
      }, 120);
    });
    root.querySelector("form").addEventListener("change", (event) => {
      if (event.target === query) return;
      typingEntry = null;
      history.pushState(null, "", address());
      update();
    });
    root.querySelector("form").addEventListener("submit", (event) => {
      event.preventDefault();
      history.pushState(null, "", address());
      update();
    });
    root.querySelector("form").addEventListener("reset", () => {
      setTimeout(() => {
        history.pushState(null, "", address());
        update();
      });
    });
    more.addEventListener("click", () => showMore());
    window.addEventListener("popstate", () => {
      typingEntry = null;
      readAddress();
      update();
    });
    query.addEventListener("focus", () => own().catch(() => {}), { once: true });
    readAddress();
    // On a phone the lists would push the results a screen or more down: only those in use stay open.
    if (matchMedia("(max-width: 44.9375em)").matches) {
      for (const details of root.querySelectorAll("details.cb-facet")) details.open = !!details.querySelector("input:checked");
    }
    update();
  }
})();
