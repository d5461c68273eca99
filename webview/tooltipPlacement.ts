// Where the plot's tooltip goes, as plain geometry (no DOM), so the flips at the view's edges are unit-tested.

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface TooltipInput {
  /** The pointer, relative to the plot box's top-left corner. */
  readonly pointerX: number;
  readonly pointerY: number;
  /** The plot box: its width, and its top relative to the window. */
  readonly boxWidth: number;
  readonly boxTop: number;
  readonly windowHeight: number;
  /** Where the plot area starts, right of the y axis's numbers. */
  readonly axisLeft: number;
  /** The tooltip's size as laid out without a width limit. */
  readonly tip: Size;
  /** Lays the tooltip out again narrowed to `maxWidth` and returns its new size. */
  readonly measureNarrowed: (maxWidth: number) => Size;
}

export interface TooltipPlacement {
  readonly left: number;
  readonly top: number;
  /** Set when the tooltip had to be narrowed to fit. */
  readonly maxWidth?: number;
}

export const TIP_GAP = 12;
const MIN_NARROW_WIDTH = 120;

/**
 * Beside the pointer where it fits (right, else left), so the hovered mark stays visible; in a sidebar
 * too narrow for either, across the plot's width below the pointer, or above it near the window's bottom.
 */
export function placeTooltip(input: TooltipInput): TooltipPlacement {
  const { pointerX: px, pointerY: py, boxWidth } = input;
  let { width: w, height: h } = input.tip;
  let left: number;
  let maxWidth: number | undefined;
  if (px + TIP_GAP + w <= boxWidth) left = px + TIP_GAP;
  else if (px - TIP_GAP - w >= 0) left = px - TIP_GAP - w;
  else {
    maxWidth = Math.max(MIN_NARROW_WIDTH, boxWidth - input.axisLeft);
    ({ width: w, height: h } = input.measureNarrowed(maxWidth));
    left = Math.max(0, Math.min(input.axisLeft, boxWidth - w));
  }
  const beside = left >= px + TIP_GAP || left + w <= px - TIP_GAP;
  // Beside the pointer it may sit level with it; otherwise it must clear the mark vertically.
  const below = beside ? py - h / 3 : py + TIP_GAP;
  const above = beside ? py - h + h / 3 : py - TIP_GAP - h;
  const fitsBelow = input.boxTop + below + h <= input.windowHeight;
  // Never above the window's top edge.
  const top = Math.max(-input.boxTop, fitsBelow ? below : above);
  return { left: Math.round(left), top: Math.round(top), ...(maxWidth !== undefined ? { maxWidth } : {}) };
}
