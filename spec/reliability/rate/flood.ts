/**
 * A flooding client, run in its own process by the rate-limit test (so that its own CPU does not
 * slow the clients it is compared with): `node --import tsx flood.ts <url> <token> <perMs> <maxMs>`.
 * It sends requests as fast as it can until the server closes it (or maxMs pass), then prints
 * what came back as one JSON line.
 */
import WebSocket from 'ws';
import type { CloseFrame } from '../../../lib/protocol';

const [url, token, perMs, maxMs] = process.argv.slice(2);
const stats = {
  sent: 0,
  ok: 0,
  rateLimited: 0,
  other: 0,
  closeFrame: null as unknown,
  closeCode: 0,
  elapsedMs: 0,
  maxBufferedKiB: 0
};
const ws = new WebSocket(url);
let started = 0;
let id = 1;

function pump(): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  for (let i = 0; i < Number(perMs); i++)
    ws.send(`{"type":"request","id":${id++},"command":"getContentTemplates","args":{}}`);
  stats.sent += Number(perMs);
  stats.maxBufferedKiB = Math.max(stats.maxBufferedKiB, Math.round(ws.bufferedAmount / 1024));
  if (Date.now() - started > Number(maxMs)) return void ws.terminate();
  setTimeout(pump, 1);
}

ws.on('open', () => ws.send(JSON.stringify({ type: 'handshake', protocol: 1, token })));
ws.on('message', (data: Buffer) => {
  const text = data.toString();
  if (text.startsWith('{"type":"welcome"')) {
    started = Date.now();
    pump();
  } else if (text.startsWith('{"type":"reply"')) {
    if (text.includes('"result"')) stats.ok++;
    else if (text.includes('"code":42900')) stats.rateLimited++;
    else stats.other++;
  } else if (text.startsWith('{"type":"close"')) stats.closeFrame = (JSON.parse(text) as CloseFrame).error;
});
ws.on('close', (code) => {
  stats.closeCode = code;
  stats.elapsedMs = Date.now() - started;
  process.stdout.write(`${JSON.stringify(stats)}\n`);
  process.exit(0);
});
ws.on('error', () => undefined);
