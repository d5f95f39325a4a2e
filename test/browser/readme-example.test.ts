// The README's Express example is the example app's code: the block under its heading is
// examples/express-sso/app.ts, less the file's opening comment.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const HEADING = '## Example: send a signed-in user of an Express app into printIQ';

test('the README shows examples/express-sso/app.ts word for word', () => {
  const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
  const section = readme.indexOf(`\n${HEADING}\n`);
  expect(section).toBeGreaterThan(0);
  const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(section))?.[1];
  const app = readFileSync(resolve(ROOT, 'examples/express-sso/app.ts'), 'utf8').replace(/^(\/\/.*\n)+/, '');
  expect(block).toBe(app);
});
