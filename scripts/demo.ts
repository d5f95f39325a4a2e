// npm run demo: the CLI's demo command, from source.
import { main } from '../src/cli/main';

main(['demo', ...process.argv.slice(2)], { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: process.env }).then((code) => {
  process.exitCode = code;
});
