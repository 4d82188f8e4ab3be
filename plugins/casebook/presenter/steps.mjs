// The presenter's steps, in order, from the data the page carries (pages/presenter.py):
// for each case its title and company, each moment (stage, touchpoint, then the outcome
// once revealed), its lessons and its questions; a workshop goes on to its next case.

/** @returns {{kind: "title"|"moment"|"lessons"|"questions", caseIndex: number, momentIndex?: number}[]} */
export function buildSteps(data) {
  const steps = [];
  data.cases.forEach((item, caseIndex) => {
    steps.push({ kind: "title", caseIndex });
    item.moments.forEach((moment, momentIndex) => steps.push({ kind: "moment", caseIndex, momentIndex }));
    if (item.lessons.length) steps.push({ kind: "lessons", caseIndex });
    if (item.questions.length) steps.push({ kind: "questions", caseIndex });
  });
  return steps;
}

/** Fill a label's {name} placeholders. */
export function fill(text, values = {}) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}
