// Casebook: Pagefind, the search engine of the published site. Each language has its own
// bundle (<language folder>/pagefind/), loaded from this site only, once.

import { caseFirst, unshownWords } from "./words.js";

/** Results loaded at most for the search box. */
export const SHOWN = 10;

/** The Pagefind bundles of a page's settings: `own()` for the page's language, `of(language)` for another. */
export function pagefinder(settings, siteRoot) {
  const bundles = {};
  // One Pagefind module per bundle: a different address is a different module instance.
  function load(bundle, root) {
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
  return { own: () => load(settings.bundle, settings.root), of: (language) => load(language.bundle, language.root) };
}

/**
 * The query words that no page has. A word that loaded results do not show (words.js:
 * Pagefind's longest-prefix stand-in) counts as found only when Pagefind's exact search
 * finds it, which looks up its stem and nothing shorter ("rimborsi" finds "rimborso").
 */
export async function missingWords(module, query, data) {
  const missing = [];
  for (const word of unshownWords(query, data)) {
    if (!(await module.search(`"${word}"`)).results.length) missing.push(word);
  }
  return missing;
}

/**
 * Pagefind's best results for a query, loaded and in the search box's order
 * (words.js caseFirst), or none when a query word is on no page: { count, data, missing },
 * or null when a newer query replaced it (`debounce` ms).
 */
export async function ranked(module, query, debounce) {
  const search = debounce ? await module.debouncedSearch(query, {}, debounce) : await module.search(query);
  if (search === null) return null;
  const data = await Promise.all(search.results.slice(0, SHOWN).map((result) => result.data()));
  const missing = data.length ? await missingWords(module, query, data) : [];
  if (missing.length) return { count: 0, data: [], missing };
  return { count: search.results.length, data: caseFirst(query, data), missing };
}

/**
 * Another language's pages for a query, with the same rule for words no page has:
 * { language, search } of the first of `languages` that has some, or null. With `cases`,
 * the search also counts the cases it found (the case filter's index loaded).
 */
export async function otherLanguage(pagefind, languages, query, cases) {
  for (const language of languages) {
    const module = await pagefind.of(language);
    if (cases) await module.filters();
    const search = await module.search(query);
    if (!search.results.length) continue;
    const data = await Promise.all(search.results.slice(0, 3).map((result) => result.data()));
    if (!(await missingWords(module, query, data)).length) return { language, search };
  }
  return null;
}
