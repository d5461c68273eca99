import type { ChartElement, ChartSize, Palette } from './chartElement';

/** Escapes text for SVG content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * The attributes of one element, colours resolved. Presentation attributes only (no `style`), so the
 * same list serves the live DOM under the webview's CSP and the exported file.
 */
export function svgAttributes(element: ChartElement, palette: Palette): Array<[string, string]> {
  const attrs: Array<[string, string]> = [];
  switch (element.kind) {
    case 'circle':
      attrs.push(['cx', String(element.cx)], ['cy', String(element.cy)], ['r', String(element.r)]);
      break;
    case 'path':
      attrs.push(['d', element.d]);
      break;
    case 'line':
      attrs.push(['x1', String(element.x1)], ['y1', String(element.y1)], ['x2', String(element.x2)], ['y2', String(element.y2)]);
      break;
    case 'text':
      attrs.push(['x', String(element.x)], ['y', String(element.y)], ['text-anchor', element.anchor], ['font-size', String(element.size)]);
      if (element.rotate) attrs.push(['transform', `rotate(${element.rotate} ${element.x} ${element.y})`]);
      break;
  }
  attrs.push(['fill', element.fill ? palette[element.fill] : 'none']);
  if (element.stroke) attrs.push(['stroke', palette[element.stroke]]);
  if (element.strokeWidth !== undefined) attrs.push(['stroke-width', String(element.strokeWidth)]);
  if (element.dash) attrs.push(['stroke-dasharray', element.dash]);
  if (element.opacity !== undefined && element.opacity !== 1) attrs.push(['opacity', String(element.opacity)]);
  if ((element.kind === 'circle' || element.kind === 'path') && element.pointId !== undefined) attrs.push(['data-point-id', element.pointId]);
  attrs.push(['data-role', element.role]);
  return attrs;
}

/** A standalone SVG document of the plot, for export: colours resolved, a background, the font named. */
export function svgDocument(elements: readonly ChartElement[], size: ChartSize, palette: Palette, fontFamily = 'sans-serif'): string {
  const lines = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="0 0 ${size.width} ${size.height}" font-family="${escapeXml(fontFamily)}">`,
    `<rect width="${size.width}" height="${size.height}" fill="${escapeXml(palette.background)}"/>`,
  ];
  for (const element of elements) {
    const attrs = svgAttributes(element, palette)
      .map(([name, value]) => `${name}="${escapeXml(value)}"`)
      .join(' ');
    lines.push(element.kind === 'text' ? `<text ${attrs}>${escapeXml(element.text)}</text>` : `<${element.kind} ${attrs}/>`);
  }
  lines.push('</svg>');
  return `${lines.join('\n')}\n`;
}
