import * as zlib from 'node:zlib';
import { barChart, wireframe } from '../../lib/demo/pictures';

/** Reads a PNG's chunks, checking every CRC. */
function readPng(png: Uint8Array): { width: number; height: number; colourType: number; pixels: Buffer } {
  const bytes = Buffer.from(png);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  let header: Buffer | null = null;
  const data: Buffer[] = [];
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const body = bytes.subarray(at + 8, at + 8 + length);
    const { crc32 } = zlib as { crc32?: (data: Buffer) => number };
    if (crc32) expect(bytes.readUInt32BE(at + 8 + length)).toBe(crc32(bytes.subarray(at + 4, at + 8 + length)));
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') data.push(body);
    at += 12 + length;
  }
  if (!header) throw new Error('no IHDR');
  return {
    width: header.readUInt32BE(0),
    height: header.readUInt32BE(4),
    colourType: header[9],
    pixels: zlib.inflateSync(Buffer.concat(data))
  };
}

describe('demo pictures', () => {
  it('a bar chart is a valid 480×240 RGB PNG with its bars drawn', () => {
    const { width, height, colourType, pixels } = readPng(barChart([0.2, 0.9], () => 0));
    expect([width, height, colourType]).toEqual([480, 240, 2]);
    expect(pixels.length).toBe((width * 3 + 1) * height);
    const pixel = (x: number, y: number) => [
      ...pixels.subarray(y * (width * 3 + 1) + 1 + x * 3, y * (width * 3 + 1) + 4 + x * 3)
    ];
    expect(pixel(5, 5)).toEqual([255, 255, 255]); // background
    expect(pixel(40 + 105, 205)).toEqual([79, 70, 229]); // inside the first bar (the first colour)
    expect(pixel(40 + 105, 60)).not.toEqual([79, 70, 229]); // above it: it is 20% high
    expect(pixel(40 + 315, 60)).toEqual([79, 70, 229]); // the second bar is 90% high
  });

  it('a wireframe is a valid 480×300 PNG', () => {
    const { width, height } = readPng(wireframe(() => 0.5));
    expect([width, height]).toEqual([480, 300]);
  });
});
