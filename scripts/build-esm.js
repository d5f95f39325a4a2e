// After tsc has built the CommonJS package into dist/, writes thin ES module
// entry points beside it, so `import` and `require` share one copy of the code
// (one set of error classes: instanceof works whichever way a user loads it).
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dist = join(__dirname, '..', 'dist');
const entries = { index: '../src/index.js', sandbox: '../src/sandbox/index.js', redis: '../src/redis/index.js', otel: '../src/otel/index.js' };

mkdirSync(join(dist, 'esm'), { recursive: true });
for (const [name, target] of Object.entries(entries)) {
  const names = Object.keys(require(join(dist, 'esm', target))).filter((key) => key !== 'default' && key !== '__esModule');
  const js = `import cjs from '${target}';\nexport const { ${names.join(', ')} } = cjs;\n`;
  const dts = `export * from '${target}';\n`;
  writeFileSync(join(dist, 'esm', `${name}.mjs`), js);
  writeFileSync(join(dist, 'esm', `${name}.d.mts`), dts);
}
