// ESLint for Casebook's own JavaScript (make lint): the browser's ES modules, the propose
// form's classic scripts, and the Node tools and tests. Vendored and generated bundles (the
// presenter's, built from plugins/casebook/presenter/) are not linted; their sources are.
import js from "@eslint/js";
import globals from "globals";

const THEME = "plugins/casebook/templates/theme/assets/javascripts";

export default [
  { ignores: [`${THEME}/vendor/**`, `${THEME}/presenter.js`, "node_modules/**", ".venv/**", "site/**", "site-offline/**"] },
  js.configs.recommended,
  {
    // The search box and the explorer: ES modules, each with one job.
    files: [`${THEME}/**/*.js`],
    languageOptions: { sourceType: "module", ecmaVersion: 2022, globals: globals.browser },
  },
  {
    // Classic scripts that run before modules could, or share globals with the page.
    files: [`${THEME}/casebook.js`, `${THEME}/propose.js`, `${THEME}/case-rules.js`, `${THEME}/case-yaml.js`],
    languageOptions: { sourceType: "script" },
  },
  {
    // The presenter's sources: ES modules, bundled into one classic script by tools/presenter.mjs
    // (make vendor), because a page opened from disk (the offline zip) may not load modules.
    files: ["plugins/casebook/presenter/**/*.mjs"],
    languageOptions: { sourceType: "module", ecmaVersion: 2022, globals: globals.browser },
  },
  {
    files: ["tests/js/**/*.mjs", "tools/**/*.mjs", "eslint.config.mjs"],
    languageOptions: { sourceType: "module", ecmaVersion: 2022, globals: globals.node },
  },
];
