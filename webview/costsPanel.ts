import '@vscode-elements/elements/dist/vscode-badge/index.js';
import type { ArchCosts } from '../src/shared/protocol';
import { element } from './dom';

function millions(value: number): string {
  return `${value.toFixed(2)} M`;
}

function costRow(list: HTMLDListElement, label: string, value: string, note: string, testId: string): void {
  const term = element('dt', undefined, label);
  const badge = document.createElement('vscode-badge');
  badge.textContent = note;
  term.append(' ', badge);
  const detail = element('dd', 'value', value);
  detail.dataset.testid = testId;
  list.append(term, detail);
}

/** The last inserted architecture's exact costs, in both MAdds counts. */
export function renderCosts(costs: ArchCosts, generateButton: HTMLElement): HTMLElement {
  const section = element('section', 'costs');
  section.append(element('h2', undefined, 'Last architecture'));
  const list = element('dl');
  costRow(list, 'MAdds', millions(costs.maddsOfaM), 'OFA count', 'madds-ofa');
  costRow(list, 'MAdds', millions(costs.maddsPnagM), 'PNAG count', 'madds-pnag');
  costRow(list, 'Params', millions(costs.paramsM), 'PyTorch', 'params');
  section.append(list);
  section.append(element('p', 'meta', `width ${costs.width.toFixed(1)} · resolution ${costs.resolution}`));
  const code = element('code', 'arch', costs.arch);
  code.dataset.testid = 'arch';
  section.append(code);
  section.append(element('p', 'note', 'OFA counts the classifier, as OFA and DyNAS-T tables do; PNAG leaves it out, as its paper does.'), generateButton);
  return section;
}
