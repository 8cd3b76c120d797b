import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InteractionEnv } from './interaction-env';

/**
 * etcd-style interaction scripts: testdata/*.txt hold commands, each followed by `----` and the
 * exact output expected. Run with REWRITE=1 to regenerate the expected output, then review the
 * diff. Tests run from dist/, the scripts stay in the source tree.
 */
const TESTDATA = join(__dirname, '..', '..', '..', 'test', 'interaction', 'testdata');

interface Block {
  command: string;
  expected: string;
}

function parse(text: string): Block[] {
  const blocks: Block[] = [];
  const parts = text.split(/^(?=\S.*\n----\n)/m).filter((p) => p.trim() !== '' && !p.trim().startsWith('#'));
  for (const part of parts) {
    const [command, rest] = part.split('\n----\n') as [string, string];
    blocks.push({ command: command.trim(), expected: rest.replace(/\n+$/, '') });
  }
  return blocks;
}

for (const file of readdirSync(TESTDATA).filter((f) => f.endsWith('.txt'))) {
  test(`interaction ${file}`, () => {
    const path = join(TESTDATA, file);
    const text = readFileSync(path, 'utf8');
    const header = text.match(/^(#.*\n)*/)![0];
    const env = new InteractionEnv();
    const outputs = parse(text.slice(header.length)).map((b) => {
      const [command, ...args] = b.command.split(/\s+/);
      return { ...b, actual: env.run(command!, args) };
    });
    if (process.env.REWRITE === '1') {
      writeFileSync(path, header + outputs.map((o) => `${o.command}\n----\n${o.actual}\n`).join('\n'));
      return;
    }
    for (const o of outputs) assert.equal(o.actual, o.expected, `${file}: output of "${o.command}"`);
  });
}
