/**
 * The little-endian byte codec of receipts and chain receipts: a growing writer and a reader
 * that checks every length and names what is truncated, plus the key description both formats
 * carry (entry point, text range, preprocessed root and heights, coprocessor set).
 */
import type { CoprocessorId } from "./coprocessor-chip.js";
import type { KeyDescription } from "./machine.js";

import { ByteWriter } from "../core/stark/byte-writer.js";

export { ByteWriter };

/** Reads what ByteWriter wrote; throws `fail(reason)` on a short or malformed input. */
export class ByteReader {
  private o = 0;
  private readonly view: DataView;

  constructor(
    private readonly b: Uint8Array,
    private readonly fail: (reason: string) => Error,
  ) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  private need(n: number, what: string): void {
    if (this.o + n > this.b.length)
      throw this.fail(`truncated at byte ${this.o}: ${what} needs ${n} bytes`);
  }

  u32(what: string): number {
    this.need(4, what);
    const x = this.view.getUint32(this.o, true);
    this.o += 4;
    return x;
  }

  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.b.slice(this.o, this.o + n);
    this.o += n;
    return out;
  }

  blob(what: string): Uint8Array {
    return this.take(this.u32(`${what} length`), what);
  }

  /** Refuses bytes after the end of the format. */
  end(): void {
    if (this.o !== this.b.length) throw this.fail(`${this.b.length - this.o} trailing bytes`);
  }
}

/** Writes a key description (receipt layout: see glue/receipt.ts). */
export function writeKey(w: ByteWriter, key: KeyDescription): void {
  w.u32(key.entry);
  w.u32(key.text.lo);
  w.u32(key.text.hi);
  w.raw(key.preprocessedRoot);
  w.u32(key.preprocessedHeights.length);
  key.preprocessedHeights.forEach((h) => w.u32(h));
  w.u32(key.coprocessors.length);
  for (const c of key.coprocessors) {
    const name = new TextEncoder().encode(c.name);
    w.u32(c.syscall);
    w.u32(name.length);
    w.raw(name);
    w.raw(c.air);
  }
}

/** Reads a key description with `tables` preprocessed tables, validating every field. */
export function readKey(r: ByteReader, tables: number, fail: (reason: string) => Error) {
  const entry = r.u32("entry point");
  const text = { lo: r.u32("text start"), hi: r.u32("text end") };
  if (!(text.lo < text.hi && text.hi <= 2 ** 28))
    throw fail(`text range [${text.lo}, ${text.hi}) is not a range of word indices`);
  const preprocessedRoot = r.take(32, "preprocessed root");
  const n = r.u32("preprocessed table count");
  if (n !== tables) throw fail(`${n} preprocessed tables, expected ${tables}`);
  const preprocessedHeights: number[] = [];
  for (let i = 0; i < n; i++) {
    const h = r.u32("preprocessed height");
    if (h < 2 || h > 2 ** 26 || (h & (h - 1)) !== 0)
      throw fail(`preprocessed height ${h} is not a power of two in [2, 2^26]`);
    preprocessedHeights.push(h);
  }
  const c = r.u32("coprocessor count");
  if (c > 256) throw fail(`${c} coprocessors: at most 256`);
  const coprocessors: CoprocessorId[] = [];
  for (let i = 0; i < c; i++) {
    const syscall = r.u32("coprocessor syscall");
    const len = r.u32("coprocessor name length");
    if (len === 0 || len > 64) throw fail(`coprocessor ${i}: name of ${len} bytes`);
    const name = new TextDecoder().decode(r.take(len, "coprocessor name"));
    coprocessors.push({ syscall, name, air: r.take(32, "coprocessor AIR digest") });
  }
  return { entry, text, preprocessedRoot, preprocessedHeights, coprocessors };
}
