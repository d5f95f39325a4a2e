// After tsc has built the CommonJS package into dist/src, writes the entry points:
// - dist/bundle/{index,wsdl}.cjs: the main entry and the WSDL tooling, each one
//   file (a new process loads one file instead of sixty: most of a cold start's
//   require time is module resolution), sharing dist/bundle/errors.cjs, so that
//   every entry throws the same error classes and instanceof works across them;
// - dist/esm/*.mjs: thin ES module entries re-exporting the CommonJS ones, so
//   `import` and `require` share one copy of the code.
// The sandbox, the OpenTelemetry bridge (it meets the package only on named
// diagnostics channels) and the CLI run from dist/src as tsc wrote it.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { build } = require('esbuild');

const dist = join(__dirname, '..', 'dist');
// Every path to an error class: '../errors', '../errors/IqProtocolError', and './IqError' from inside errors/.
const ERRORS = /(^|\/)(errors(\/index)?|(errors\/)?Iq\w*Error)(\.js)?$/;

/** Imports of the error classes resolve to the one shared errors bundle. */
const sharedErrors = {
  name: 'shared-errors',
  setup(build) {
    build.onResolve({ filter: ERRORS }, () => ({ path: './errors.cjs', external: true }));
  },
};

function bundle(entry, out, plugins) {
  return build({ entryPoints: [join(dist, entry)], outfile: join(dist, 'bundle', out), bundle: true, platform: 'node', format: 'cjs', target: 'node20', plugins, logLevel: 'warning', legalComments: 'none' });
}

async function main() {
  await bundle('src/errors/index.js', 'errors.cjs', []);
  await bundle('src/index.js', 'index.cjs', [sharedErrors]);
  await bundle('src/wsdl/index.js', 'wsdl.cjs', [sharedErrors]);
  writeEsmEntries();
}

function writeEsmEntries() {
  const entries = { index: '../bundle/index.cjs', sandbox: '../src/sandbox/index.js', otel: '../src/otel/index.js', wsdl: '../bundle/wsdl.cjs' };
  const types = { index: '../src/index.js', sandbox: '../src/sandbox/index.js', otel: '../src/otel/index.js', wsdl: '../src/wsdl/index.js' };
  mkdirSync(join(dist, 'esm'), { recursive: true });
  for (const [name, target] of Object.entries(entries)) {
    const names = Object.keys(require(join(dist, 'esm', target))).filter((key) => key !== 'default' && key !== '__esModule');
    writeFileSync(join(dist, 'esm', `${name}.mjs`), `import cjs from '${target}';\nexport const { ${names.join(', ')} } = cjs;\n`);
    writeFileSync(join(dist, 'esm', `${name}.d.mts`), `export * from '${types[name]}';\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
