// Deterministic sample records shaped like the vendor's, made as they are asked
// for: record N of a list is the same whatever the counts, and a list of a
// million sales orders costs no memory until a page of it is read.

/**
 * A record as the vendor sends it: lower-case field names, numeric ids, WCF-style dates
 * (`/Date(ms)/`) on CVs and inventory, and on sales orders what integrations found there:
 * US-format date strings (`3/6/2020 12:00:00 AM`), text padded with spaces, nested `SODetails`.
 * Some names hold `&`, `<`, quotes and non-ASCII letters on purpose, to exercise escaping.
 */
export interface SampleRecord {
  [field: string]: string | number | boolean | SampleRecord[];
}

/** A list read by position (from 0), without being held in memory. */
export interface RecordList {
  readonly length: number;
  at(offset: number): SampleRecord;
}

export interface SampleCounts {
  cvCount: number;
  soCount: number;
  inventoryCount: number;
}

const ITEM_COUNT = 30;
const BASE_DATE_MS = Date.UTC(2024, 0, 1);
const DAY_MS = 86_400_000;

const NAME_STEMS = [
  'Smith & Sons',
  'Acme Components',
  "O'Reilly Parts",
  'Müller Elektronik',
  'Blue <Ridge> Supply',
  'Northwind Traders',
  'Contoso "Prime" Systems',
  'Fabrikam',
  'Globex',
  'Initech',
  'Umbrella Tech',
  'Stark Surplus',
  'Wayne Hardware',
] as const;
const NAME_SUFFIXES = ['Inc.', 'LLC', 'Ltd', 'GmbH', 'Corp.', 'Group', 'Holdings', 'Co.'] as const;
const CV_TYPES = ['Customer', 'Vendor', 'Customer/Vendor'] as const;
const PLACES = [
  { city: 'Tampa', state: 'FL', country: 'USA' },
  { city: 'Austin', state: 'TX', country: 'USA' },
  { city: 'Toronto', state: 'ON', country: 'Canada' },
  { city: 'Auckland', state: 'AUK', country: 'New Zealand' },
  { city: 'München', state: 'BY', country: 'Germany' },
  { city: 'Leeds', state: 'WYK', country: 'United Kingdom' },
] as const;
const FIRST_NAMES = ['Ana', 'Ben', 'Chloé', 'Dev', 'Erin', 'Farid', 'Grace', 'Hiro'] as const;
const LAST_NAMES = ['Ng', "O'Neil", 'Patel', 'Quinn', 'Rossi', 'Schmidt', 'Tanaka'] as const;
const TITLES = ['Buyer', 'Purchasing Manager', 'Accounts Payable', 'Sales & Ops'] as const;
const MANUFACTURERS = ['Cisco', 'HP', 'Dell', 'Juniper', 'Seagate', 'Intel'] as const;
const CATEGORIES = ['Switch', 'Server', 'Hard Drive', 'Memory', 'Cable 6" Cat6', 'Transceiver'] as const;
const CONDITIONS = ['New', 'Refurbished', 'Used', 'New Open Box'] as const;
const SO_STATUSES = ['Open', 'Shipped', 'Closed', 'Cancelled'] as const;
const TERMS = ['Net 30', 'Prepaid', 'COD', ''] as const;

