/**
 * The binary proof format, version 4 (little-endian; 4 differs from 3 only in what the PCS
 * opening's α powers weight, not in layout):
 *
 *   "ZKGP" · u32 version (low 16 bits; bit 16 = zero-knowledge proof) · FRI params (4 × u32) · u32 #tables · per table (u32 logHeight, ext
 *   finalSum) · main root · u8 hasAux [· aux root] · quotient root · openings · PCS proof
 *
 * PCS proof = FRI roots · final polynomial · u32 PoW nonce · per input batch a multi-opening ·
 * per FRI round a multi-opening; a multi-opening = per matrix a list of rows (each a list of
 * field elements), then a list of digests (see core/commit/multi.ts and core/fri/README.md).
 *
 * where an ext is 4 × u32, a root 32 bytes, and every list is prefixed with its u32 length.
 * Versions 1 (one Merkle path per query and round) and 2 (transcript of a single part) are no
 * longer read. A linked proof is "ZKGL" · u32 version · u32 #parts · per part (u32 length ·
 * proof).
 * Parsing trusts nothing: every length is checked against the bytes that remain before anything
 * is allocated, every field element must be canonical, and trailing bytes are refused. Errors
 * name the byte offset and what was being read.
 */
import { P } from "../field/babybear.js";
import type { Ext } from "../field/extension.js";
import type { MultiOpening } from "../commit/index.js";
import type { PcsProof } from "../fri/pcs.js";
import { PROOF_VERSION, type StarkProof } from "./types.js";
import { ByteWriter } from "./byte-writer.js";

const MAGIC = 0x50474b5a; // "ZKGP" read as a little-endian u32
const LINKED_MAGIC = 0x4c474b5a; // "ZKGL"
/** The encoding's version is the proof's (types.ts). */
const FORMAT_VERSION = PROOF_VERSION;
/**
 * Flags in the high half of a proof's version word; the low half is the version. ZK: the proof
 * is zero-knowledge (core/stark/zk.ts). An ordinary proof has no flag, so its bytes are the
 * same as before flags existed.
 */
const FLAG_ZK = 1 << 16;

export class ProofFormatError extends Error {
  constructor(
    readonly offset: number,
    readonly what: string,
  ) {
    super(`malformed proof at byte ${offset}: ${what}`);
    this.name = "ProofFormatError";
  }
}

/** The proof format's writer: digests, extension elements, counted lists and word arrays. */
class Writer extends ByteWriter {
  digest(d: Uint8Array): void {
    if (d.length !== 32) throw new RangeError("serialize: digest must be 32 bytes");
    this.raw(d);
  }
  ext(e: Ext): void {
    for (const c of e) this.u32(c);
  }
  /** A count, then the words. */
  counted(w: Uint32Array): void {
    this.u32(w.length);
    this.words(w);
  }
  list<T>(xs: readonly T[], each: (x: T) => void): void {
    this.u32(xs.length);
    xs.forEach(each);
  }
}

class Reader {
  private o = 0;
  private view: DataView;
  constructor(private bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get offset(): number {
    return this.o;
  }
  /** Steps back `n` bytes (to name the offset of what was just read). */
  o_back(n: number): void {
    this.o -= n;
  }
  /** The next `n` bytes (the caller checked that they are there). */
  take(n: number): Uint8Array {
    const b = this.bytes.subarray(this.o, this.o + n);
    this.o += n;
    return b;
  }
  fail(what: string): never {
    throw new ProofFormatError(this.o, what);
  }
  need(n: number, what: string): void {
    if (this.o + n > this.bytes.length) this.fail(`truncated while reading ${what}`);
  }
  u32(what: string): number {
    this.need(4, what);
    const x = this.view.getUint32(this.o, true);
    this.o += 4;
    return x;
  }
  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.o++];
  }
  field(what: string): number {
    const x = this.u32(what);
    if (x >= P) {
      this.o -= 4;
      this.fail(`${what}: ${x} is not a canonical field element`);
    }
    return x;
  }
  digest(what: string): Uint8Array {
    this.need(32, what);
    const d = this.bytes.slice(this.o, this.o + 32);
    this.o += 32;
    return d;
  }
  ext(what: string): Ext {
    return [this.field(what), this.field(what), this.field(what), this.field(what)];
  }
  /** A list length, refused if the remaining bytes cannot hold that many items. */
  count(what: string, minBytesEach: number): number {
    const n = this.u32(`${what} count`);
    if (n * minBytesEach > this.bytes.length - this.o)
      this.fail(`${what} count ${n} exceeds the remaining bytes`);
    return n;
  }
  list<T>(what: string, minBytesEach: number, each: () => T): T[] {
    const n = this.count(what, minBytesEach);
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(each());
    return out;
  }
  fieldWords(what: string): Uint32Array {
    const n = this.count(what, 4);
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.field(what);
    return out;
  }
  end(): void {
    if (this.o !== this.bytes.length) this.fail(`${this.bytes.length - this.o} trailing bytes`);
  }
}

/**
 * A reader past the magic (`what` names it when wrong) and a version this build reads, and the
 * flags of the version word (only those in `allowed`).
 */
function readerAfterHeader(
  bytes: Uint8Array,
  magic: number,
  what: string,
  allowed = 0,
): { r: Reader; flags: number } {
  if (!(bytes instanceof Uint8Array)) throw new ProofFormatError(0, "not a byte array");
  const r = new Reader(bytes);
  if (r.u32("magic") !== magic) r.fail(`not a zkglue ${what} (bad magic)`);
  const word = r.u32("version");
  const version = word & 0xffff;
  const flags = word - version;
  if (version !== FORMAT_VERSION)
    r.fail(`unsupported proof version ${version} (this build reads ${FORMAT_VERSION})`);
  if ((flags & ~allowed) !== 0) {
    r.o_back(4);
    r.fail(`unknown proof flags 0x${(flags >>> 16).toString(16)}`);
  }
  return { r, flags };
}

