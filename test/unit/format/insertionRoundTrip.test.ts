import test from 'node:test';
import assert from 'node:assert/strict';
import { formatInsertion, type InsertionOptions, JSON_INSERTIONS, PYTHON_INSERTIONS } from '../../../src/core/format/architectureInsertion';
import { archKey, randomArch } from '../../../src/core/space/arch';
import { parseArchText } from '../../../src/core/space/parseArch';
import { toPnagString } from '../../../src/core/space/pnagString';
import { Random } from '../../../src/core/util/random';
import { findArchitectures } from '../../../src/extension/editor/findArchitectures';

const FACTS = { budget: '450M', maddsM: 449.7, costModel: 'madds:pnag', paramsM: 7.1, top1: 79.5, accuracySource: 'ofa-predictor' };
const SCRIPT_LANGUAGES = ['typescript', 'javascript', 'typescriptreact', 'javascriptreact'];
const EDITOR_LANGUAGES = new Set(['python', 'json', 'jsonc', 'yaml']);

/** Every language and setting the insertion formatter knows, each once. */
function everyFormat(): [string, InsertionOptions][] {
  return [
    ...PYTHON_INSERTIONS.map((python): [string, InsertionOptions] => ['python', { python }]),
    ...JSON_INSERTIONS.flatMap((json): [string, InsertionOptions][] => [
      ['json', { json }],
      ['jsonc', { json }],
    ]),
    ['yaml', {}],
    ...SCRIPT_LANGUAGES.map((language): [string, InsertionOptions] => [language, {}]),
    ['markdown', {}],
    ['plaintext', {}],
  ];
}

test('every insertion format of every language reads back through the one parser, for 200 random architectures', () => {
  const rng = new Random(20230612);
  const formats = everyFormat();
  assert.equal(formats.length, 3 + 4 + 1 + 4 + 2);
  for (let i = 0; i < 200; i++) {
    const arch = randomArch(rng, { width: i % 2 ? 1.0 : 1.2, resolution: 128 + 4 * rng.int(25) });
    for (const [language, options] of formats) {
      const label = `${language} ${JSON.stringify(options)} ${toPnagString(arch)} w${arch.width} r${arch.resolution}`;
      for (const indent of ['', '    ']) {
        const { text } = formatInsertion(language, arch, FACTS, { ...options, indent });
        // Defaults that differ from the architecture, so a format that drops r or w fails here; OFA's call
        // carries neither (the network is built at its width, the input fed at its resolution).
        const other = { width: arch.width === 1.2 ? 1.0 : 1.2, resolution: arch.resolution === 224 ? 160 : 224 };
        const read = options.python === 'setActiveSubnet' ? { width: arch.width, resolution: arch.resolution } : other;
        const expected = archKey(arch);
        assert.equal(archKey(parseArchText(text, {}, read)), expected, `parseArchText: ${label}`);
        if (EDITOR_LANGUAGES.has(language)) {
          const found = findArchitectures(`${indent}${text}\n`, language, read);
          assert.equal(found.length, 1, `findArchitectures: ${label}: ${JSON.stringify(found.map((f) => f.error ?? f.kind))}`);
          assert.equal(archKey(found[0].arch!), expected, `findArchitectures: ${label}`);
        }
      }
    }
  }
});
