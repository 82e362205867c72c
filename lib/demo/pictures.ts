import { deflateSync } from 'node:zlib';

/** Small PNG pictures the simulated people attach to messages, drawn from rectangles. */

/** An RGB colour. */
type Rgb = readonly [number, number, number];

/** A width × height canvas of RGB pixels that only knows how to fill rectangles. */
class Canvas {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb
  ) {
    this.pixels = new Uint8Array(width * height * 3);
    this.rect(0, 0, width, height, background);
  }

  rect(x: number, y: number, w: number, h: number, [r, g, b]: Rgb): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let row = y0; row < y1; row++) {
      for (let col = x0; col < x1; col++) {
        const at = (row * this.width + col) * 3;
        this.pixels[at] = r;
        this.pixels[at + 1] = g;
        this.pixels[at + 2] = b;
      }
    }
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes a canvas as a PNG (8-bit RGB, no filtering). */
export function encodePng(canvas: Canvas): Uint8Array {
  const { width, height, pixels } = canvas;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let row = 0; row < height; row++) {
    raw[row * (width * 3 + 1)] = 0;
    Buffer.from(pixels.buffer, pixels.byteOffset + row * width * 3, width * 3).copy(raw, row * (width * 3 + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new Uint8Array(
    Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array())])
  );
}

const WHITE: Rgb = [255, 255, 255];
const GRID: Rgb = [229, 231, 238];
const INK: Rgb = [55, 65, 81];
const PALETTE: readonly Rgb[] = [
  [79, 70, 229],
  [14, 165, 233],
  [16, 185, 129],
  [245, 158, 11]
];

/** A bar chart of `values` (0..1), one colour per series of bars. */
export function barChart(values: readonly number[], random: () => number = Math.random): Uint8Array {
  const canvas = new Canvas(480, 240, WHITE);
  for (let line = 0; line < 5; line++) canvas.rect(40, 30 + line * 45, 420, 1, GRID);
  canvas.rect(40, 210, 420, 2, INK);
  canvas.rect(40, 20, 2, 192, INK);
  const slot = 420 / values.length;
  const colour = PALETTE[Math.floor(random() * PALETTE.length)];
  values.forEach((value, i) => {
    const height = Math.max(4, Math.min(1, value) * 175);
    canvas.rect(40 + i * slot + slot * 0.2, 210 - height, slot * 0.6, height, colour);
  });
  return encodePng(canvas);
}

/** A wireframe of a chat screen: header, sidebar, message bubbles. */
export function wireframe(random: () => number = Math.random): Uint8Array {
  const canvas = new Canvas(480, 300, [243, 244, 248]);
  const accent = PALETTE[Math.floor(random() * PALETTE.length)];
  canvas.rect(0, 0, 480, 36, [22, 26, 43]);
  canvas.rect(12, 10, 16, 16, accent);
  canvas.rect(0, 36, 130, 264, WHITE);
  for (let row = 0; row < 5; row++) {
    canvas.rect(10, 48 + row * 48, 28, 28, row === 1 ? accent : [203, 207, 219]);
    canvas.rect(46, 52 + row * 48, 70, 8, [156, 163, 175]);
    canvas.rect(46, 66 + row * 48, 50, 6, GRID);
  }
  let y = 52;
  for (let bubble = 0; bubble < 5; bubble++) {
    const mine = random() < 0.4;
    const width = 80 + random() * 150;
    canvas.rect(mine ? 466 - width : 146, y, width, 30, mine ? accent : WHITE);
    y += 44;
  }
  canvas.rect(146, 264, 320, 26, WHITE);
  return encodePng(canvas);
}
