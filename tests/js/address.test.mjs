// The explorer's state in its address: read, named when unknown, written back.
import assert from "node:assert/strict";
import { test } from "node:test";
import { readAddress, writeAddress } from "../../plugins/casebook/templates/theme/assets/javascripts/explorer/address.js";

const options = [["stage", "buy"], ["stage", "get-support"], ["moment", "failure"]];
const years = ["2011", "2012", "2019"];

test("known options are checked in the page's order; unknown names and values are named", () => {
  const state = readAddress(new URLSearchParams("moment=failure&stage=nonsense&stage=buy&colour=red&sort=up"), options, years);
  assert.deepEqual(state.checked, [["stage", "buy"], ["moment", "failure"]]);
  assert.deepEqual(state.unknown, ["stage=nonsense", "colour=red", "sort=up"]);
  assert.equal(state.sort, "");
});

test("single years of an older address are their range; a year the page lacks is named", () => {
  const state = readAddress(new URLSearchParams("year=2019&year=2011&year=1800"), options, years);
  assert.equal(state.from, "2011");
  assert.equal(state.to, "2019");
  assert.deepEqual(state.unknown, ["year=1800"]);
});

test("a state written and read again is the same state", () => {
  const state = { q: " refund ", sort: "oldest", checked: [["stage", "buy"]], from: "2012", to: "" };
  const text = writeAddress(state);
  assert.equal(text, "q=refund&sort=oldest&stage=buy&year_from=2012");
  const again = readAddress(new URLSearchParams(text), options, years);
  assert.deepEqual(
    { q: again.q, sort: again.sort, checked: again.checked, from: again.from, to: again.to, unknown: again.unknown },
    { q: "refund", sort: "oldest", checked: [["stage", "buy"]], from: "2012", to: "", unknown: [] },
  );
  assert.equal(writeAddress({ q: "", sort: "", checked: [], from: "", to: "" }), "");
});
