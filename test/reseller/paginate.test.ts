import { IqHttpError, IqResellerClient, IqValidationError } from '../../src';
import { startResellerSandbox, type ResellerSandbox } from '../../src/sandbox/reseller';

let sandbox: ResellerSandbox;
beforeEach(async () => {
  sandbox = await startResellerSandbox({ soCount: 45, inventoryCount: 40 });
});
afterEach(() => sandbox.close());

const client = () => new IqResellerClient({ apiKey: 'sandbox-api-key', signinUrl: sandbox.signinUrl, apiUrl: sandbox.apiUrl, retry: { retries: 0 } });
const SOS = '/webapi.svc/SO/JSON/GetSOs';

async function all<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}

it('walks every page and stops at a short page', async () => {
  const items = await all(client().paginate<{ soid: number }>({ module: 'SO', operation: 'GetSOs', pageSize: 10, pauseMs: 0, query: { SortBy: 0 } }));
  expect(items).toHaveLength(45);
  expect(new Set(items.map((i) => i.soid)).size).toBe(45);
  expect(sandbox.stats.byPath[SOS]).toBe(5);
  expect(sandbox.requests.at(-1)!.path).toContain('Page=5&PageSize=10');
});

it("stops at the vendor's past-the-end error when the last page was full", async () => {
  const items = await all(client().paginate({ module: 'Inventory', operation: 'GetInventories', pageSize: 20, pauseMs: 0 }));
  expect(items).toHaveLength(40);
  expect(sandbox.stats.byPath['/webapi.svc/Inventory/JSON/GetInventories']).toBe(3); // page 3 answered 500 "Object reference"
});

it('paces pages', async () => {
  const started = Date.now();
  await all(client().paginate({ module: 'SO', operation: 'GetSOs', pageSize: 15, pauseMs: 60 }));
  expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 60 - 5); // 4 pages, 3 pauses
});

it('retries a failing page a bounded number of times', async () => {
  sandbox.injectFault({ path: 'GetSOs', kind: 'status', status: 500, body: '{"code":500,"message":"Timeout expired"}', times: 2 });
  const items = await all(client().paginate({ module: 'SO', operation: 'GetSOs', pageSize: 50, pauseMs: 1, pageRetries: 2 }));
  expect(items).toHaveLength(45);
  sandbox.reset();
  sandbox.injectFault({ path: 'GetSOs', kind: 'status', status: 500, body: '{"code":500,"message":"Timeout expired"}', times: 3 });
  await expect(all(client().paginate({ module: 'SO', operation: 'GetSOs', pageSize: 50, pauseMs: 1, pageRetries: 2 }))).rejects.toBeInstanceOf(IqHttpError);
  expect(sandbox.stats.byPath[SOS]).toBe(3);
});

it('honours maxPages and refuses bad paging options', async () => {
  await expect(all(client().paginate({ module: 'SO', operation: 'GetSOs', pageSize: 10, pauseMs: 0, maxPages: 2 }))).resolves.toHaveLength(20);
  await expect(all(client().paginate({ module: 'SO', operation: 'GetSOs', pageSize: 0 }))).rejects.toBeInstanceOf(IqValidationError);
});

it('reports a first page that fails, rather than calling it empty', async () => {
  await expect(all(client().paginate({ module: 'SO', operation: 'GetSOs', pageSize: 5000 }))).rejects.toMatchObject({ status: 500 });
});
