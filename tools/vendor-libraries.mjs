// Bundles the npm libraries the propose form runs in the browser into classic scripts.
//
// The site's pages load nothing from another host and allow no eval, so each library is
// bundled by esbuild into one minified script that sets a global, with the licences of
// every package in it written beside it. `make vendor` writes them into the theme;
// tests/test_propose.py writes them again and requires the same bytes.
//
//   yaml        -> vendor/yaml.js         (window.casebookYaml: corrections edit the file's own text)
//   markdown-it -> vendor/markdown-it.js  (window.casebookMarkdownIt: case links, as the build finds them)
//
//   node tools/vendor-libraries.mjs [FOLDER]   (default: the theme's vendor folder)
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const folder = process.argv[2] || join(root, "plugins/casebook/templates/theme/assets/javascripts/vendor");

const LIBRARIES = {
  yaml: { global: "casebookYaml", entry: 'export * from "yaml";' },
  "markdown-it": { global: "casebookMarkdownIt", entry: 'export { default } from "markdown-it";' },
};

for (const [name, { global, entry }] of Object.entries(LIBRARIES)) {
  const version = JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")).version;
  const bundle = buildSync({
    stdin: { contents: entry, resolveDir: root, loader: "js" },
    bundle: true,
    write: false,
    metafile: true,
    platform: "browser",
    format: "iife",
    globalName: global,
    footer: entry.includes("default") ? { js: `${global} = ${global}.default;` } : undefined,
    banner: {
      js: `// ${name} ${version}, bundled by tools/vendor-libraries.mjs (licences in ${name}.LICENSE.txt): do not edit.`,
    },
    legalComments: "none",
    target: "es2020",
    minify: true,
  });
  writeFileSync(join(folder, `${name}.js`), bundle.outputFiles[0].text);
  // Every package whose code the bundle holds, with its licence.
  const packages = new Set();
  for (const input of Object.keys(bundle.metafile.inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.add(match[1]);
  }
  const licences = [...packages].sort().map((pkg) => {
    const dir = join(root, "node_modules", pkg);
    const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const file = readdirSync(dir).find((entry) => /^licen[cs]e/i.test(entry));
    return `${pkg} ${meta.version} (${meta.license})\n\n${readFileSync(join(dir, file), "utf8").trim()}\n`;
  });
  writeFileSync(join(folder, `${name}.LICENSE.txt`), licences.join("\n" + "-".repeat(72) + "\n\n"));
}
