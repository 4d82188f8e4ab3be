// Casebook: the words of a query, and which of them the results found (pure: no page, no Pagefind).

/** The words of `text`, lower case: letters and digits, whatever the script. */
export const wordsOf = (text) => text.toLocaleLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** `text` without accents, lower case: "Perché" and "perche" compare equal. */
export const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase();

/**
 * The query words that no loaded result shows where it matched. Pagefind answers a word
 * that its index does not hold with the longest indexed word that starts it
 * (find_word_extensions in Pagefind's search.rs): "chitarra" finds every page with "chi".
 * A word counts as shown when a matched word of a result starts with it (typing "rimbo"
 * shows "rimborso"). Words shorter than 3 letters always count: they are often parts of
 * elided words ("dell'"), which Pagefind splits its own way. `data` are loaded results
 * ({content, locations}).
 */
export function unshownWords(query, data) {
  const matched = [];
  for (const item of data) {
    const words = (item.content || "").split(/[\r\n\s]+/g);
    for (const location of item.locations || []) matched.push(fold(words[location] || "").replace(/^[^\p{L}\p{N}]+/u, ""));
  }
  return wordsOf(query).filter((word) => word.length >= 3 && !matched.some((text) => text.startsWith(fold(word))));
}

/**
 * Results in the search box's order: those whose title or company has every query word as
 * a whole word first (stemming makes "Italo" find "Italiane" too, and the Italo case comes
 * before the Poste Italiane one), then cases, then workshops and other pages. `data` are
 * loaded results with their `meta`; the sort is stable.
 */
export function caseFirst(query, data) {
  const words = wordsOf(query);
  const exact = (item) => {
    const tokens = new Set(wordsOf(`${item.meta.title || ""} ${item.meta.company || ""}`));
    return words.length > 0 && words.every((word) => tokens.has(word));
  };
  const rank = (item) => (exact(item) ? 0 : item.meta.kind === "case" ? 1 : 2);
  return [...data].sort((a, b) => rank(a) - rank(b));
}

/**
 * An excerpt as parts: Pagefind's excerpt is text with <mark> around the matching words
 * (and < > & escaped); it becomes [{text, marked}], never HTML.
 */
export function excerptParts(excerpt) {
  const parts = [];
  let marked = false;
  for (const part of String(excerpt || "").split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") marked = true;
    else if (part === "</mark>") marked = false;
    else if (part) parts.push({ text: part.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"), marked });
  }
  return parts;
}
