// Casebook: the explorer's filters and counts, from its own data (explore/facets/, written by
// casebook/pages/explorer.py). Pure: no page, no network; the tests run it under Node.
//
// The page's facts (its search settings, from explorer.py's facts()) say which filters there
// are: `facts.case_facets` match the case as a whole,
// `facts.moment_facets` must all be matched by one and the same moment. Each moment is one
// number, mixed-radix over `facts.moment_code` (positions in `values`, the first key the most
// significant), and a journey-map cell is the position of its `facts.cell` pair.

/** The explorer's index from index.json and the page's facts: every case's number and decoded moments, and each option's position. */
export function decodeIndex({ values, case: steps, moments }, facts) {
  const index = { facts, columns: {}, positions: {}, rank: null, dated: 0 };
  for (const key of Object.keys(values)) index.positions[key] = new Map(values[key].map((id, at) => [id, at]));
  const [rows, columns] = facts.cell;
  index.positions.cell = new Map();
  values[rows].forEach((row, r) => values[columns].forEach((column, c) => index.positions.cell.set(`${row}/${column}`, r * values[columns].length + c)));
  // Each case's number, as the step from the one before (mostly 1: these compress to nothing).
  let number = 0;
  index.numbers = steps.map((step) => (number += step));
  index.byNumber = new Map(index.numbers.map((value, position) => [value, position]));
  const sizes = facts.moment_code.map((key) => values[key].length);
  index.moments = moments.map((codes) =>
    codes.map((code) => {
      const moment = {};
      for (let at = sizes.length - 1; at >= 0; at--) {
        moment[facts.moment_code[at]] = code % sizes[at];
        code = Math.floor(code / sizes[at]);
      }
      moment.cell = moment[rows] * values[columns].length + moment[columns];
      return moment;
    }),
  );
  return index;
}

/** A filter of the whole case (`<filter>.json`): its options and each case's positions among them. */
export function addColumn(index, key, { values, cases }) {
  index.positions[key] = new Map(values.map((id, at) => [id, at]));
  index.columns[key] = cases;
}

/** The order by date (`order.json`): each case's place newest first; the first `dated` have a date. */
export function addOrder(index, { newest, dated }) {
  const rank = new Array(newest.length);
  newest.forEach((position, place) => (rank[position] = place));
  index.rank = rank;
  index.dated = dated;
}

/** `positions` newest first or oldest first (the undated last either way). */
export function inOrder(index, positions, order) {
  const { rank, dated } = index;
  const key = order === "oldest" ? (p) => (rank[p] < dated ? -rank[p] : rank[p]) : (p) => rank[p];
  return [...positions].sort((a, b) => key(a) - key(b));
}

/**
 * Which cases of `base` (positions) the chosen options give, and each option's count: how
 * many cases that option alone in its filter would give, the other filters as they are.
 * `chosen` maps a filter to a Set of option positions (-1 for an option no case has).
 * Within a filter any chosen option matches; every filter must match; the moment filters
 * must all be matched by one and the same moment. Counts are made for the filters of the
 * whole case whose data is loaded, and for every moment filter.
 */
export function facetMatch(index, chosen, base) {
  const caseFacets = index.facts.case_facets;
  const momentFacets = index.facts.moment_facets;
  const loaded = caseFacets.filter((key) => index.columns[key]);
  const caseKeys = caseFacets.filter((key) => chosen[key]);
  const momentKeys = momentFacets.filter((key) => chosen[key]);
  const momentMatches = (moment, skip) => momentKeys.every((key) => key === skip || chosen[key].has(moment[key]));
  const counts = {};
  for (const key of [...loaded, ...momentFacets]) counts[key] = new Map();
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
      for (const key of momentFacets) {
        const seen = new Set(moments.filter((moment) => momentMatches(moment, key)).map((moment) => moment[key]));
        for (const value of seen) add(key, value);
      }
    }
  }
  return { matched, counts };
}

/** Which moments of case `position` match every chosen moment filter (none when no moment filter is chosen). */
export function matchingMoments(index, chosen, position) {
  const keys = index.facts.moment_facets.filter((key) => chosen[key]);
  const moments = index.moments[position] || [];
  return moments.map((moment) => keys.length > 0 && keys.every((key) => chosen[key].has(moment[key])));
}
