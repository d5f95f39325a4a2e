// npm run generate -- [--wsdl <dir>] [--out <dir>]
// Rebuilds generated/ from the WSDL snapshot. Deterministic: a second run changes nothing.
import { resolve } from 'node:path';
import { generateStubs } from '../src/wsdl/generate';
import { fail, flag } from './args';

const wsdlDir = resolve(flag('wsdl') ?? 'wsdl');
const outDir = resolve(flag('out') ?? 'generated');
generateStubs(wsdlDir, outDir).then(() => process.stdout.write(`Generated SOAP stubs from ${wsdlDir} into ${outDir}\n`), fail);
