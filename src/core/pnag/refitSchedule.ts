/** The data grows by this factor between two checks of an optional model of the Thompson rounds (a check fits several). */
export const REFIT_GROWTH = 1.15;

/** Says when the measured networks have grown enough since the last check for another. */
export class RefitSchedule {
  private checkedAt = 0;

  due(networks: number): boolean {
    if (networks <= 0 || networks < this.checkedAt * REFIT_GROWTH) return false;
    this.checkedAt = networks;
    return true;
  }
}
