// The Frontier view's page. Only the components used are imported, to keep dist/webview.js small.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-divider/index.js';
import { ArchCosts, parseHostMessage, parseViewState } from '../src/shared/protocol';
import { getVsCodeApi } from './vscodeApi';

const vscode = getVsCodeApi();
const root = document.getElementById('root') as HTMLElement;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

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

function generateButton(label: string): HTMLElement {
  const button = document.createElement('vscode-button');
  button.textContent = label;
  button.addEventListener('click', () => vscode.postMessage({ type: 'generate' }));
  return button;
}

function renderEmpty(): HTMLElement {
  const section = element('section', 'empty');
  section.append(
    element('p', undefined, 'No architecture yet. Generate one to see its multiply-adds and parameters here.'),
    generateButton('Generate architecture…'),
  );
  return section;
}

function renderCosts(costs: ArchCosts): HTMLElement {
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
  section.append(document.createElement('vscode-divider'));
  section.append(
    element('p', 'note', 'OFA counts the classifier, as OFA and DyNAS-T tables do; PNAG leaves it out, as its paper does.'),
    generateButton('Generate another…'),
  );
  return section;
}

function render(costs: ArchCosts | null): void {
  root.replaceChildren(costs ? renderCosts(costs) : renderEmpty());
  root.dataset.state = costs ? 'costs' : 'empty';
}

// Redraw what was shown before the page was hidden, before the host has even answered.
const saved = parseViewState(vscode.getState());
if (saved) render(saved.costs);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (!message) return;
  switch (message.type) {
    case 'showCosts':
      render(message.costs);
      vscode.setState({ costs: message.costs });
      break;
  }
});

vscode.postMessage({ type: 'ready' });
