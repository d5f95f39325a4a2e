// After tsc has built the CommonJS package into dist/src, writes the entry points:
// - dist/bundle/{index,wsdl,redis}.cjs: the main entry, the WSDL tooling and the
//   Redis session store, each one file (a new process loads one file instead of
//   sixty: most of a cold start's require time is module resolution);
// - dist/bundle/shared.cjs: what the entries must share rather than copy, so
//   that instanceof holds across them: the error classes, and the session store
//   contract (IqStoreError, thrown by the Redis store and tested for by the client);
// - dist/esm/*.mjs: thin ES module entries re-exporting the CommonJS ones, so
//   `import` and `require` share one copy of the code.
// The sandbox, the OpenTelemetry bridge (it meets the package only on named
// diagnostics channels) and the CLI run from dist/src as tsc wrote it.
const { mkdirSync, readdirSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { build } = require('esbuild');

const dist = join(__dirname, '..', 'dist');
const ERRORS = join(dist, 'src', 'errors');
const SHARED = [
  join(ERRORS, 'index.js'),
  ...readdirSync(ERRORS)
    .filter((name) => /^Iq\w*Error\.js$/.test(name))
    .map((name) => join(ERRORS, name)),
  join(dist, 'src', 'iqreseller', 'session', 'store.js'),
];
const isShared = (file) => SHARED.includes(file);

/** Imports that land in the shared modules resolve to the one shared bundle. */
const sharedModules = {
  name: 'shared-modules',
  setup(b) {
    b.onResolve({ filter: /^\./ }, (args) => {
      const file = resolve(args.resolveDir, args.path);
      return isShared(file) || isShared(`${file}.js`) ? { path: './shared.cjs', external: true } : undefined;
    });
  },
};

const options = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', logLevel: 'warning', legalComments: 'none' };

async function main() {
  await build({
    ...options,
    stdin: { contents: SHARED.map((f) => `Object.assign(module.exports, require(${JSON.stringify(f)}));`).join('\n'), resolveDir: dist, loader: 'js' },
    outfile: join(dist, 'bundle', 'shared.cjs'),
  });
  for (const [entry, out] of [
    ['src/index.js', 'index.cjs'],
    ['src/wsdl/index.js', 'wsdl.cjs'],
    ['src/redis/index.js', 'redis.cjs'],
  ]) {
    await build({ ...options, entryPoints: [join(dist, entry)], outfile: join(dist, 'bundle', out), plugins: [sharedModules] });
  }
  writeEsmEntries();
}

function writeEsmEntries() {
  const entries = {
    index: '../bundle/index.cjs',
    sandbox: '../src/sandbox/index.js',
    redis: '../bundle/redis.cjs',
    otel: '../src/otel/index.js',
    wsdl: '../bundle/wsdl.cjs',
  };
  const types = {
    index: '../src/index.js',
    sandbox: '../src/sandbox/index.js',
    redis: '../src/redis/index.js',
    otel: '../src/otel/index.js',
    wsdl: '../src/wsdl/index.js',
  };
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
