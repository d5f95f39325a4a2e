// The one XML reader (src/xml/parse.ts) and the one escaper (src/xml/escape.ts).
import { XMLValidator } from 'fast-xml-parser';
import { Worker } from 'node:worker_threads';
import { IqProtocolError } from '../../src';
import { ResponseHeaders } from '../../src/http/response-headers';
import { readAnswer } from '../../src/iqreseller/answer';
import { escapeXmlAttribute, escapeXmlText, unwritableCharacter } from '../../src/xml/escape';
import { parseXml, readXml, textOf, XmlRefusedError, type XmlElement } from '../../src/xml/parse';

function refused(xml: string): XmlRefusedError {
  try {
    readXml(xml);
  } catch (error) {
    if (error instanceof XmlRefusedError) return error;
    throw new Error(`expected XmlRefusedError, got ${String(error)}`, { cause: error });
  }
  throw new Error(`accepted: ${JSON.stringify(xml.slice(0, 80))}`);
}

const SOAP =
  '<?xml version="1.0" encoding="utf-8"?>\n<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
  '<soap:Body><R xmlns="urn:r"><A>x &amp; y</A><B xsi:nil="true" /><C><![CDATA[<z>]]>tail</C></R></soap:Body></soap:Envelope>';

describe('readXml: what it reads', () => {
  it('resolves namespaces of elements and attributes, decodes text and joins CDATA', () => {
    const root = readXml(SOAP);
    expect([root.ns, root.local, root.name]).toEqual(['http://www.w3.org/2003/05/soap-envelope', 'Envelope', 'soap:Envelope']);
    const r = (root.children[0] as XmlElement).children[0] as XmlElement;
    expect([r.ns, r.local]).toEqual(['urn:r', 'R']);
    const [a, b, c] = r.children as XmlElement[];
    expect([a.ns, textOf(a)]).toEqual(['urn:r', 'x & y']);
    expect(b.attributes.get('{http://www.w3.org/2001/XMLSchema-instance}nil')).toBe('true');
    expect(c.children).toEqual(['<z>tail']);
  });

  it('normalizes line ends as XML 1.0 says, but keeps a CR given as a reference', () => {
    expect(readXml('<a>1\r\n2\r3&#xD;4</a>').children).toEqual(['1\n2\n3\r4']);
    expect(readXml('<a b="x\ty\r\nz&#9;"/>').attributes.get('b')).toBe('x y z\t');
  });

  it('reads names JavaScript treats specially as plain names', () => {
    expect(parseXml('<a><constructor>1</constructor><prototype>2</prototype><hasOwnProperty>3</hasOwnProperty></a>')).toEqual({
      a: { constructor: '1', prototype: '2', hasOwnProperty: '3' },
    });
    const parsed = parseXml('<a><toString>1</toString><toString>2</toString></a>') as { a: Record<string, unknown> };
    expect(parsed.a.toString).toEqual(['1', '2']);
    expect(Object.getPrototypeOf(parsed.a)).toBe(Object.prototype);
  });

  it('keeps the object shape of IQ Reseller answers: prefixes off, arrays for repeats, trimmed text, #text beside elements', () => {
    expect(parseXml('<?xml version="1.0"?><p:L xmlns:p="urn:x"><p:I> 1 </p:I><p:I>2</p:I><E/> t </p:L>')).toEqual({
      L: { I: ['1', '2'], E: '', '#text': 't' },
    });
  });

  it('accepts comments, processing instructions, a BOM and whitespace around the root', () => {
    expect(readXml('\uFEFF<?xml version="1.0"?>\n<!-- c --><?pi x?>\n<a>1<!-- in -->2</a>\n<!-- after -->\n').children).toEqual(['12']);
  });

  it('reads astral characters, literal and as references', () => {
    expect(textOf(readXml('<a>😀&#x1F600;&#128512;</a>'))).toBe('😀😀😀');
  });
});

