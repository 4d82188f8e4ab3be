// Casebook: search with Pagefind, in Material's header and on the case explorer page.
// The page's settings (.cb-search__settings, from casebook/plugin/search.py) give the
// bundles, the labels and the explorer's facts; this module only connects the parts:
//   labels.js            labels and plural forms
//   search/words.js      query words, missed words, the box's order, excerpts (pure)
//   search/pagefind.js   Pagefind's bundles, ranked results, words no page has, other languages
//   search/view.js       elements, excerpts and fields on the page (text nodes only)
//   search/box.js        the search box in the header
//   explorer/*.js        the case explorer: address, facets, results, and the page itself

import { labeller } from "./labels.js";
import { setUpExplorer } from "./explorer/explorer.js";
import { setUpBox } from "./search/box.js";
import { pagefinder } from "./search/pagefind.js";

const settingsElement = document.querySelector(".cb-search__settings");
if (settingsElement) start(JSON.parse(settingsElement.textContent));

function start({ base, settings }) {
  const siteRoot = new URL(base.replace(/\/?$/, "/"), location.href);
  const labels = labeller(settings.labels, document.documentElement.lang);
  const search = {
    settings,
    siteRoot,
    labels,
    pagefind: pagefinder(settings, siteRoot),
    fields: settings.explorer.card_fields,
    // A count's label, or the label for none ("No case matches.").
    countLabel: (key, count) => (count === 0 ? labels.t(`${key}.none`) : labels.tn(key, count)),
  };

  // The query words highlighted on a page opened from a result.
  if (new URLSearchParams(location.search).has("pagefind-highlight")) {
    import(new URL(`${settings.bundle}pagefind-highlight.js`, siteRoot).href)
      .then(({ default: PagefindHighlight }) => {
        new PagefindHighlight({ highlightParam: "pagefind-highlight", markContext: "[data-pagefind-body]" });
      })
      .catch(() => {});
  }

  const box = setUpBox(document.querySelector(".cb-search"), search);
  const explorer = document.getElementById("cb-explorer");
  // A link from another language's search, ?search=..., or ?q= as Material has it (the error
  // page's search form) where the explorer does not use it: open the search with it, once
  // Material has set up the page (it closes the search as it starts).
  const params = new URLSearchParams(location.search);
  const asked = params.get("search") || (explorer ? null : params.get("q"));
  if (asked) {
    if (document.readyState === "complete") setTimeout(() => box.open(asked));
    else window.addEventListener("load", () => setTimeout(() => box.open(asked)));
  }
  if (explorer) setUpExplorer(explorer, search);
}
