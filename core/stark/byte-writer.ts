/**
 * The growing little-endian writer of every binary format (proofs here; receipts and chain
 * receipts in glue/codec.ts): one buffer doubled as needed, no allocation per word (a writer
 * allocating four bytes per word was ~40 ms of a fresh process serializing a 1 MB proof).
 */
/** Appends u32s and byte strings; `bytes()` is what was written. */
export class ByteWriter {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  private n = 0;

  private reserve(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const next = new Uint8Array(Math.max(2 * this.buf.length, this.n + k));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u32(x: number): void {
    this.reserve(4);
    this.view.setUint32(this.n, x >>> 0, true);
    this.n += 4;
  }

  raw(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
  }

  /** A length-prefixed byte string. */
  blob(b: Uint8Array): void {
    this.u32(b.length);
    this.raw(b);
  }

  /** The words' little-endian bytes, unprefixed. */
  words(w: Uint32Array): void {
    this.reserve(4 * w.length);
    for (let i = 0; i < w.length; i++) this.view.setUint32(this.n + 4 * i, w[i], true);
    this.n += 4 * w.length;
  }

  u8(x: number): void {
    this.reserve(1);
    this.buf[this.n++] = x;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}
