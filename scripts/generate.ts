// npm run generate: rebuilds generated/ from wsdl/ (the printIQ codec, its model,
// and wsdl-tsclient's node-soap client, which the tests use as the codec's oracle)
// and the Catalog test service's codec from test/asmx-service/wsdl/.
// Deterministic: a second run changes nothing. Each folder is replaced whole, atomically.
import { join, resolve } from 'node:path';
import { generateAll } from '../src/wsdl/generate';
import { fail } from './args';

const ROOT = resolve(__dirname, '..');
const runtime = { path: join(ROOT, 'src/soap/codec.ts') };

async function main(): Promise<void> {
  const printiq = await generateAll([join(ROOT, 'wsdl')], [join(ROOT, 'generated')], { runtime, oracle: true });
  const catalog = await generateAll([join(ROOT, 'test/asmx-service/wsdl')], [join(ROOT, 'test/asmx-service/generated')], { runtime, oracle: false });
  for (const codec of [...printiq, ...catalog]) {
    process.stdout.write(
      `Generated the ${codec.service} codec (${Object.keys(codec.model.elements).length} elements, ${Object.keys(codec.model.types).length} types)\n`,
    );
    for (const warning of codec.warnings) process.stdout.write(`  left out: ${warning}\n`);
  }
}

main().catch(fail);
