// A sandbox left running (iq-integration sandbox) keeps a bounded request log.
import { startHttpSandbox } from '../../src/sandbox/shared/http-sandbox';

it('keeps only the newest requests in its log, however many it served', async () => {
  const counters = { requests: 0, connections: 0 };
  const sandbox = await startHttpSandbox(
    {
      host: '127.0.0.1',
      port: 0,
      latencyMs: 0,
      counters,
      requestLogLimit: 5,
      statusFaultReply: () => ({ status: 500, headers: {}, body: '' }),
      errorReply: (status) => ({ status, headers: {}, body: '' }),
    },
    () => () => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' }),
  );
  try {
    const origin = `http://127.0.0.1:${sandbox.address.port}`;
    for (let i = 0; i < 12; i++) await (await fetch(`${origin}/r${i}`)).text();
    expect(counters.requests).toBe(12);
    expect(sandbox.requests.map((r) => r.path)).toEqual(['/r7', '/r8', '/r9', '/r10', '/r11']);
  } finally {
    await sandbox.close();
  }
});
