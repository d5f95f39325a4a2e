// Runs the ASMX test service in the foreground: `npm run asmx` prints its URL,
// Ctrl-C stops it.
import { startAsmxService } from './asmx-service';

startAsmxService().then(
  (service) => {
    process.stdout.write(`ASMX test service: ${service.url}\nWSDL: ${service.url}?wsdl\nCtrl-C to stop\n`);
    const stop = () => void service.stop().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    setInterval(() => undefined, 1 << 30);
  },
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  },
);
