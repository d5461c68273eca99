import test from 'node:test';
import assert from 'node:assert/strict';
import { parseJsoncObject } from '../../../../src/extension/settings/jsoncText';

test('settings.json with comments and trailing commas parses like VS Code reads it', () => {
  const text = `{
  // line comment
  "pnag.accuracySource": "evaluator", /* block */
  "pnag.evaluatorCommand": "node -e \\"console.log('// not a comment, /* nor this */')\\"",
  "list": [1, 2,],
}`;
  assert.deepEqual(parseJsoncObject(text), {
    'pnag.accuracySource': 'evaluator',
    'pnag.evaluatorCommand': `node -e "console.log('// not a comment, /* nor this */')"`,
    list: [1, 2],
  });
});

test('a comma inside a string before a brace is kept', () => {
  assert.deepEqual(parseJsoncObject('{"a": ",}"}'), { a: ',}' });
});

test('text that is not a JSONC object gives undefined, not an exception', () => {
  assert.equal(parseJsoncObject('{"a": '), undefined);
  assert.equal(parseJsoncObject('[1]'), undefined);
  assert.equal(parseJsoncObject(''), undefined);
});
