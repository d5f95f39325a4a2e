// Canonical XML for comparing two envelopes, read with sax (node-soap's own
// parser, independent of the package's reader): element and attribute names
// expanded to {namespace}local, namespace declarations and prefixes left out,
// attributes sorted, adjacent text and CDATA joined. Two documents with the
// same canonical form carry the same information to any namespace-aware reader.
import sax from 'sax';

export function canonicalXml(xml: string): string {
  const parser = sax.parser(true, { xmlns: true, trim: false, normalize: false });
  const out: string[] = [];
  let text = '';
  const flush = () => {
    if (text !== '') out.push(JSON.stringify(text));
    text = '';
  };
  let failure: Error | undefined;
  parser.onerror = (error) => {
    failure ??= error;
    parser.resume();
  };
  parser.onopentag = (node) => {
    flush();
    const tag = node as sax.QualifiedTag;
    const attributes = Object.values(tag.attributes)
      .filter((a) => a.prefix !== 'xmlns' && a.name !== 'xmlns')
      .map((a) => `{${a.uri}}${a.local}=${JSON.stringify(a.value)}`)
      .sort();
    out.push(`<{${tag.uri}}${tag.local}${attributes.map((a) => ` ${a}`).join('')}>`);
  };
  parser.ontext = (t) => {
    text += t;
  };
  parser.oncdata = (t) => {
    text += t;
  };
  parser.onclosetag = () => {
    flush();
    out.push('</>');
  };
  parser.write(xml.replace(/^<\?xml[^?]*\?>/, '')).close();
  if (failure) throw failure;
  return out.join('');
}
