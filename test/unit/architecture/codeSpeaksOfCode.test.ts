import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// Comments explain the code to its next reader; who wrote a part is history (git), not documentation.
// And a command id is declared once: a second constant drifts apart from the registered one.
const ROOT = join(__dirname, '..', '..', '..');
const SOURCES = [join(ROOT, 'src'), join(ROOT, 'webview')];

/** Phrases that speak of the people who built a part rather than of the part. */
const TEAM_TALK = /\b(?:engineers?(?:'s)?|the lead|teammates?|reviewers?)\b/i;
const COMMAND_CONSTANT = /\bconst\s+\w+\s*=\s*'(pnag\.[A-Za-z]+)'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The comment text of a line: after `//`, or inside a block comment's line (`*`, `/**`). */
function commentOf(line: string): string | undefined {
  const trimmed = line.trim();
  if (/^(?:\/\*\*?|\*)/.test(trimmed)) return trimmed;
  const at = line.indexOf('// ');
  return at === -1 ? undefined : line.slice(at);
}

test('the team-talk detector finds a person, not an identifier', () => {
  assert.ok(TEAM_TALK.test("/** The editor engineer's insertion command. */"));
  assert.ok(TEAM_TALK.test('// ask the lead'));
  assert.ok(!TEAM_TALK.test('// an EngineError is a bug in the engine'));
});

test('comments in src/ and webview/ speak of the code, not of who wrote it', () => {
  const found: string[] = [];
  for (const file of SOURCES.flatMap(sourceFiles)) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const comment = commentOf(line);
        if (comment !== undefined && TEAM_TALK.test(comment)) found.push(`${relative(ROOT, file)}:${i + 1}: ${comment}`);
      });
  }
  assert.deepEqual(found, []);
});

test('each pnag.* id is declared as a constant in one file only', () => {
  const declaredIn = new Map<string, string[]>();
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(COMMAND_CONSTANT)) {
      declaredIn.set(match[1], [...(declaredIn.get(match[1]) ?? []), relative(ROOT, file)]);
    }
  }
  const twice = [...declaredIn].filter(([, files]) => files.length > 1).map(([id, files]) => `${id}: ${files.join(', ')}`);
  assert.deepEqual(twice, []);
});
