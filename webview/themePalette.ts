import { COLOR_TOKENS, type ColorToken, type Palette, TOKEN_VARIABLES } from '../src/shared/chart/chartElement';

/** Reads each chart colour from the theme's CSS variables; a fallback keeps the plot readable without them. */
export function readPalette(): Palette {
  const style = getComputedStyle(document.documentElement);
  const entries = COLOR_TOKENS.map((token): [ColorToken, string] => {
    const [variable, fallback] = TOKEN_VARIABLES[token];
    const value = style.getPropertyValue(variable).trim();
    return [token, value === '' ? fallback : value];
  });
  return Object.fromEntries(entries) as Record<ColorToken, string>;
}

export function readFontFamily(): string {
  return getComputedStyle(document.documentElement).getPropertyValue('--vscode-font-family').trim() || 'sans-serif';
}

/**
 * Calls `onChange` when VS Code switches theme: it rewrites the body's class (`vscode-dark`, ...) and
 * `data-vscode-theme-kind`, and the `--vscode-*` variables on <html> with them.
 */
export function watchTheme(onChange: () => void): MutationObserver {
  const observer = new MutationObserver(() => onChange());
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind', 'data-vscode-theme-id'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return observer;
}
