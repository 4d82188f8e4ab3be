// Runs the propose form's YAML code (case-yaml.js with the vendored yaml.js) under Node for
// the Python tests: one JSON request a line on stdin, one JSON answer a line on stdout.
//   {"op": "write", "data": {...}}            -> {"text": "..."}
//   {"op": "read", "text": "..."}             -> {"data": {...}}
//   {"op": "edit", "text": "...", "data": {}} -> {"text": "..."}
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const scripts = join(root, "plugins/casebook/templates/theme/assets/javascripts");
// The same two files the page loads, in one context, as the browser runs them.
const context = vm.createContext({});
for (const file of ["vendor/yaml.js", "case-yaml.js"]) {
  vm.runInContext(readFileSync(join(scripts, file), "utf8"), context, { filename: file });
}
const [schemaComment, languages] = JSON.parse(process.argv[2]);
const schema = JSON.parse(readFileSync(join(root, "plugins/casebook/schemas/case.schema.json"), "utf8"));
const caseYaml = context.casebookCaseYaml({ schema, languages, schemaComment, YAML: context.casebookYaml });

for await (const line of createInterface({ input: process.stdin })) {
  const request = JSON.parse(line);
  let answer;
  try {
    if (request.op === "write") answer = { text: caseYaml.write(request.data) };
    else if (request.op === "read") answer = { data: caseYaml.read(request.text) };
    else answer = { text: caseYaml.edit(request.text, request.data) };
  } catch (error) {
    answer = { error: String(error && error.stack) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
