// Casebook: the explorer's state in the page address, read and written (pure: no page).
//
// What is not an option of the page is named (never silently dropped nor kept); an address
// of an older explorer with single years (year=2012&year=2014) is their range.

export const SORTS = ["newest", "oldest"];

/**
 * The state in `params` (URLSearchParams): { q, sort, checked: [[name, value], ...], from, to, unknown }.
 * `options` are the page's checkboxes as [[name, value], ...]; `years` its years, in order.
 */
export function readAddress(params, options, years) {
  const names = new Set(options.map(([name]) => name));
  const known = new Set(options.map(([name, value]) => `${name}=${value}`));
  const unknown = [];
  const sort = SORTS.includes(params.get("sort")) ? params.get("sort") : "";
  for (const [name, value] of params) {
    const bad =
      (name === "sort" && !sort) ||
      (names.has(name) && !known.has(`${name}=${value}`)) ||
      ((name === "year" || name === "year_from" || name === "year_to") && value && !years.includes(value)) ||
      !(names.has(name) || ["q", "sort", "year", "year_from", "year_to"].includes(name));
    if (bad) unknown.push(`${name}=${value}`);
  }
  const single = params.getAll("year").filter((year) => years.includes(year)).sort();
  const year = (name, fallback) => (years.includes(params.get(name)) ? params.get(name) : fallback || "");
  return {
    q: params.get("q") || "",
    sort,
    checked: options.filter(([name, value]) => params.getAll(name).includes(value)),
    from: year("year_from", single[0]),
    to: year("year_to", single[single.length - 1]),
    unknown,
  };
}

/** The query string of a state ({ q, sort, checked, from, to }), without "?"; empty for none. */
export function writeAddress({ q, sort, checked, from, to }) {
  const params = new URLSearchParams();
  if (q.trim()) params.set("q", q.trim());
  if (sort) params.set("sort", sort);
  for (const [name, value] of checked) params.append(name, value);
  if (from) params.set("year_from", from);
  if (to) params.set("year_to", to);
  return params.toString();
}
