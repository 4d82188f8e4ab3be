// Where the presenter is and what the next action does: a moment's outcome is hidden until
// revealed (unless outcomes show at once), so "next" on a hidden outcome reveals it first,
// as a slide tool's build does; going back shows the earlier step as it was left, revealed.

export function createState(steps) {
  return { steps, index: 0, revealed: false, showAll: false };
}

/** Whether the outcome of the step on screen is visible. */
export function outcomeShown(state) {
  return state.showAll || state.revealed;
}

/** The state after ``action`` ("next", "previous", "first", "last", "reveal", "go" with ``index``). */
export function apply(state, action, index = 0) {
  const last = state.steps.length - 1;
  const onMoment = state.steps[state.index].kind === "moment";
  switch (action) {
    case "next":
      if (onMoment && !outcomeShown(state)) return { ...state, revealed: true };
      return state.index < last ? { ...state, index: state.index + 1, revealed: false } : state;
    case "previous":
      return state.index > 0 ? { ...state, index: state.index - 1, revealed: true } : state;
    case "first":
      return { ...state, index: 0, revealed: false };
    case "last":
      return { ...state, index: last, revealed: false };
    case "reveal":
      return { ...state, revealed: true };
    case "go":
      return { ...state, index: Math.max(0, Math.min(last, index)), revealed: false };
    default:
      return state;
  }
}
