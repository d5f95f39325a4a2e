import { randomFor } from './random';

/**
 * Deterministic sample records shaped like the vendor's: lower-case field names, numeric ids,
 * WCF-style dates (`/Date(ms)/`). Some names hold `&`, `<`, quotes and non-ASCII letters on
 * purpose, so clients and the XML writer are exercised on escaping.
 */
export type SampleRecord = Record<string, string | number | boolean>;

export interface SampleCounts {
  cvCount: number;
  soCount: number;
  inventoryCount: number;
}

const ITEM_COUNT = 30;
const BASE_DATE_MS = Date.UTC(2024, 0, 1);
const DAY_MS = 86_400_000;

const NAME_STEMS = [
  'Smith & Sons', 'Acme Components', "O'Reilly Parts", 'Müller Elektronik', 'Blue <Ridge> Supply',
  'Northwind Traders', 'Contoso "Prime" Systems', 'Fabrikam', 'Globex', 'Initech', 'Umbrella Tech',
  'Stark Surplus', 'Wayne Hardware',
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
const slug = (text: string): string =>
  text.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '').toLowerCase();

export class SampleData {
  constructor(private readonly counts: SampleCounts) {}

  cvs(): SampleRecord[] {
    return range(this.counts.cvCount).map((id) => this.cv(id));
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

  items(): SampleRecord[] {
    return range(ITEM_COUNT).map((id) => this.item(id));
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

  inventories(): SampleRecord[] {
    return range(this.counts.inventoryCount).map((inventoryid) => {
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
    });
  }

  sos(): SampleRecord[] {
    return range(this.counts.soCount).map((soid) => {
      const r = randomFor('so', soid);
      const cvid = this.counts.cvCount > 0 ? ((soid * 7) % this.counts.cvCount) + 1 : 0;
      const lines = this.soDetailsOf(soid);
      const total = lines.reduce((sum, line) => sum + (line.extprice as number), 0);
      return {
        soid,
        sonumber: `SO${100000 + soid}`,
        cvid,
        customername: cvid > 0 ? (this.cv(cvid).name as string) : '',
        ponumber: `PO-${r.int(10000, 99999)}`,
        orderdate: wcfDate(BASE_DATE_MS + soid * DAY_MS),
        status: r.pick(SO_STATUSES),
        salesrep: r.pick(FIRST_NAMES),
        currency: 'USD',
        linecount: lines.length,
        total: Math.round(total * 100) / 100,
      };
    });
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
        description: item.description,
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
