// Casebook: the rules of `casebook check` that the propose form checks as people type.
//
// The rules are data from the Python side (the page's #cb-propose-data: the schema compiled
// by Ajv ahead of time, the taxonomy, the ids and numbers taken, the reserved ids, the
// characters no file may hold, the file size limit, how case links are parsed), so that
// nothing here restates them. tests/test_conformance.py runs this file under Node on a corpus
// of tricky cases and requires the same verdict as casebook check for every one.
(() => {
  "use strict";

  function make({ data: DATA, validateSchema, MarkdownIt, toYaml, t, tn, numbers, today, schema }) {
    const { resolve, refName, isText, pointer } = schema;
    const SCHEMA = DATA.schema;
    const LANGS = Object.keys(DATA.languages);
    const SLUG = new RegExp(SCHEMA.$defs.slug.pattern);

    const addresses = DATA.taken.addresses;
    const reserved = new Set(DATA.taken.reserved);
    const UNCARRIABLE = new RegExp(DATA.uncarriable, "u");
    /** Every text of ``value`` with its JSON pointer (keys too, at their object's pointer). */
    function* strings(value, path) {
      if (typeof value === "string") yield [path, value];
      else if (Array.isArray(value)) for (const [index, item] of value.entries()) yield* strings(item, `${path}/${index}`);
      else if (value && typeof value === "object") {
        for (const [key, item] of Object.entries(value)) {
          yield [path, key];
          yield* strings(item, `${path}/${key}`);
        }
      }
    }
    function codePoint(char) {
      return `U+${char.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
    }
    const taken = new Set(Object.keys(addresses));
    const terms = Object.fromEntries(
      Object.entries(DATA.taxonomy).map(([kind, list]) => [kind, new Set(list.map((term) => term.id))]),
    );
    const countries = new Set(DATA.choices.country.map(([code]) => code));
    const PATTERN_LABELS = [
      [/^\^\[a-z0-9\]/, "slug"],
      [/^\^https\?/, "url"],
      [/^\^\[A-Z\]\{2\}/, "country"],
      [/^\^\[0-9\]\{4\}-\[0-9\]\{2\}-\[0-9\]\{2\}\$$/, "full_date"],
      [/unknown/, "date_format"],
    ];
    function schemaMessage(error) {
      const { keyword, params } = error;
      if (keyword === "required") return [`/${params.missingProperty}`, t("error.required")];
      if (keyword === "additionalProperties") {
        return [`/${params.additionalProperty}`, t("error.unknown_field", { value: params.additionalProperty })];
      }
      if (keyword === "pattern" || keyword === "anyOf") {
        const source = keyword === "pattern" ? params.pattern : "unknown";
        const found = PATTERN_LABELS.find(([test]) => test.test(source));
        const name = found ? found[1] : "invalid";
        return ["", t(`error.${name}`, { example: "example-case-id" })];
      }
      if (keyword === "maxLength") return ["", tn("error.too_long", params.limit)];
      if (keyword === "minLength" || keyword === "minProperties") return ["", t("error.required")];
      if (keyword === "minItems") return ["", t("error.min_items")];
      if (keyword === "maxItems") return ["", tn("error.max_items", params.limit)];
      if (keyword === "uniqueItems") return [`/${params.i}`, t("error.duplicate_item")];
      if (keyword === "enum") return ["", t("error.enum")];
      return ["", t("error.invalid")];
    }
    /** A date that `casebook check` takes: real, and not after today. */
    function checkDate(value, problems, at) {
      if (typeof value !== "string" || value === "unknown") return;
      const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(value);
      if (!match) return; // the schema's message
      const [year, month, day] = [match[1], match[2], match[3]].map((part) => (part ? Number(part) : null));
      const date = new Date(0);
      // setUTCFullYear, not Date.UTC, which reads the years 0 to 99 as 1900 to 1999.
      date.setUTCFullYear(year, (month || 1) - 1, day || 1);
      const real =
        year > 0 &&
        (month === null || (month >= 1 && month <= 12)) &&
        date.getUTCFullYear() === year &&
        date.getUTCMonth() === (month || 1) - 1 &&
        date.getUTCDate() === (day || 1);
      if (!real) problems.push([at, t("error.not_a_date", { value })]);
      else if (date.toISOString().slice(0, 10) > today()) problems.push([at, t("error.future_date", { value })]);
    }
    function taxonomyProblems(data, problems) {
      for (const [field, kind] of Object.entries(DATA.taxonomy_fields)) {
        const [first, second] = field.split(".");
        const values = [];
        if (second) {
          (Array.isArray(data[first]) ? data[first] : []).forEach((item, index) => {
            if (item && typeof item[second] === "string") values.push([`/${first}/${index}/${second}`, item[second]]);
          });
        } else if (Array.isArray(data[first])) {
          data[first].forEach((value, index) => values.push([`/${first}/${index}`, value]));
        } else if (typeof data[first] === "string") values.push([`/${first}`, data[first]]);
        for (const [at, value] of values) {
          if (SLUG.test(value) && !terms[kind].has(value)) problems.push([at, t("error.unknown_term", { value })]);
        }
      }
    }
    function textFields(data) {
      const found = [];
      const visit = (value, node, path) => {
        node = resolve(node);
        if (Array.isArray(value)) {
          const items = node.items || {};
          value.forEach((item, index) => {
            if (isText(items)) found.push([[...path, index], item, refName(items) === "richText"]);
            else visit(item, items, [...path, index]);
          });
        } else if (value && typeof value === "object" && node.properties) {
          for (const [key, sub] of Object.entries(node.properties)) {
            if (!(key in value)) continue;
            if (isText(sub)) found.push([[...path, key], value[key], refName(sub) === "richText"]);
            else visit(value[key], sub, [...path, key]);
          }
        }
      };
      visit(data, SCHEMA, []);
      return found;
    }
    /** Every problem of ``data`` as [JSON pointer, message]; ``editing``: the case being corrected. */
    function validate(data, { editing = "", editingNumber = null } = {}) {
      const problems = [];
      if (!validateSchema(data)) {
        for (const error of validateSchema.errors) {
          if (error.keyword === "if" || error.keyword === "type" && error.schemaPath.includes("anyOf")) continue;
          const [suffix, message] = schemaMessage(error);
          problems.push([error.instancePath + suffix, message]);
        }
      }
      if (typeof data.id === "string" && data.id !== editing && taken.has(data.id)) {
        problems.push(["/id", t("error.duplicate_id", { value: data.id })]);
      }
      const ids = [["/id", data.id], ["/company/id", data.company && data.company.id]];
      (Array.isArray(data.old_ids) ? data.old_ids : []).forEach((old, index) => ids.push([`/old_ids/${index}`, old]));
      for (const [path, value] of ids) {
        if (reserved.has(value)) problems.push([path, t("error.reserved_id", { value })]);
      }
      for (const [path, text] of strings(data, "")) {
        const found = text.match(UNCARRIABLE);
        if (found) problems.push([path, t("error.character", { code: codePoint(found[0]) })]);
      }
      // An old id is an address too: it must not lead to another case already.
      (Array.isArray(data.old_ids) ? data.old_ids : []).forEach((old, index) => {
        const owner = Object.hasOwn(addresses, old) ? addresses[old] : "";
        if (owner && owner !== editing) problems.push([`/old_ids/${index}`, t("error.old_id_taken", { value: old, case: owner })]);
      });
      if (typeof data.number === "number" && data.number !== editingNumber && DATA.taken.numbers.includes(data.number)) {
        problems.push(["/number", t("error.number_taken", { value: data.number })]);
      }
      taxonomyProblems(data, problems);
      // The case's own language has no translation status (a stored draft may still hold one).
      const statuses = data.translations && typeof data.translations === "object" ? data.translations : {};
      if (typeof data.language === "string" && Object.hasOwn(statuses, data.language)) {
        problems.push([`/translations/${data.language}`, t("error.own_translation")]);
      }
      // "reviewed" needs a second reader's record (reviews/<id>.yaml), which only a case already
      // reviewed on the site has: a new case or a new translation is a draft.
      const onRecord = Object.hasOwn(DATA.taken.reviewed, editing) ? DATA.taken.reviewed[editing] : [];
      for (const [lang, status] of Object.entries(statuses)) {
        if (status === "reviewed" && !onRecord.includes(lang)) {
          problems.push([`/translations/${lang}`, t("error.reviewed_without_record", { id: data.id || "<id>" })]);
        }
      }
      const bytes = new TextEncoder().encode(toYaml(data)).length;
      if (bytes > DATA.max_file_bytes) {
        problems.push(["", t("error.file_too_big", { size: numbers.format(bytes), limit: numbers.format(DATA.max_file_bytes) })]);
      }
      if (typeof data.country === "string" && /^[A-Z]{2}$/.test(data.country) && !countries.has(data.country)) {
        problems.push(["/country", t("error.country")]);
      }
      checkDate(data.when, problems, "/when");
      checkDate(data.published, problems, "/published");
      (Array.isArray(data.sources) ? data.sources : []).forEach((source, index) => {
        if (source) checkDate(source.date, problems, `/sources/${index}/date`);
      });
      const known = new Set([...DATA.taken.ids, data.id]);
      (data.related || []).forEach((other, index) => {
        if (other === data.id) problems.push([`/related/${index}`, t("error.self_related")]);
        else if (SLUG.test(other) && !DATA.taken.ids.includes(other)) {
          problems.push([`/related/${index}`, t("error.unknown_case", { value: other })]);
        }
      });
      const language = data.language;
      for (const [path, text, markdown] of textFields(data)) {
        if (!text || typeof text !== "object") continue;
        if (LANGS.includes(language) && !text[language]) {
          problems.push([pointer(path), t("error.original_missing", { language: DATA.language_names[language] })]);
        }
        if (!markdown) continue;
        for (const [lang, body] of Object.entries(text)) {
          for (const target of caseLinkTargets(String(body))) {
            if (!known.has(target)) {
              problems.push([`${pointer(path)}/${lang}`, t("error.unknown_link", { value: target })]);
            }
          }
        }
      }
      return problems;
    }

    // Case links as casebook check finds them: markdown-it set up from the same settings
    // (casebook.markup.PARSER), so every spelling the parser takes for a link counts.
    const markdown = MarkdownIt(DATA.markdown.preset, DATA.markdown.options);
    markdown.enable(DATA.markdown.rules);
    markdown.validateLink = (url) => DATA.markdown.link_prefixes.some((prefix) => url.startsWith(prefix));
    function caseLinkTargets(text) {
      const found = [];
      for (const token of markdown.parse(text, {})) {
        for (const child of token.type === "inline" ? token.children || [] : []) {
          const href = child.type === "link_open" ? child.attrGet("href") || "" : "";
          if (href.startsWith("case:")) found.push(href.slice("case:".length));
        }
      }
      return found;
    }

    return { validate, caseLinkTargets };
  }

  /** Reading the case schema: the form builds its fields by it, the rules name fields by it. */
  function schemaHelpers(SCHEMA) {
    const refName = (node) => (node && node.$ref ? node.$ref.split("/").pop() : "");
    /** A schema node with its $refs followed (its own keys win over the definition's). */
    function resolve(node) {
      let out = node || {};
      while (out.$ref) {
        const { $ref, ...rest } = out;
        out = { ...SCHEMA.$defs[$ref.split("/").pop()], ...rest };
      }
      return out;
    }
    const isText = (node) => ["plainText", "richText"].includes(refName(node));
    /** The JSON pointer of a path: /moments/3/stage. */
    const pointer = (path) => path.map((part) => `/${part}`).join("");
    return { refName, resolve, isText, pointer };
  }

  globalThis.casebookCaseRules = make;
  globalThis.casebookCaseSchema = schemaHelpers;
})();
