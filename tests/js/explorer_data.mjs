// Runs the explorer's facets.js under Node on the explorer data Python wrote, for
// tests/test_explorer_facts.py: node explorer_data.mjs < {"files": {...}, "facts": {...}}
// answers, for each case in the data's order, its number, its moments as option ids and
// the option ids of each filter of the whole case, as the page decodes them.
import { readFileSync } from "node:fs";
import { addColumn, decodeIndex } from "../../plugins/casebook/templates/theme/assets/javascripts/explorer/facets.js";

const { files, facts, dir } = JSON.parse(readFileSync(0, "utf8"));
const data = files[`${dir}index.json`];
const index = decodeIndex(data, facts);
for (const key of facts.case_facets) addColumn(index, key, files[`${dir}${key}.json`]);
const idOf = (key, position) => [...index.positions[key]].find(([, at]) => at === position)[0];
const cases = index.numbers.map((number, position) => ({
  number,
  moments: index.moments[position].map((moment) => Object.fromEntries(facts.moment_facets.map((key) => [key, idOf(key, moment[key])]))),
  facets: Object.fromEntries(facts.case_facets.map((key) => [key, index.columns[key][position].map((at) => idOf(key, at))])),
}));
process.stdout.write(JSON.stringify(cases));
