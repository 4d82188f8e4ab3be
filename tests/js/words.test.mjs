// Which query words the results show, the search box's order, and excerpts as text.
import assert from "node:assert/strict";
import { test } from "node:test";
import { caseFirst, excerptParts, fold, unshownWords, wordsOf } from "../../plugins/casebook/templates/theme/assets/javascripts/search/words.js";

test("words are letters and digits in any script, lower case; folding drops accents", () => {
  assert.deepEqual(wordsOf("Perché l'App — 2019!"), ["perché", "l", "app", "2019"]);
  assert.equal(fold("Perché"), "perche");
});

test("a word counts as shown only where a matched word starts with it (Pagefind's stand-in for 'chitarra' is 'chi')", () => {
  const data = [{ content: "Chi ha chiamato il rimborso?", locations: [0, 4] }];
  assert.deepEqual(unshownWords("chitarra", data), ["chitarra"]);
  assert.deepEqual(unshownWords("rimbo", data), []);
  assert.deepEqual(unshownWords("chi rimborso", data), []);
  // Short words are parts of elided words, which Pagefind splits its own way.
  assert.deepEqual(unshownWords("dell", [{ content: "", locations: [] }]), ["dell"]);
  assert.deepEqual(unshownWords("al", [{ content: "", locations: [] }]), []);
});

test("a title or company with every word comes first, then cases, then other pages, else in Pagefind's order", () => {
  const item = (title, kind, company = "") => ({ meta: { title, kind, company } });
  const data = [item("Trains and their stations", "workshop"), item("Poste Italiane", "case"), item("A train", "case", "Italo")];
  assert.deepEqual(
    caseFirst("italo", data).map((entry) => entry.meta.title),
    ["A train", "Poste Italiane", "Trains and their stations"],
  );
});

test("an excerpt is text and marked text, never markup", () => {
  assert.deepEqual(excerptParts("a <mark>b</mark> &lt;script&gt;"), [
    { text: "a ", marked: false },
    { text: "b", marked: true },
    { text: " <script>", marked: false },
  ]);
});