const wcfDate = (ms: number): string => `/Date(${ms})/`;
/** `3/6/2020 2:05:09 PM`: how the vendor writes a .NET DateTime in sales orders (US format, no zone). */
function usDate(ms: number): string {
  const d = new Date(ms);
  const hours = d.getUTCHours();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${hours % 12 || 12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`;
}
/** Text as a fixed-width (char(n)) column holds it: padded with spaces. */
const padded = (text: string, width: number): string => text.padEnd(width, ' ');
const slug = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '')
    .toLowerCase();

export class SampleData {
  constructor(private readonly counts: SampleCounts) {}

  cvs(): RecordList {
    return listOf(this.counts.cvCount, (offset) => this.cv(offset + 1));
  }

  cv(cvid: number): SampleRecord {
    const r = randomFor('cv', cvid);
    const stem = NAME_STEMS[(cvid - 1) % NAME_STEMS.length];
    const suffix = NAME_SUFFIXES[Math.floor((cvid - 1) / NAME_STEMS.length) % NAME_SUFFIXES.length];
    const place = r.pick(PLACES);
    return {
      cvid,
      name: `${stem} ${suffix}`,
      cvtype: r.pick(CV_TYPES),
      email: `sales${cvid}@${slug(stem)}.example`,
      phone: `+1-555-${r.int(100, 999)}-${r.int(1000, 9999)}`,
      city: place.city,
      state: place.state,
      country: place.country,
      isactive: cvid % 7 !== 0,
      udf1: r.pick(TERMS),
      creditlimit: r.int(1, 50) * 1000,
      lastmodified: wcfDate(BASE_DATE_MS + cvid * DAY_MS),
    };
  }

  contactsOf(cvid: number): SampleRecord[] {
    if (!this.hasId(cvid, this.counts.cvCount)) return [];
    const r = randomFor('contacts', cvid);
    const company = slug(NAME_STEMS[(cvid - 1) % NAME_STEMS.length]);
    return range(r.int(1, 3)).map((n) => {
      const first = r.pick(FIRST_NAMES);
      const last = r.pick(LAST_NAMES);
      return {
        contactid: cvid * 10 + n,
        cvid,
        firstname: first,
        lastname: last,
        title: r.pick(TITLES),
        email: `${slug(first)}.${slug(last)}@${company}.example`,
        phone: `+1-555-${r.int(100, 999)}-${r.int(1000, 9999)}`,
        isprimary: n === 1,
      };
    });
  }

  items(): RecordList {
    return listOf(ITEM_COUNT, (offset) => this.item(offset + 1));
  }

  item(itemid: number): SampleRecord {
    const r = randomFor('item', itemid);
    const mfg = r.pick(MANUFACTURERS);
    const category = r.pick(CATEGORIES);
    return {
      itemid,
      itemnumber: `${mfg.slice(0, 3).toUpperCase()}-${1000 + itemid}`,
      description: `${mfg} ${category} ${r.pick(['1U', '2U', '4TB', '32GB', '10G', '3ft'])}`,
      mfg,
      category,
      listprice: r.money(20, 4000),
    };
  }

  inventories(): RecordList {
    return listOf(this.counts.inventoryCount, (offset) => this.inventory(offset + 1));
  }

  inventory(inventoryid: number): SampleRecord {
    const r = randomFor('inventory', inventoryid);
    const item = this.item(((inventoryid - 1) % ITEM_COUNT) + 1);
    return {
      inventoryid,
      itemid: item.itemid,
      itemnumber: item.itemnumber,
      description: item.description,
      mfg: item.mfg,
      condition: r.pick(CONDITIONS),
      qty: r.int(0, 250),
      warehouse: r.pick(['MAIN', 'EAST', 'WEST']),
      location: `R${r.int(1, 20)}-S${r.int(1, 9)}`,
      cost: r.money(5, 3000),
      lastmodified: wcfDate(BASE_DATE_MS + inventoryid * 3_600_000),
    };
  }

  sos(): RecordList {
    return listOf(this.counts.soCount, (offset) => this.so(offset + 1));
  }

  so(soid: number): SampleRecord {
    const r = randomFor('so', soid);
    const cvid = this.counts.cvCount > 0 ? ((soid * 7) % this.counts.cvCount) + 1 : 0;
    const lines = this.soDetailsOf(soid);
    const total = lines.reduce((sum, line) => sum + (line.extprice as number), 0);
    return {
      soid,
      sonumber: `SO${100000 + soid}`,
      cvid,
      customername: padded(cvid > 0 ? (this.cv(cvid).name as string) : '', 40),
      ponumber: padded(`PO-${r.int(10000, 99999)}`, 20),
      orderdate: usDate(BASE_DATE_MS + soid * DAY_MS),
      modifieddate: usDate(BASE_DATE_MS + soid * DAY_MS + r.int(0, DAY_MS / 1000 - 1) * 1000),
      status: padded(r.pick(SO_STATUSES), 12),
      salesrep: padded(r.pick(FIRST_NAMES), 20),
      currency: 'USD',
      linecount: lines.length,
      total: Math.round(total * 100) / 100,
      SODetails: lines,
    };
  }

  soDetailsOf(soid: number): SampleRecord[] {
    if (!this.hasId(soid, this.counts.soCount)) return [];
    const r = randomFor('sodetail', soid);
    return range(r.int(1, 4)).map((lineno) => {
      const item = this.item(r.int(1, ITEM_COUNT));
      const qty = r.int(1, 20);
      const unitprice = r.money(10, 2000);
      return {
        sodetailid: soid * 10 + lineno,
        soid,
        lineno,
        itemid: item.itemid,
        itemnumber: item.itemnumber,
        description: padded(item.description as string, 50),
        qty,
        unitprice,
        extprice: Math.round(qty * unitprice * 100) / 100,
      };
    });
  }

  private hasId(id: number, count: number): boolean {
    return Number.isInteger(id) && id >= 1 && id <= count;
  }
}

/** 1..count */
function range(count: number): number[] {
  return Array.from({ length: Math.max(0, count) }, (_, i) => i + 1);
}

function listOf(length: number, at: (offset: number) => SampleRecord): RecordList {
  return { length, at };
}

/** A list of records already in memory (a filtered one). */
export function listFrom(records: SampleRecord[]): RecordList {
  return listOf(records.length, (offset) => records[offset]);
}

/**
 * Seeded pseudo-random numbers. Each record draws from its own generator, seeded by its
 * kind and id, so record N is the same whatever the requested counts are.
 */
interface Random {
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  money(min: number, max: number): number;
}

function randomFor(kind: string, id: number): Random {
  const next = mulberry32(hash(`${kind}:${id}`));
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    int,
    pick: (items) => items[int(0, items.length - 1)],
    money: (min, max) => Math.round((min + next() * (max - min)) * 100) / 100,
  };
}

/** FNV-1a, enough to spread small seeds. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
