/**
 * A minimal PNG reader for the savings page's screenshot test: 8-bit RGB or RGBA, not
 * interlaced (what Chromium writes), decoded to RGBA pixels. PNG spec §11.2.2 (IHDR), §9 (the
 * five row filters), zlib for IDAT.
 */
import { inflateSync } from "node:zlib";

/** A decoded image: width, height and RGBA bytes row by row. */
export interface Image {
  width: number;
  height: number;
  rgba: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The Paeth predictor of PNG filter type 4. */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** The predictor of filter `type` from the left (a), upper (b) and upper-left (c) bytes. */
function predict(type: number, a: number, b: number, c: number): number {
  switch (type) {
    case 0:
      return 0;
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return (a + b) >> 1;
    case 4:
      return paeth(a, b, c);
    default:
      throw new Error(`unknown PNG filter type ${type}`);
  }
}

/** Undoes the row filters; `raw` holds height × (1 + stride) bytes, a filter byte per row. */
function unfilter(raw: Uint8Array, height: number, stride: number, bpp: number): Uint8Array {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const type = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[row + x - bpp] : 0;
      const b = y > 0 ? out[row - stride + x] : 0;
      const c = x >= bpp && y > 0 ? out[row - stride + x - bpp] : 0;
      out[row + x] = (raw[src + x] + predict(type, a, b, c)) & 0xff;
    }
  }
  return out;
}

/** Decodes an 8-bit RGB/RGBA non-interlaced PNG; throws naming what it does not support. */
export function decodePng(bytes: Uint8Array): Image {
  if (!SIGNATURE.every((b, i) => bytes[i] === b)) throw new Error("not a PNG file");
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0;
  let height = 0;
  let bpp = 0;
  const idat: Uint8Array[] = [];
  for (let o = 8; o < bytes.length;) {
    const len = dv.getUint32(o);
    const type = String.fromCharCode(...bytes.subarray(o + 4, o + 8));
    const data = bytes.subarray(o + 8, o + 8 + len);
    if (type === "IHDR") {
      width = dv.getUint32(o + 8);
      height = dv.getUint32(o + 12);
      const [depth, color, , , interlace] = data.subarray(8, 13);
      if (depth !== 8 || (color !== 2 && color !== 6) || interlace !== 0)
        throw new Error(
          `PNG depth ${depth}, colour type ${color}, interlace ${interlace}: unsupported`,
        );
      bpp = color === 6 ? 4 : 3;
    } else if (type === "IDAT") idat.push(data);
    o += 12 + len;
  }
  const pixels = unfilter(inflateSync(Buffer.concat(idat)), height, width * bpp, bpp);
  if (bpp === 4) return { width, height, rgba: pixels };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba.set(pixels.subarray(3 * i, 3 * i + 3), 4 * i);
    rgba[4 * i + 3] = 255;
  }
  return { width, height, rgba };
}

/** Pixels within `tolerance` per channel of the colour `hex` ("#rrggbb"). */
export function countColor(img: Image, hex: string, tolerance = 6): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  let n = 0;
  for (let i = 0; i < img.rgba.length; i += 4) {
    const d = Math.max(
      Math.abs(img.rgba[i] - r),
      Math.abs(img.rgba[i + 1] - g),
      Math.abs(img.rgba[i + 2] - b),
    );
    if (d <= tolerance) n++;
  }
  return n;
}
