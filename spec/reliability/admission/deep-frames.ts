/**
 * The pre-admission attacker, run in its own process by deep-frames.spec.ts (so that its CPU does
 * not slow the client being measured): `node --import tsx deep-frames.ts <url> <token> <token>`.
 * It speaks WebSocket over raw TCP with frames built once (masked with a zero key), so sending a
 * megabyte costs it nothing but the kernel's copy. While the parent says `start` (IPC) it attacks
 * in rounds, each: three unauthenticated sockets sending ten ~1 MB frames of `[[[…]]]` each; an
 * authenticated socket sending thirty of them; and an authenticated socket sending thirty deeply
 * nested frames just under the frame limit. On `stop` it finishes the round; on `exit` it prints
 * its tally as one JSON line.
 */
import { randomBytes } from 'node:crypto';
import { type Socket, connect } from 'node:net';
import { LIMITS, PROTOCOL_VERSION } from '../../../lib/protocol';

const [url, tokenA, tokenB] = process.argv.slice(2);
const { hostname, port, pathname } = new URL(url);

/** A client text frame carrying `payload`, masked with a zero key (so the payload goes as it is). */
function textFrame(payload: Buffer): Buffer {
  const header = Buffer.alloc(14);
  header[0] = 0x81;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(payload.length), 2);
  // bytes 10..13: the mask key, zero
  return Buffer.concat([header, payload]);
}

/** `[[[…]]]`: `bytes` long, nested `bytes / 2` levels, as a frame. */
const nested = (bytes: number) => textFrame(Buffer.from('['.repeat(bytes / 2) + ']'.repeat(bytes / 2)));
const MEGABYTE = nested(1_000_000);
const UNDER_LIMIT = nested(LIMITS.maxFrameBytes - 1024);

/** The server's frames in `bytes` (unmasked): text frames counted, the close frame's code. */
function readFrames(bytes: Buffer): { texts: string[]; closeCode: number | null } {
  const texts: string[] = [];
  let closeCode: number | null = null;
  for (let at = 0; at + 2 <= bytes.length;) {
    const opcode = bytes[at] & 0x0f;
    let length = bytes[at + 1] & 0x7f;
    let start = at + 2;
    if (length === 126) {
      length = bytes.readUInt16BE(at + 2);
      start += 2;
    } else if (length === 127) {
      length = Number(bytes.readBigUInt64BE(at + 2));
      start += 8;
    }
    if (start + length > bytes.length) break;
    const payload = bytes.subarray(start, start + length);
    if (opcode === 0x1) texts.push(payload.toString());
    if (opcode === 0x8 && length >= 2) closeCode = payload.readUInt16BE(0);
    at = start + length;
  }
  return { texts, closeCode };
}

const tally = {
  rounds: 0,
  framesSent: 0,
  megabytesSent: 0,
  sockets: 0,
  /** By kind of socket: how the server closed them (the code of its close frame). */
  closes: {} as Record<string, Record<string, number>>,
  /** By kind of socket: the server's text frames (replies, denials) after the welcome. */
  answers: {} as Record<string, number>,
  longestSocketMs: 0
};

/** Upgrades a TCP connection to a WebSocket; resolves with the socket and the bytes after the 101 answer. */
function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    socket.once('error', reject);
    socket.once('connect', () =>
      socket.write(
        `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`
      )
    );
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      if (!head.subarray(0, 12).toString().includes('101'))
        return reject(new Error(`upgrade refused: ${head.toString()}`));
      socket.unshift(head.subarray(end + 4));
      resolve(socket);
    };
    socket.on('data', onData);
  });
}

/**
 * One attacking socket: handshakes if `token`, sends `count` copies of `frame`, resolves once the
 * server closed it (or 15 s).
 */
async function attack(kind: string, token: string | null, frame: Buffer, count: number): Promise<void> {
  const started = Date.now();
  const socket = await open();
  tally.sockets++;
  let received = Buffer.alloc(0);
  const flood = () => {
    for (let i = 0; i < count && !socket.destroyed; i++) {
      socket.write(frame, () => undefined);
      tally.framesSent++;
      tally.megabytesSent += frame.length / 1e6;
    }
  };
  await new Promise<void>((resolve) => {
    let flooding = token === null;
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!flooding && received.includes('"type":"welcome"')) {
        flooding = true;
        received = Buffer.alloc(0);
        flood();
      }
    });
    socket.on('error', () => undefined);
    const timer = setTimeout(() => socket.destroy(), 15_000);
    socket.on('close', () => {
      clearTimeout(timer);
      const { texts, closeCode } = readFrames(received);
      const closes = (tally.closes[kind] ??= {});
      closes[String(closeCode)] = (closes[String(closeCode)] ?? 0) + 1;
      tally.answers[kind] = (tally.answers[kind] ?? 0) + texts.length;
      tally.longestSocketMs = Math.max(tally.longestSocketMs, Date.now() - started);
      resolve();
    });
    if (token)
      socket.write(textFrame(Buffer.from(JSON.stringify({ type: 'handshake', protocol: PROTOCOL_VERSION, token }))));
    else flood();
  });
}

let running = false;
let loop: Promise<void> = Promise.resolve();

async function rounds(): Promise<void> {
  while (running) {
    await Promise.all([
      attack('unauthenticated', null, MEGABYTE, 10),
      attack('unauthenticated', null, MEGABYTE, 10),
      attack('unauthenticated', null, MEGABYTE, 10),
      attack('authenticated 1 MB', tokenA, MEGABYTE, 30),
      attack('authenticated under the limit', tokenB, UNDER_LIMIT, 30)
    ]);
    tally.rounds++;
  }
}

process.on('message', (message) => {
  if (message === 'start' && !running) {
    running = true;
    loop = rounds();
  } else if (message === 'stop') {
    running = false;
    void loop.then(() => process.send?.('stopped'));
  } else if (message === 'exit') {
    running = false;
    void loop.then(() => {
      process.stdout.write(`${JSON.stringify(tally)}\n`);
      process.exit(0);
    });
  }
});
process.send?.('ready');
