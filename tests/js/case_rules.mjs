// Runs the propose form's rules (case-rules.js, with the vendored validator, yaml and
// markdown-it, as the page loads them) under Node for tests/test_conformance.py.
//   node case_rules.mjs DATA.json TODAY   then one JSON case a line on stdin;
//   answers {"problems": [[pointer, message key], ...], "text": the file the form writes}.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const scripts = join(root, "plugins/casebook/templates/theme/assets/javascripts");
const context = vm.createContext({ TextEncoder });
for (const file of ["vendor/case-validator.js", "vendor/yaml.js", "vendor/markdown-it.js", "case-yaml.js", "case-rules.js"]) {
  vm.runInContext(readFileSync(join(scripts, file), "utf8"), context, { filename: file });
}
const DATA = JSON.parse(readFileSync(process.argv[2], "utf8"));
const today = process.argv[3];
const SCHEMA = DATA.schema;
const caseYaml = context.casebookCaseYaml({
  schema: SCHEMA,
  languages: Object.keys(DATA.languages),
  schemaComment: DATA.schema_comment,
  YAML: context.casebookYaml,
});
const rules = context.casebookCaseRules({
  data: DATA,
  validateSchema: context.casebookValidateCase,
  MarkdownIt: context.casebookMarkdownIt,
  toYaml: (data) => caseYaml.write(data),
  t: (key) => key,
  tn: (key) => key,
  numbers: new Intl.NumberFormat("en"),
  today: () => today,
  schema: context.casebookCaseSchema(SCHEMA),
});

for await (const line of createInterface({ input: process.stdin })) {
  // A key "__proto__" stays a key, as the form's clean() keeps it.
  const data = JSON.parse(line);
  let answer;
  try {
    answer = { problems: rules.validate(data), text: caseYaml.write(data) };
  } catch (error) {
    answer = { error: String(error && error.stack) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
