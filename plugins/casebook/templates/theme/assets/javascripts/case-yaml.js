// Casebook: a case as YAML, for the propose form (and its tests, which run this file under Node).
//
// write(data): a new case, laid out as `casebook new` writes it.
// edit(text, data): a correction, made in the file's own text. The file is read with the
// `yaml` package's document model (vendor/yaml.js), which knows where every value sits;
// only the values that changed are written again, in place, so an unchanged case comes
// back byte for byte, a changed field changes only its own lines, and comments, quoting,
// folding and dates stay as their author wrote them.
(() => {
  "use strict";

  // PyYAML refuses these characters anywhere in a file; in a double-quoted string they are escaped.
  // Ids and codes go unquoted unless YAML would read them as something else than text.
  const PLAIN = /^[a-z0-9]+(-[a-z0-9]+)*$|^[A-Z]{2}$/;
  const YAML_WORDS = /^(y|n|yes|no|on|off|true|false|null|0[xob].*|[0-9]+e[0-9]+|nan|inf)$/i;
  // eslint-disable-next-line no-control-regex -- the control characters YAML allows are the point
  const UNPRINTABLE = /[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]|[\x85\u2028\u2029]/gu;
  /** Prose YAML reads as the same text unquoted: a correction keeps a plain value plain. */
  const SAFE_PLAIN = /^[\p{L}\p{N}][\p{L}\p{N} .,;()'’?!-]*$/u;
  /** Where the file's lines are folded, as in the case files. */
  const WIDTH = 88;
  const DATES = new Set(["when", "published", "sources.date"]);
  /** Lists and mappings `casebook new` always writes, empty or not. */
  const ALWAYS = ["translations", "lessons", "questions", "tags", "related"];

  /** Whether two values read from JSON or YAML are the same (the order of keys aside). */
  function equal(a, b) {
    if (a === b) return true;
    if (!a || !b || typeof a !== "object" || typeof b !== "object" || Array.isArray(a) !== Array.isArray(b)) return false;
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && equal(a[key], b[key]));
  }
  const escapeChar = (char) =>
    char.length > 1
      ? `\\U${char.codePointAt(0).toString(16).padStart(8, "0")}`
      : `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  /** "moments.stage" for /moments/3/stage. */
  const pattern = (path) => path.filter((part) => typeof part === "string").join(".");

  function make({ schema, languages, schemaComment, YAML }) {
    function resolve(node) {
      let out = node || {};
      while (out.$ref) {
        const { $ref, ...rest } = out;
        out = { ...schema.$defs[$ref.split("/").pop()], ...rest };
      }
      return out;
    }

    /** A string as YAML: plain when it is an id or a date, a literal block for lines, else quoted. */
    function scalar(value, indent, { plain = false, width = WIDTH } = {}) {
      if (typeof value !== "string") return JSON.stringify(value);
      if (plain && PLAIN.test(value) && /[a-zA-Z]/.test(value) && !YAML_WORDS.test(value)) return value;
      if (
        value.includes("\n") &&
        !/^\s/.test(value) &&
        !/\s$/.test(value) &&
        !/[ \t]\n/.test(value) &&
        !value.includes("\r") &&
        !/[\t]/.test(value) &&
        !value.match(UNPRINTABLE)
      ) {
        const pad = " ".repeat(indent + 2);
        return `|-\n${value.split("\n").map((line) => (line ? pad + line : "")).join("\n")}`;
      }
      // Long prose folded over lines, as the case files have it: each line break reads as one space.
      if (
        value.length + indent > width &&
        /^\S(.*\S)?$/.test(value) &&
        value.includes(" ") &&
        !/\s\s|[^ \S]/.test(value) &&
        !value.match(UNPRINTABLE)
      ) {
        const pad = " ".repeat(indent + 2);
        const lines = [];
        let line = "";
        for (const word of value.split(" ")) {
          if (line && line.length + 1 + word.length > width - indent - 2) {
            lines.push(line);
            line = word;
          } else line = line ? `${line} ${word}` : word;
        }
        lines.push(line);
        return `>-\n${lines.map((text) => pad + text).join("\n")}`;
      }
      return JSON.stringify(value).replace(UNPRINTABLE, escapeChar);
    }

    /**
     * A value as its field's YAML, after "key: " on a line indented by ``indent``. ``like``
     * (a correction) is the value's node in the file, whose style a new value keeps: a
     * block or flow list, a flow mapping, the width of folded lines.
     */
    function valueText(value, node, indent, path, like = null) {
      node = resolve(node);
      const here = pattern(path);
      const strings = (list) => list.every((item) => typeof item === "string");
      if (like && YAML.isSeq(like) && !like.flow && Array.isArray(value) && value.length && strings(value)) {
        return value.map((item) => `\n${" ".repeat(indent)}  - ${scalar(item, indent + 4, { plain: true })}`).join("");
      }
      if (like && YAML.isMap(like) && like.flow && value && typeof value === "object" && !Array.isArray(value)) {
        const entries = Object.entries(value);
        if (entries.every(([, item]) => typeof item === "string")) {
          return `{${entries.map(([key, item]) => `${key}: ${scalar(item, 0, { plain: true })}`).join(", ")}}`;
        }
      }
      if (Array.isArray(value)) {
        if (value.length === 0) return "[]";
        if (strings(value)) {
          return `[${value.map((item) => scalar(item, 0, { plain: true })).join(", ")}]`;
        }
        const pad = " ".repeat(indent);
        let out = "";
        for (const [index, item] of value.entries()) {
          const lines = item && typeof item === "object" ? objectText(item, node.items, indent + 4, [...path, index]) : "";
          out += lines ? `\n${pad}  - ${lines.slice(indent + 4, -1)}` : `\n${pad}  - ${item && typeof item === "object" ? "{}" : scalar(item, indent + 4)}`;
        }
        return out;
      }
      if (value && typeof value === "object") {
        if (Object.keys(value).length === 0) return "{}";
        return `\n${objectText(value, node, indent + 2, path).slice(0, -1)}`;
      }
      if (typeof value === "string" && DATES.has(here)) {
        // As the case files have them: a full date plain (a YAML date), anything else quoted.
        const plainDate = /^\d{4}-\d{2}-\d{2}$/.test(value) && here !== "when";
        return plainDate || value === "unknown" ? value : JSON.stringify(value);
      }
      const plain = (node.pattern !== undefined && node.pattern.startsWith("^[")) || node.enum !== undefined;
      // A folded text keeps the width its lines had in the file.
      const folded = like && YAML.isScalar(like) && like.type === "BLOCK_FOLDED" && like.range;
      const width = folded ? foldWidth(like) : WIDTH;
      if (like && YAML.isScalar(like) && like.type === "PLAIN" && typeof value === "string" && SAFE_PLAIN.test(value)) {
        if (value.length + indent + 6 <= width && !YAML_WORDS.test(value)) return value;
      }
      return scalar(value, indent, { plain, width });
    }
    /** The width a folded text in the file was folded at: its longest line, and at least that. */
    let source = "";
    function foldWidth(node) {
      const lines = source.slice(node.range[0], node.range[1]).split("\n").slice(1);
      return Math.max(...lines.map((line) => line.length)) + 1;
    }
    function pairText(key, value, node, indent, path, like = null) {
      const text = valueText(value, node, indent, path, like);
      return `${" ".repeat(indent)}${key}:${text.startsWith("\n") ? "" : " "}${text}\n`;
    }

    function objectText(value, node, indent, path) {
      node = resolve(node);
      const keys = node.properties ? Object.keys(node.properties) : languages;
      const extra = Object.keys(value).filter((key) => !keys.includes(key));
      let out = "";
      for (const key of [...keys, ...extra]) {
        if (!Object.hasOwn(value, key)) continue;
        const sub = node.properties ? node.properties[key] : node.additionalProperties || {};
        out += pairText(key, value[key], sub, indent, [...path, key]);
      }
      return out;
    }

    /** A new case's file, laid out as `casebook new` writes it. */
    function write(data) {
      const full = { ...data };
      for (const key of ALWAYS) {
        if (!(key in full)) full[key] = resolve(schema.properties[key]).type === "array" ? [] : {};
      }
      return `${schemaComment}\n${objectText(full, schema, 0, [])}`;
    }

    /**
     * A year written bare (``when: 2011``) is a number to YAML, as check reads it: the form keeps
     * the text as written, as it keeps every date ("0050" would otherwise become 50).
     */
    function datesAsText(document, text) {
      const sources = document.get("sources");
      const paths = [["when"], ["published"]];
      if (YAML.isSeq(sources)) sources.items.forEach((_, index) => paths.push(["sources", index, "date"]));
      for (const path of paths) {
        const node = document.getIn(path, true);
        if (YAML.isScalar(node) && typeof node.value === "number") {
          node.value = text.slice(node.range[0], node.range[1]);
        }
      }
    }

    /** The case a file holds, as the form keeps it (dates stay the text they are). */
    function read(text) {
      const document = YAML.parseDocument(text, { schema: "core", uniqueKeys: false });
      if (document.errors.length) throw document.errors[0];
      datesAsText(document, text);
      return document.toJS({ maxAliasCount: 0 });
    }

    /**
     * ``text`` (a case file) changed to hold ``data``: every value that differs written again
     * where it is, the rest of the text untouched. An unchanged case gives ``text`` itself.
     */
    function edit(text, data) {
      const document = YAML.parseDocument(text, { schema: "core", uniqueKeys: false });
      if (document.errors.length || !YAML.isMap(document.contents)) return write(data);
      datesAsText(document, text);
      source = text;
      const edits = [];
      const lineStart = (offset) => text.lastIndexOf("\n", offset - 1) + 1;
      const startsLine = (offset) => /^ *$/.test(text.slice(lineStart(offset), offset));
      const column = (offset) => offset - lineStart(offset);
      const end = (node) => node.range[2];

      /** Write ``pair`` again as a whole (its key at ``indent``): for a change of shape. */
      function rewrite(pair, value, node, indent, path) {
        const fresh = pairText(pair.key.value, value, node, indent, path, pair.value).slice(indent);
        const stop = end(pair.value);
        edits.push([pair.key.range[0], stop, text[stop - 1] === "\n" ? fresh : fresh.slice(0, -1)]);
      }

      function same(node, value) {
        return equal(node.toJSON(), value);
      }

      /** Make ``pair``'s value say ``value``. */
      function update(pair, value, node, path) {
        const indent = column(pair.key.range[0]);
        const old = pair.value;
        if (same(old, value)) return;
        const before = edits.length;
        if (YAML.isScalar(old) && (typeof value === "string" || typeof value === "number")) {
          const fresh = valueText(value, node, indent, path, old);
          if (!fresh.includes("\n") && !String(old.type).startsWith("BLOCK")) {
            edits.push([old.range[0], old.range[1], fresh]);
          } else rewrite(pair, value, node, indent, path);
          return;
        }
        if (YAML.isMap(old) && !old.flow && value && typeof value === "object" && !Array.isArray(value)) {
          if (mapping(old, value, node, path)) return;
        } else if (YAML.isSeq(old) && Array.isArray(value) && value.length && old.items.length && !old.flow) {
          if (sequence(old, value, node, indent, path)) return;
        } else if (YAML.isSeq(old) && Array.isArray(value) && old.flow && sameList(old, value)) return;
        edits.length = before;
        rewrite(pair, value, node, indent, path);
      }
      function sameList(seq, value) {
        return seq.items.length === value.length && seq.items.every((item, index) => same(item, value[index]));
      }

      /** Edit a block list in place, item by item, items added or removed at its end. */
      function sequence(seq, value, node, indent, path) {
        const items = resolve(node).items;
        const common = Math.min(seq.items.length, value.length);
        for (let index = 0; index < common; index += 1) {
          const item = seq.items[index];
          if (same(item, value[index])) continue;
          if (!(YAML.isMap(item) && !item.flow && value[index] && typeof value[index] === "object")) return false;
          if (!mapping(item, value[index], items, [...path, index])) return false;
        }
        const stop = end(seq);
        if (text[stop - 1] !== "\n") return false;
        if (value.length > common) {
          const added = valueText(value.slice(common), node, indent, path, seq).slice(1);
          edits.push([stop, stop, `${added}\n`]);
        } else if (seq.items.length > common) {
          edits.push([lineStart(seq.items[common].range[0]), stop, ""]);
        }
        return true;
      }

      /** Edit a block mapping in place; false when only writing it again will do. */
      function mapping(map, value, node, path) {
        node = resolve(node);
        const keys = node.properties ? Object.keys(node.properties) : languages;
        const pairs = map.items;
        if (!pairs.every((pair) => YAML.isScalar(pair.key) && pair.value)) return false;
        const present = new Set(pairs.map((pair) => pair.key.value));
        const sub = (key) => (node.properties ? node.properties[key] : node.additionalProperties || {});
        const before = edits.length;
        for (const pair of pairs) {
          const key = pair.key.value;
          if (Object.hasOwn(value, key)) update(pair, value[key], sub(key), [...path, key]);
          else if (startsLine(pair.key.range[0]) && pairs.length > 1 && pair !== pairs[0]) {
            // A field emptied: its lines go.
            edits.push([lineStart(pair.key.range[0]), end(pair.value), ""]);
          } else {
            edits.length = before;
            return false;
          }
        }
        const indent = column(pairs[0].key.range[0]);
        const order = [...keys, ...Object.keys(value).filter((key) => !keys.includes(key))];
        for (const key of Object.keys(value)) {
          if (present.has(key)) continue;
          // A field added: its lines go before the next field the file has, in the schema's order.
          const next = pairs.find((pair) => order.indexOf(pair.key.value) > order.indexOf(key));
          const fresh = pairText(key, value[key], sub(key), indent, [...path, key]);
          if (next && startsLine(next.key.range[0])) edits.push([lineStart(next.key.range[0]), lineStart(next.key.range[0]), fresh]);
          else if (!next && text[end(pairs.at(-1).value) - 1] === "\n") edits.push([end(pairs.at(-1).value), end(pairs.at(-1).value), fresh]);
          else {
            edits.length = before;
            return false;
          }
        }
        return true;
      }

      if (!mapping(document.contents, data, schema, [])) return write(data);
      let out = text;
      for (const [from, to, fresh] of edits.sort((a, b) => b[0] - a[0])) out = out.slice(0, from) + fresh + out.slice(to);
      return out;
    }

    return { write, read, edit };
  }

  globalThis.casebookCaseYaml = make;
})();
