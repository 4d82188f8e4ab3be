// Bundles the presenter's ES modules (plugins/casebook/presenter/) into one classic script,
// assets/javascripts/presenter.js: a page opened from disk (the offline zip, file://) may not
// load modules, and the site loads nothing from another host. Not minified, so that what
// runs reads like its sources. `make vendor` writes it into the theme; tests/test_presenter.py
// writes it again and requires the same bytes.
//
//   node tools/presenter.mjs [FILE]   (default: the theme's presenter.js)
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const output = process.argv[2] || join(root, "plugins/casebook/templates/theme/assets/javascripts/presenter.js");

const bundle = buildSync({
  entryPoints: [join(root, "plugins/casebook/presenter/main.mjs")],
  absWorkingDir: root,
  bundle: true,
  write: false,
  platform: "browser",
  format: "iife",
  target: "es2020",
  legalComments: "none",
  banner: { js: "// Casebook's presenter, bundled by tools/presenter.mjs from plugins/casebook/presenter/: do not edit." },
});
writeFileSync(output, bundle.outputFiles[0].text);
