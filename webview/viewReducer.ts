// What the Frontier view shows, and how each host message or user action changes it: a pure function with
// no DOM, so the rules (which slider budget survives a retrain, which answers are stale, what is saved) are
// unit-tested in Node. main.ts only renders the state this returns.
import type { ArchCosts, CostUnit, FrontierData, FrontierPoint, FrontierViewState, HostMessage } from '../src/shared/protocol';

export interface ViewModel {
  readonly costs: ArchCosts | null;
  readonly data: FrontierData | null;
  readonly busy: boolean;
  /** The slider's budget, in `budgetUnit`. */
  readonly budget?: number;
  readonly budgetUnit?: CostUnit;
  /** The point generated at the slider's budget, or why none was. */
  readonly live?: FrontierPoint;
  readonly liveError?: string;
  /** The last `generateAt` sent: answers to older ones are stale. */
  readonly requestId: number;
}

export type ViewEvent =
  | { readonly type: 'restored'; readonly saved: FrontierViewState }
  | { readonly type: 'host'; readonly message: HostMessage }
  | { readonly type: 'sliderMoved'; readonly budget: number }
  | { readonly type: 'generateRequested' };

export const INITIAL_VIEW: ViewModel = { costs: null, data: null, busy: false, requestId: 0 };

/** Above this many points the saved state leaves the archive out: the host replays it once the view is ready. */
export const SAVED_POINTS_LIMIT = 2_000;

export function reduceView(state: ViewModel, event: ViewEvent): ViewModel {
  switch (event.type) {
    case 'restored': {
      const { saved } = event;
      const restored: ViewModel = {
        ...INITIAL_VIEW,
        costs: saved.costs,
        data: saved.data ?? null,
        ...(saved.budget !== undefined ? { budget: saved.budget } : {}),
        ...(saved.budgetUnit ? { budgetUnit: saved.budgetUnit } : {}),
        ...(saved.live ? { live: saved.live } : {}),
      };
      return fitBudget(restored);
    }
    case 'sliderMoved':
      return state.data ? { ...state, budget: event.budget, budgetUnit: state.data.unit } : state;
    case 'generateRequested':
      return { ...state, requestId: state.requestId + 1 };
    case 'host':
      return reduceHostMessage(state, event.message);
  }
}

function reduceHostMessage(state: ViewModel, message: HostMessage): ViewModel {
  switch (message.type) {
    case 'showCosts':
      return { ...state, costs: message.costs };
    case 'showFrontier':
      return fitBudget({ ...state, data: message.data, busy: message.busy });
    case 'generated': {
      if (message.requestId < state.requestId) return state; // an answer to an older slider position
      return { ...state, live: message.point ? { ...message.point, series: 'live' } : undefined, liveError: message.error };
    }
  }
}

/**
 * Keeps the slider's budget only while it belongs to the plot: same unit, inside the trained range. After a
 * retrain in another unit or range it (and the point generated for it) would stretch the x axis to a budget
 * the slider cannot show, so the slider starts again from the middle of the new range.
 */
function fitBudget(state: ViewModel): ViewModel {
  const data = state.data;
  if (!data) return state;
  const range = data.budgetRange;
  const fits =
    range !== undefined &&
    state.budget !== undefined &&
    state.budgetUnit === data.unit &&
    state.budget >= range.min &&
    state.budget <= range.max;
  if (fits) return state;
  const cleared: ViewModel = { ...state, live: undefined, liveError: undefined };
  return range
    ? { ...cleared, budget: (range.min + range.max) / 2, budgetUnit: data.unit }
    : { ...cleared, budget: undefined, budgetUnit: undefined };
}

/**
 * What `setState` keeps: enough to redraw at once when the view is shown again, but not a large archive,
 * which the host sends again anyway.
 */
export function savedViewState(state: ViewModel): FrontierViewState {
  const data = state.data && state.data.points.length > SAVED_POINTS_LIMIT ? withoutArchive(state.data) : state.data;
  return {
    costs: state.costs,
    data,
    ...(state.budget !== undefined && state.budgetUnit ? { budget: state.budget, budgetUnit: state.budgetUnit } : {}),
    ...(state.live ? { live: state.live } : {}),
  };
}

function withoutArchive(data: FrontierData): FrontierData {
  return { ...data, points: data.points.filter((p) => p.series !== 'archive').slice(0, SAVED_POINTS_LIMIT) };
}
