/**
 * What the scatter renderer draws, as plain data: the webview turns these into SVG DOM nodes (or canvas
 * calls for PNG) and the export turns them into SVG text. Colours are theme tokens, resolved by the page
 * from the `--vscode-*` variables, so the same description follows every theme.
 */

/** Theme colours: `charts.*` tokens plus the workbench foregrounds. */
export type ColorToken = 'foreground' | 'muted' | 'lines' | 'background' | 'red' | 'blue' | 'yellow' | 'orange' | 'green' | 'purple';

export const COLOR_TOKENS: readonly ColorToken[] = ['foreground', 'muted', 'lines', 'background', 'red', 'blue', 'yellow', 'orange', 'green', 'purple'];

/** Resolved colours, e.g. read from CSS variables. */
export type Palette = Readonly<Record<ColorToken, string>>;

/** The CSS variable each token is read from, and a fallback when the theme lacks it. */
export const TOKEN_VARIABLES: Readonly<Record<ColorToken, readonly [string, string]>> = {
  foreground: ['--vscode-foreground', '#cccccc'],
  muted: ['--vscode-descriptionForeground', '#9d9d9d'],
  lines: ['--vscode-charts-lines', '#808080'],
  background: ['--vscode-sideBar-background', '#1e1e1e'],
  red: ['--vscode-charts-red', '#f14c4c'],
  blue: ['--vscode-charts-blue', '#3794ff'],
  yellow: ['--vscode-charts-yellow', '#cca700'],
  orange: ['--vscode-charts-orange', '#d18616'],
  green: ['--vscode-charts-green', '#89d185'],
  purple: ['--vscode-charts-purple', '#b180d7'],
};

interface Styled {
  /** What the element is for: `mark`, `axis`, `tick`, `grid`, `budget`, `legend`, `frontier-line`, ... */
  readonly role: string;
  readonly fill?: ColorToken;
  readonly stroke?: ColorToken;
  readonly strokeWidth?: number;
  readonly opacity?: number;
  /** SVG `stroke-dasharray`. */
  readonly dash?: string;
}

export interface CircleElement extends Styled {
  readonly kind: 'circle';
  readonly cx: number;
  readonly cy: number;
  readonly r: number;
  /** The data point this mark stands for, for hover and click. */
  readonly pointId?: string;
}

export interface PathElement extends Styled {
  readonly kind: 'path';
  readonly d: string;
  readonly pointId?: string;
}

export interface LineElement extends Styled {
  readonly kind: 'line';
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
}

export interface TextElement extends Styled {
  readonly kind: 'text';
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly anchor: 'start' | 'middle' | 'end';
  readonly size: number;
  /** Degrees about (x, y), for the y-axis title. */
  readonly rotate?: number;
}

export type ChartElement = CircleElement | PathElement | LineElement | TextElement;

export interface ChartSize {
  readonly width: number;
  readonly height: number;
}
