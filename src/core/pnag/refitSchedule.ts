/** The data grows by this factor between two checks of an optional model of the Thompson rounds (a check fits several). */
export const REFIT_GROWTH = 1.15;

/**
 * Networks measured before the first check of the pair model and the fits around the budget: with 300
 * evaluations the checks from 58 networks on chose additions that cost 0.05-0.08 point on every tuning oracle,
 * judged from held-out quarters of 15-40 networks. From 150 on they cost 0.03-0.05 less there, and trainings
 * of 1,000 or more evaluations, whose coverage design alone measures ~200, are unchanged (docs/evaluation-budget.md,
 * "Session 10").
 */
export const FIRST_CHECK_NETWORKS = 150;

/** Says when the measured networks have grown enough since the last check for another (none before `firstAt`). */
export class RefitSchedule {
  private checkedAt = 0;

  constructor(private readonly firstAt = FIRST_CHECK_NETWORKS) {}

  due(networks: number): boolean {
    if (networks <= 0 || networks < this.firstAt || networks < this.checkedAt * REFIT_GROWTH) return false;
    this.checkedAt = networks;
    return true;
  }
}
