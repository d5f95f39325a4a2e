import { IqResellerClient } from '../../src';
import { isoDate, normalize } from '../../src/iqreseller/normalize';
import { oneServerPerTest } from '../support/one-server';

it.each([
  ['3/6/2020 12:00:00 AM', '2020-03-06T00:00:00'],
  ['3/6/2020 12:30:05 PM', '2020-03-06T12:30:05'],
  ['12/31/2019 11:59 PM', '2019-12-31T23:59:00'],
  ['1/1/2021 1:02:03 am', '2021-01-01T01:02:03'],
  ['7/4/2022 16:45:00', '2022-07-04T16:45:00'],
  ['3/6/2020', '2020-03-06'],
  ['2/29/2024', '2024-02-29'],
  ['/Date(1583452800000)/', '2020-03-06T00:00:00.000Z'],
  ['/Date(1583452800000-0500)/', '2020-03-06T00:00:00.000Z'],
  ['/Date(-86400000)/', '1969-12-31T00:00:00.000Z'],
])('isoDate(%j) is %j', (text, iso) => {
  expect(isoDate(text)).toBe(iso);
});

it.each([
  ['2/30/2020'],
  ['13/1/2020'],
  ['2/29/2023'],
  ['3/6/2020 0:00:00 AM'],
  ['3/6/2020 13:00:00 PM'],
  ['3/6/2020 24:00:00'],
  ['3/6/2020 10:60:00 AM'],
  ['3/6/20'],
  ['2020-03-06'],
  ['Order of 3/6/2020'],
  ['/Date(abc)/'],
])('isoDate(%j) is not a date', (text) => {
  expect(isoDate(text)).toBeUndefined();
});

it('normalize trims text and converts dates at any depth, leaving other values and the input alone', () => {
  const answer = JSON.parse(
    '[{"so":"1042","soid":1042,"name":"  Acme  ","when":"3/6/2020 12:00:00 AM ","ok":true,"n":null,"lines":[{"d":"Cable   ","at":"/Date(0)/"}],"__proto__":{"x":" y "}}]',
  );
  const copy = JSON.stringify(answer);
  const out = normalize(answer) as Array<Record<string, unknown>>;
  expect(out[0]).toEqual({
    so: '1042',
    soid: 1042,
    name: 'Acme',
    when: '2020-03-06T00:00:00',
    ok: true,
    n: null,
    lines: [{ d: 'Cable', at: '1970-01-01T00:00:00.000Z' }],
    ['__proto__']: { x: 'y' },
  });
  expect(Object.getPrototypeOf(out[0])).toBe(Object.prototype);
  expect(Object.keys(out[0])).toContain('__proto__');
  expect(JSON.stringify(answer)).toBe(copy);
  expect(normalize(undefined)).toBeUndefined();
  expect(normalize('  ')).toBe('');
});

describe('deep answers', () => {
  const { serve } = oneServerPerTest();
  const DEPTH = 100_000;
  const deep = (leaf: string) => `${'{"a":['.repeat(DEPTH)}${leaf}${']}'.repeat(DEPTH)}`;

  it('normalize walks 100,000 levels without overflowing the stack, in a call and in a walk', async () => {
    const server = await serve((req, res) => {
      if (req.url.startsWith('/api/')) return res.writeHead(200, { 'content-type': 'application/json' }).end('{"Data":"feedfacefeedfacefeedface"}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(`[${deep('" 3/6/2020 "')}]`);
    });
    const base = new URL(server.url).origin;
    const iq = new IqResellerClient({ apiKey: 'sandbox-api-key', signinUrl: base, apiUrl: base, retry: { retries: 0 } });
    const [answer] = await iq.call<unknown[]>({ module: 'SO', operation: 'GetSOs', normalize: true });
    const records: unknown[] = [];
    for await (const record of iq.paginate({ module: 'SO', operation: 'GetSOs', pageBase: 1, pageSize: 1, pauseMs: 0, lookAhead: 1, normalize: true })) {
      records.push(record);
      break;
    }
    for (const value of [answer, records[0]]) {
      let node = value as { a: unknown[] } | string;
      for (let level = 0; level < DEPTH; level++) node = (node as { a: unknown[] }).a[0] as { a: unknown[] } | string;
      expect(node).toBe('2020-03-06');
    }
  });
});
