// Casebook: interface labels in the page's language, for every script of the site.
//
// Labels come from data/labels.yaml through the page (never from code). A label with a
// count gives its plural forms ({one: "{count} case", other: "{count} cases"}), and the
// language's CLDR plural rules choose one, as Babel does on the Python side.

/** The labels `labels` (key → text, or key → plural forms) of language `lang`: { t, tn, number }. */
export function labeller(labels, lang) {
  const plurals = new Intl.PluralRules(lang);
  const numbers = new Intl.NumberFormat(lang);
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
  /** The label `key` with its {placeholders} filled in; the key itself where there is no such label. */
  const t = (key, values = {}) => fill(typeof labels[key] === "string" ? labels[key] : key, values);
  /** The label `key` in the plural form of `count`, with {count} formatted for the language. */
  const tn = (key, count, values = {}) => {
    const forms = labels[key] && typeof labels[key] === "object" ? labels[key] : {};
    return fill(forms[plurals.select(count)] ?? forms.other ?? key, { ...values, count: numbers.format(count) });
  };
  return { t, tn, has: (key) => key in labels, number: (value) => numbers.format(value) };
}