function writeMulti(w: Writer, m: MultiOpening): void {
  w.list(m.rows, (rows) => w.list(rows, (r) => w.counted(r)));
  w.list(m.nodes, (d) => w.digest(d));
}

function readMulti(r: Reader, what: string): MultiOpening {
  return {
    rows: r.list(`${what} matrices`, 4, () =>
      r.list(`${what} rows`, 4, () => r.fieldWords(`${what} row`)),
    ),
    nodes: r.list(`${what} nodes`, 32, () => r.digest(`${what} node`)),
  };
}

function writePcs(w: Writer, pcs: PcsProof): void {
  w.list(pcs.commitments, (c) => w.digest(c));
  w.list(pcs.finalPoly, (e) => w.ext(e));
  w.u32(pcs.powNonce);
  w.list(pcs.input.batches, (b) => writeMulti(w, b));
  w.list(pcs.rounds, (m) => writeMulti(w, m));
}

function readPcs(r: Reader): PcsProof {
  const commitments = r.list("FRI commitments", 32, () => r.digest("FRI commitment"));
  const finalPoly = r.list("final polynomial", 16, () => r.ext("final polynomial coefficient"));
  const powNonce = r.u32("proof-of-work nonce");
  const batches = r.list("opened batches", 8, () => readMulti(r, "batch opening"));
  const rounds = r.list("FRI rounds", 8, () => readMulti(r, "FRI round opening"));
  return { commitments, finalPoly, powNonce, input: { batches }, rounds };
}

/** Encodes a proof. */
export function serializeProof(p: StarkProof): Uint8Array {
  const w = new Writer();
  w.u32(MAGIC);
  w.u32(FORMAT_VERSION | (p.zk ? FLAG_ZK : 0));
  w.u32(p.params.logBlowup);
  w.u32(p.params.numQueries);
  w.u32(p.params.powBits);
  w.u32(p.params.logFinalPolyLen);
  w.list(p.tables, (t) => {
    w.u32(t.logHeight);
    w.ext(t.finalSum);
  });
  w.digest(p.mainRoot);
  w.u8(p.auxRoot ? 1 : 0);
  if (p.auxRoot) w.digest(p.auxRoot);
  w.digest(p.quotientRoot);
  w.list(p.openings, (batch) =>
    w.list(batch, (mat) => w.list(mat, (pt) => w.list(pt, (e) => w.ext(e)))),
  );
  writePcs(w, p.pcs);
  return w.bytes();
}

/** Decodes and validates the encoding of a proof; throws `ProofFormatError`. */
export function deserializeProof(bytes: Uint8Array): StarkProof {
  const { r, flags } = readerAfterHeader(bytes, MAGIC, "proof", FLAG_ZK);
  const params = {
    logBlowup: r.u32("logBlowup"),
    numQueries: r.u32("numQueries"),
    powBits: r.u32("powBits"),
    logFinalPolyLen: r.u32("logFinalPolyLen"),
  };
  const tables = r.list("tables", 20, () => ({
    logHeight: r.u32("log height"),
    finalSum: r.ext("final sum"),
  }));
  const mainRoot = r.digest("main root");
  const hasAux = r.u8("aux flag");
  if (hasAux > 1) r.fail(`aux flag ${hasAux} is not 0 or 1`);
  const auxRoot = hasAux ? r.digest("aux root") : undefined;
  const quotientRoot = r.digest("quotient root");
  const openings = r.list("opened batches", 4, () =>
    r.list("opened matrices", 4, () =>
      r.list("opened points", 4, () => r.list("opened values", 16, () => r.ext("opened value"))),
    ),
  );
  const pcs = readPcs(r);
  r.end();
  const proof: StarkProof = {
    version: PROOF_VERSION,
    params,
    tables,
    mainRoot,
    auxRoot,
    quotientRoot,
    openings,
    pcs,
  };
  if (flags & FLAG_ZK) proof.zk = true;
  return proof;
}

/**
 * Encodes the parts of a linked proof (core/stark/statement.ts), in order.
 *
 * @example
 * const bytes = serializeLinkedProof(proveLinked(parts));
 * const again = deserializeLinkedProof(bytes); // the same parts; ProofFormatError if malformed
 */
export function serializeLinkedProof(parts: readonly StarkProof[]): Uint8Array {
  const w = new Writer();
  w.u32(LINKED_MAGIC);
  w.u32(FORMAT_VERSION);
  w.list(parts, (p) => {
    const b = serializeProof(p);
    w.u32(b.length);
    w.raw(b);
  });
  return w.bytes();
}

/** Decodes the parts of a linked proof; throws `ProofFormatError` (offsets count from its start). */
export function deserializeLinkedProof(bytes: Uint8Array): StarkProof[] {
  const { r } = readerAfterHeader(bytes, LINKED_MAGIC, "linked proof");
  const parts = r.list("parts", 4, () => {
    const at = r.offset;
    const len = r.count("part bytes", 1);
    const body = r.take(len);
    try {
      return deserializeProof(body);
    } catch (err) {
      if (!(err instanceof ProofFormatError)) throw err;
      throw new ProofFormatError(at + 4 + err.offset, `part: ${err.what}`);
    }
  });
  if (parts.length === 0) r.fail("a linked proof has at least one part");
  r.end();
  return parts;
}
