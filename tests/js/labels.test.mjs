// The label helper every script uses: placeholders, and plural forms by the language's CLDR rules.
import assert from "node:assert/strict";
import { test } from "node:test";
import { labeller } from "../../plugins/casebook/templates/theme/assets/javascripts/labels.js";

const labels = { cases: { one: "{count} case", other: "{count} cases" }, hello: "Hello {name}", casi: { one: "{count} caso", other: "{count} casi" } };

test("a count takes the plural form its language's rules name, formatted for the language", () => {
  const en = labeller(labels, "en");
  assert.equal(en.tn("cases", 1), "1 case");
  assert.equal(en.tn("cases", 0), "0 cases");
  assert.equal(en.tn("cases", 1234), "1,234 cases");
  const it = labeller(labels, "it");
  assert.equal(it.tn("casi", 1), "1 caso");
  assert.equal(it.tn("casi", 2), "2 casi");
  assert.equal(it.tn("casi", 12345), "12.345 casi");
});

test("placeholders are filled, an unknown one stays, a missing label shows its key", () => {
  const en = labeller(labels, "en");
  assert.equal(en.t("hello", { name: "Ada" }), "Hello Ada");
  assert.equal(en.t("hello"), "Hello {name}");
  assert.equal(en.t("nowhere"), "nowhere");
  assert.equal(en.tn("nowhere", 3), "nowhere");
});