describe('readXml: what it refuses, always as XmlRefusedError', () => {
  it.each([
    ['two root elements', '<a/><b/>', /multiple root elements/],
    ['text after the root', '<a/>x', /root level/],
    ['text before the root', 'x<a/>', /root level/],
    ['an empty document', '', /empty/],
    ['only a declaration', '<?xml version="1.0"?>', /Root element is missing/],
    ['a mismatched end tag', '<a><b></a></b>', /does not match/],
    ['an unclosed element', '<a><b/>', /truncated/],
    ['an undeclared entity', '<a>&nbsp;</a>', /undeclared entity 'nbsp'/],
    ['a bare ampersand', '<a>fish & chips</a>', /reference/],
    ["']]>' in text", '<a>x]]>y</a>', /\]\]>/],
    ['< in an attribute', '<a b="<"/>', /not allowed in the value/],
    ['a duplicate attribute', '<a b="1" b="2"/>', /given twice/],
    ['a duplicate attribute by namespace', '<a xmlns:p="u" xmlns:q="u" p:b="1" q:b="2"/>', /given twice/],
    ['an undeclared prefix', '<p:a/>', /undeclared prefix/],
    ['an unquoted attribute', '<a b=1/>', /not quoted/],
    ['a reference to NUL', '<a>&#0;</a>', /cannot carry/],
    ['a reference past Unicode', '<a>&#x110000;</a>', /cannot carry/],
    ['a reference to a lone surrogate', '<a>&#xD800;</a>', /cannot carry/],
    ['a literal U+FFFE', '<a>\uFFFE</a>', /U\+FFFE/],
    ['a literal lone surrogate', '<a>\uDC00</a>', /U\+DC00/],
    ['a control character', '<a>\u0001</a>', /U\+0001/],
    ['-- in a comment', '<a><!-- x -- y --></a>', /comment/],
    ['an XML declaration not at the start', '<a/><?xml version="1.0"?>', /declaration/],
    ['a malformed XML declaration', '<?xml version="2"?><a/>', /declaration/],
    ['a prefix bound to no namespace', '<a xmlns:p=""/>', /no namespace/],
    ['CDATA outside the root', '<![CDATA[x]]><a/>', /CDATA/],
  ])('%s', (_label, xml, message) => {
    const error = refused(xml);
    expect(error.reason).toBe('malformed');
    expect(error.message).toMatch(message);
  });

  it.each([
    ['a DOCTYPE', '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'],
    ['a lower-case doctype', '<!doctype html><html/>'.replace('doctype', 'DOCTYPE')],
    ['an ENTITY declaration without a DOCTYPE', '<!ENTITY x SYSTEM "file:///etc/passwd"><a/>'],
    ['a DOCTYPE inside the root', '<a><!DOCTYPE a></a>'],
  ])('%s is refused as a DTD, before anything is expanded', (_label, xml) => {
    expect(refused(xml).reason).toBe('dtd');
  });

  it('a DOCTYPE inside CDATA or a comment is only text', () => {
    expect(textOf(readXml('<a><![CDATA[<!DOCTYPE x>]]><!-- <!DOCTYPE y> --></a>'))).toBe('<!DOCTYPE x>');
  });

  it('nesting deeper than the limit is refused as a limit, at any depth given', () => {
    const deep = (n: number) => '<a>'.repeat(n) + '</a>'.repeat(n);
    expect(() => readXml(deep(100))).not.toThrow();
    expect(refused(deep(101)).reason).toBe('limit');
    expect(refused(deep(100_000)).reason).toBe('limit');
    expect(() => readXml(deep(5), { maxDepth: 4 })).toThrow(/deeper than 4/);
  });

  it('too many attributes or namespace declarations on one element are refused as a limit, at any cap given', () => {
    const attributes = (n: number) => `<a${Array.from({ length: n }, (_, i) => ` b${i}="1"`).join('')}/>`;
    const declarations = (n: number) => `<a${Array.from({ length: n }, (_, i) => ` xmlns:p${i}="urn:${i}"`).join('')}/>`;
    expect(readXml(attributes(256)).attributes.size).toBe(256);
    expect(refused(attributes(257)).message).toMatch(/more than 256 attributes/);
    expect(refused(attributes(50_000)).reason).toBe('limit');
    expect(readXml(declarations(64)).scope.get('p63')).toBe('urn:63');
    expect(refused(declarations(65)).reason).toBe('limit');
    expect(() => readXml(attributes(5), { maxAttributes: 4 })).toThrow(/more than 4 attributes/);
    expect(() => readXml(declarations(3), { maxNamespaceDeclarations: 2 })).toThrow(/more than 2 namespace declarations/);
  });

  // The test's timeout is the check: a pairwise duplicate check takes 10-40 s over 50 000 attributes, a Set ~50 ms.
  it('finds a duplicate attribute among tens of thousands in linear time', () => {
    const names = Array.from({ length: 50_000 }, (_, i) => ` b${i}="1"`).join('');
    const error = (() => {
      try {
        readXml(`<a${names} b49999="2"/>`, { maxAttributes: 60_000 });
      } catch (e) {
        return e as XmlRefusedError;
      }
    })();
    expect(error?.message).toMatch(/b49999 is given twice/);
  }, 5_000);

  it('shares namespace scopes: nested elements each declaring prefixes, 640 KB of them, read in a 128 MB heap', async () => {
    // 99 levels of 64 declarations of new prefixes, then siblings each declaring one more: a copy of
    // the scope per declaring element is 6 338 bindings per sibling, gigabytes in all.
    let open = '';
    let close = '';
    for (let level = 0; level < 99; level++) {
      open += `<e${Array.from({ length: 64 }, (_, i) => ` xmlns:p${level}x${i}="urn:${level}"`).join('')}>`;
      close += '</e>';
    }
    const sibling = '<c xmlns:q="urn:q"/>';
    const doc = open + sibling.repeat(Math.ceil((640 * 1024 - open.length - close.length) / sibling.length)) + close;
    const code = `require(${JSON.stringify(require.resolve('tsx/cjs'))});
      const { readXml } = require(${JSON.stringify(require.resolve('../../src/xml/parse'))});
      const { parentPort, workerData } = require('node:worker_threads');
      const root = readXml(workerData);
      let deepest = root;
      while (typeof deepest.children[0] !== 'string' && deepest.children[0].local === 'e') deepest = deepest.children[0];
      const last = deepest.children[deepest.children.length - 1];
      parentPort.postMessage([deepest.children.length, last.scope.get('q'), last.scope.get('p0x5'), last.scope.size]);`;
    const worker = new Worker(code, { eval: true, workerData: doc, resourceLimits: { maxOldGenerationSizeMb: 128 } });
    const result = await new Promise((ok, fail) => {
      worker.once('message', ok);
      worker.once('error', fail);
    });
    await worker.terminate();
    expect(result).toEqual([expect.any(Number), 'urn:q', 'urn:0', 6338]);
  });

  it("'__proto__' as an element name is refused where it would become a property", () => {
    expect(() => readXml('<a><__proto__><polluted>1</polluted></__proto__></a>')).not.toThrow();
    expect(() => parseXml('<a><__proto__><polluted>1</polluted></__proto__></a>')).toThrow(XmlRefusedError);
    expect(() => parseXml('<__proto__/>')).toThrow(XmlRefusedError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('every truncation of a SOAP answer is refused', () => {
    for (let cut = 0; cut < SOAP.length; cut++) {
      const head = SOAP.slice(0, cut);
      expect(() => readXml(head)).toThrow(XmlRefusedError);
    }
  });

  it("agrees with fast-xml-parser's validator on well-formedness over mutated documents", () => {
    // Each single-character deletion of a small document: both must agree whenever the validator
    // accepts (the reader may be stricter: namespaces, references, declarations).
    let accepted = 0;
    for (let i = 0; i < SOAP.length; i++) {
      const mutated = SOAP.slice(0, i) + SOAP.slice(i + 1);
      let ours = true;
      try {
        readXml(mutated);
      } catch (error) {
        expect(error).toBeInstanceOf(XmlRefusedError);
        ours = false;
      }
      if (ours) {
        accepted++;
        expect(XMLValidator.validate(mutated)).toBe(true);
      }
    }
    expect(accepted).toBeGreaterThan(20);
  });

  it('anything that is not a string is refused', () => {
    expect(() => readXml(undefined as never)).toThrow(XmlRefusedError);
  });
});

describe('IQ Reseller XML answers through the reader (issue 9.22)', () => {
  const request = { method: 'POST', url: 'https://api.example/webapi.svc/CV/XML/GetCVs', headers: {}, operation: 'CV/GetCVs', idempotent: true };
  const answerWith = (body: string) => ({
    status: 200,
    headers: new ResponseHeaders({ 'content-type': 'application/xml' }),
    body,
    bytes: Buffer.byteLength(body),
    url: request.url,
  });

  it.each([
    ['a __proto__ element', '<ArrayOfCV><CV><__proto__><isAdmin>true</isAdmin></__proto__></CV></ArrayOfCV>'],
    ['deep nesting', '<a>'.repeat(500) + '</a>'.repeat(500)],
    ['too many attributes', `<ArrayOfCV${Array.from({ length: 10_000 }, (_, i) => ` a${i}="1"`).join('')}/>`],
    ['two roots', '<ArrayOfCV/><ArrayOfCV/>'],
    ['a DTD', '<!DOCTYPE x><ArrayOfCV/>'],
  ])('%s is IqProtocolError with operation and status', (_label, body) => {
    let error: unknown;
    try {
      readAnswer(answerWith(body), request, 'xml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IqProtocolError);
    expect(error).toMatchObject({ operation: 'CV/GetCVs', status: 200 });
  });

  it('a CV with a field named constructor is read', () => {
    expect(readAnswer(answerWith('<ArrayOfCV><CV><constructor>x</constructor></CV></ArrayOfCV>'), request, 'xml')).toEqual({
      ArrayOfCV: { CV: { constructor: 'x' } },
    });
  });
});

describe('the escaper', () => {
  it('escapes text so that any reader gets the same characters back', () => {
    const values = ['a&b<c>d', ']]>', '<![CDATA[x]]><y/>', 'a\rb\r\nc', '"\'', '&amp;'];
    for (const value of values) expect(textOf(readXml(`<a>${escapeXmlText(value)}</a>`))).toBe(value);
    for (const value of [...values, 'tab\there', 'line\nend']) expect(readXml(`<a b="${escapeXmlAttribute(value)}"/>`).attributes.get('b')).toBe(value);
  });

  it('names the first character XML 1.0 cannot carry, without quoting the text', () => {
    expect(unwritableCharacter('fine, even 😀 and \t')).toBeUndefined();
    expect(unwritableCharacter('ab\uFFFF')).toBe('U+FFFF at position 2');
    expect(unwritableCharacter('\uD83D')).toBe('U+D83D at position 0');
    expect(unwritableCharacter('x\u0000')).toBe('U+0000 at position 1');
  });
});
