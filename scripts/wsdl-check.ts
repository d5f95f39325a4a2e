// npm run wsdl:check -- [--url <wsdl url>]   compares with wsdl/; exits 1 and prints what changed
// npm run wsdl:update -- [--url <wsdl url>]  takes the new WSDL into wsdl/ and regenerates generated/
// The CLI's `wsdl` command with this repository's layout (and --help for its options).
import { join, resolve } from 'node:path';
import { main } from '../src/cli/main';

const ROOT = resolve(__dirname, '..');
const [first, ...rest] = process.argv.slice(2);
const update = first === '--update';
const args = update ? rest : process.argv.slice(2);
const layout = update ? ['--dir', 'wsdl', '--out', 'generated', '--runtime', join(ROOT, 'src/soap/codec.ts'), '--oracle'] : ['--dir', 'wsdl'];
const io = { out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t), env: process.env };
main(['wsdl', update ? 'update' : 'check', ...layout, ...args], io).then((code) => {
  process.exitCode = code;
});
