/**
 * A minimal WebAssembly binary writer for kernels generated at run time (core/air/wasm-program.ts):
 * one module importing the shared heap memory (`env.memory`, as the hand-written kernels do) and
 * exporting functions of i32 parameters. Only the opcodes those kernels use are named here;
 * tests validate the output with wabt and compare results with the interpreters.
 *
 * Binary format: WebAssembly Core Specification 2.0, §5 (sections §5.5, instructions §5.4,
 * SIMD opcodes under the 0xFD prefix §5.4.8).
 */

/** Value types (§5.3.1). */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const V128 = 0x7b;

/** A growable byte buffer with LEB128 writers. */
export class Bytes {
  private buf = new Uint8Array(4096);
  private n = 0;

  get length(): number {
    return this.n;
  }

  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const next = new Uint8Array(Math.max(2 * this.buf.length, this.n + k));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }

  byte(b: number): this {
    if (this.n === this.buf.length) this.room(1);
    this.buf[this.n++] = b;
    return this;
  }

  bytes(bs: ArrayLike<number>): this {
    this.room(bs.length);
    if (bs instanceof Uint8Array) this.buf.set(bs, this.n);
    else for (let i = 0; i < bs.length; i++) this.buf[this.n + i] = bs[i];
    this.n += bs.length;
    return this;
  }

  /** Unsigned LEB128 of a non-negative integer below 2^32. */
  u32(v: number): this {
    this.room(5);
    const buf = this.buf;
    v >>>= 0;
    while (v >= 0x80) {
      buf[this.n++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[this.n++] = v;
    return this;
  }

  /** Signed LEB128 of a 32-bit integer. */
  s32(v: number): this {
    this.room(5);
    const buf = this.buf;
    v |= 0;
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
        buf[this.n++] = b;
        return this;
      }
      buf[this.n++] = b | 0x80;
    }
  }

  name(s: string): this {
    const enc = new TextEncoder().encode(s);
    return this.u32(enc.length).bytes(enc);
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

/** One function: its parameters (i32), its locals by type, and its body (without `end`). */
export interface FunctionDef {
  name: string;
  params: number;
  /** Declared locals, in order after the parameters: [count, type]. */
  locals: [number, number][];
  body: Uint8Array;
}

/**
 * A module: `(import "env" "memory" (memory 1 65536 shared))` and the given functions, each
 * `(param i32 …)` with no result, exported under its name.
 */
export function encodeModule(functions: FunctionDef[]): Uint8Array {
  const out = new Bytes().bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const section = (id: number, content: Bytes): void => {
    out.byte(id).u32(content.length).bytes(content.result());
  };
  const types = new Bytes().u32(functions.length);
  for (const f of functions) {
    types.byte(0x60).u32(f.params);
    for (let i = 0; i < f.params; i++) types.byte(I32);
    types.u32(0);
  }
  section(1, types);
  // Import: memory, shared, limits min 1 max 65536 (flag 0x03: has max, shared).
  section(2, new Bytes().u32(1).name("env").name("memory").byte(0x02).byte(0x03).u32(1).u32(65536));
  const funcs = new Bytes().u32(functions.length);
  functions.forEach((_, i) => funcs.u32(i));
  section(3, funcs);
  const exports = new Bytes().u32(functions.length);
  functions.forEach((f, i) => exports.name(f.name).byte(0x00).u32(i));
  section(7, exports);
  const code = new Bytes().u32(functions.length);
  for (const f of functions) {
    const body = new Bytes().u32(f.locals.length);
    for (const [count, type] of f.locals) body.u32(count).byte(type);
    body.bytes(f.body).byte(0x0b);
    code.u32(body.length).bytes(body.result());
  }
  section(10, code);
  return out.result();
}

/** Core opcodes used by the generated kernels (§5.4). */
export const enum Opc {
  Block = 0x02,
  Loop = 0x03,
  End = 0x0b,
  Br = 0x0c,
  BrIf = 0x0d,
  Select = 0x1b,
  LocalGet = 0x20,
  LocalSet = 0x21,
  LocalTee = 0x22,
  I32Load = 0x28,
  I32Store = 0x36,
  I32Const = 0x41,
  I64Const = 0x42,
  I32Eq = 0x46,
  I32GeU = 0x4f,
  I32Add = 0x6a,
  I32Sub = 0x6b,
  I32Mul = 0x6c,
  I32And = 0x71,
  I64Add = 0x7c,
  I64Mul = 0x7e,
  I64RemU = 0x82,
  I32WrapI64 = 0xa7,
  I64ExtendI32U = 0xad,
}

/** SIMD opcodes (after the 0xFD prefix, §5.4.8). */
export const enum Simd {
  Load = 0,
  Load32Splat = 9,
  Store = 11,
  Const = 12,
  Shuffle = 13,
  I64x2Splat = 18,
  I64x2ExtractLane = 29,
  Load32Lane = 86,
  Store32Lane = 90,
  Load32Zero = 92,
  V128And = 78,
  I32x4Add = 174,
  I32x4Sub = 177,
  I32x4Mul = 181,
  I32x4MinU = 183,
  I64x2Add = 206,
  I64x2ExtmulLowU = 222,
  I64x2ExtmulHighU = 223,
}
