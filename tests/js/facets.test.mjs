// The explorer's filters and counts on a small library made here (facets.js, as the page runs it).
import assert from "node:assert/strict";
import { test } from "node:test";
import { addColumn, addOrder, decodeIndex, facetMatch, inOrder, matchingMoments } from "../../plugins/casebook/templates/theme/assets/javascripts/explorer/facets.js";

const facts = { case_facets: ["sector"], moment_facets: ["stage", "touchpoint", "moment", "cell"], moment_code: ["stage", "touchpoint", "moment"], cell: ["stage", "touchpoint"] };
const values = { stage: ["buy", "get-support"], touchpoint: ["phone", "website"], moment: ["success", "failure"] };
const code = (stage, touchpoint, moment) => (stage * 2 + touchpoint) * 2 + moment;
// Case 1: failed on the phone at get-support. Case 2: failed on the website at buy, succeeded on the phone at get-support.
// Case 4 (numbers need not be consecutive): succeeded on the website at buy.
function library() {
  const index = decodeIndex({ values, case: [1, 1, 2], moments: [[code(1, 0, 1)], [code(0, 1, 1), code(1, 0, 0)], [code(0, 1, 0)]] }, facts);
  addColumn(index, "sector", { values: ["airlines", "banks"], cases: [[0], [0], [1]] });
  return index;
}
const chosen = (index, picks) => Object.fromEntries(Object.entries(picks).map(([key, ids]) => [key, new Set(ids.map((id) => index.positions[key].get(id) ?? -1))]));

test("numbers and moments decode from the mixed-radix code the facts name", () => {
  const index = library();
  assert.deepEqual(index.numbers, [1, 2, 4]);
  assert.deepEqual(index.moments[1], [
    { stage: 0, touchpoint: 1, moment: 1, cell: 1 },
    { stage: 1, touchpoint: 0, moment: 0, cell: 2 },
  ]);
  assert.equal(index.positions.cell.get("get-support/phone"), 2);
});

test("the moment filters must all match one and the same moment", () => {
  const index = library();
  const all = [0, 1, 2];
  // The support calls that failed: case 1 only; case 2 failed elsewhere and called with success.
  assert.deepEqual(facetMatch(index, chosen(index, { cell: ["get-support/phone"], moment: ["failure"] }), all).matched, [0]);
  assert.deepEqual(facetMatch(index, chosen(index, { stage: ["get-support"], touchpoint: ["phone"] }), all).matched, [0, 1]);
  assert.deepEqual(matchingMoments(index, chosen(index, { moment: ["failure"] }), 1), [true, false]);
  assert.deepEqual(matchingMoments(index, {}, 1), [false, false]);
});

test("an option's count is what ticking it alone in its filter would give, the other filters as they are", () => {
  const index = library();
  const { matched, counts } = facetMatch(index, chosen(index, { sector: ["banks"], moment: ["failure"] }), [0, 1, 2]);
  assert.deepEqual(matched, []);
  // With "failure": airlines would give cases 1 and 2, banks none.
  assert.deepEqual([...counts.sector], [[0, 2]]);
  // With "banks": success would give case 4.
  assert.deepEqual([...counts.moment], [[0, 1]]);
  // An option no case has matches nothing.
  assert.deepEqual(facetMatch(index, chosen(index, { sector: ["nowhere"] }), [0, 1, 2]).matched, []);
});

test("newest and oldest first keep the undated last", () => {
  const index = library();
  addOrder(index, { newest: [2, 0, 1], dated: 2 });
  assert.deepEqual(inOrder(index, [0, 1, 2], "newest"), [2, 0, 1]);
  assert.deepEqual(inOrder(index, [0, 1, 2], "oldest"), [0, 2, 1]);
});
