import type { ChartElement, ChartSize, Palette } from '../src/shared/chart/chartElement';
import { svgAttributes } from '../src/shared/chart/svgText';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Builds the plot's SVG DOM from the element descriptions: attributes only, nothing the CSP forbids. */
export function renderSvg(elements: readonly ChartElement[], size: ChartSize, palette: Palette): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('width', String(size.width));
  svg.setAttribute('height', String(size.height));
  svg.setAttribute('viewBox', `0 0 ${size.width} ${size.height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Frontier plot: cost against top-1 accuracy');
  svg.classList.add('plot');
  for (const element of elements) {
    const node = document.createElementNS(SVG_NS, element.kind);
    for (const [name, value] of svgAttributes(element, palette)) node.setAttribute(name, value);
    if (element.kind === 'text') node.textContent = element.text;
    if (element.role === 'mark') node.classList.add('mark');
    svg.append(node);
  }
  return svg;
}

/** The same plot drawn on a canvas (PNG export): no SVG image decoding, so nothing can taint the canvas. */
export function renderPng(elements: readonly ChartElement[], size: ChartSize, palette: Palette, fontFamily: string, scale = 2): string {
  const canvas = document.createElement('canvas');
  canvas.width = size.width * scale;
  canvas.height = size.height * scale;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.scale(scale, scale);
  ctx.fillStyle = palette.background;
  ctx.fillRect(0, 0, size.width, size.height);
  for (const element of elements) {
    ctx.save();
    ctx.globalAlpha = element.opacity ?? 1;
    ctx.setLineDash(element.dash ? element.dash.split(/\s+/).map(Number) : []);
    ctx.lineWidth = element.strokeWidth ?? 1;
    if (element.stroke) ctx.strokeStyle = palette[element.stroke];
    if (element.fill) ctx.fillStyle = palette[element.fill];
    switch (element.kind) {
      case 'circle':
        ctx.beginPath();
        ctx.arc(element.cx, element.cy, element.r, 0, 2 * Math.PI);
        if (element.fill) ctx.fill();
        if (element.stroke) ctx.stroke();
        break;
      case 'path': {
        const path = new Path2D(element.d);
        if (element.fill) ctx.fill(path);
        if (element.stroke) ctx.stroke(path);
        break;
      }
      case 'line':
        ctx.beginPath();
        ctx.moveTo(element.x1, element.y1);
        ctx.lineTo(element.x2, element.y2);
        ctx.stroke();
        break;
      case 'text':
        ctx.font = `${element.size}px ${fontFamily}`;
        ctx.textAlign = element.anchor === 'middle' ? 'center' : element.anchor === 'end' ? 'right' : 'left';
        ctx.translate(element.x, element.y);
        if (element.rotate) ctx.rotate((element.rotate * Math.PI) / 180);
        ctx.fillText(element.text, 0, 0);
        break;
    }
    ctx.restore();
  }
  return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}
