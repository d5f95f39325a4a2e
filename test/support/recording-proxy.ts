// A loopback proxy in front of the ASMX service that records each request as
// it went over the wire, so tests can assert SOAP versions, headers and bodies
// while the real service still answers.
import { startScriptedServer, type ScriptedServer } from './scripted-server';

export async function startRecordingProxy(target: string): Promise<ScriptedServer> {
  const upstream = new URL(target);
  return startScriptedServer(async (req, res) => {
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)) as [string, string][],
    );
    const answer = await fetch(new URL(req.url, upstream.origin), {
      method: req.method,
      headers,
      body: req.method === 'GET' ? undefined : req.body,
    });
    const body = await answer.text();
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
    res.end(body);
  });
}
