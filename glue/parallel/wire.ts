/**
 * Segment and chunk tasks and their results (glue/parallel/tasks.ts) as JSON-safe values and
 * back, for a job queue: typed arrays travel as `{ type: "u8" | "u32", base64 }`, a checkpoint as
 * its byte encoding (glue/riscv/checkpoint.ts), a chunk's memory pages as `{ page, words }`
 * entries, numbers as numbers.
 *
 * Each shape is one zod codec, so the same schema encodes and decodes, and decoding validates
 * everything a job or a result carries: what arrives from the queue was written by another
 * process — possibly broken, possibly hostile — so a bad value fails here with the path of the
 * field (`parts.2.root: 31 bytes, expected 32`), not later deep inside trace generation.
 * Decoding checks shapes only (lengths, ranges, consistent counts); whether a result is the
 * right one for its segment is the coordinator's check (glue/parallel/coordinator.ts).
 */
import { z } from "zod";
import { type Checkpoint, decodeCheckpoint, encodeCheckpoint } from "../riscv/checkpoint.js";
import type { ChunkStart } from "../riscv/chunks.js";
import type { SegmentTask, TaskResult } from "./tasks.js";

/** u32 arrays travel as their little-endian bytes, which are their memory only on such hosts. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

// Standard base64 with padding (Buffer.from skips characters it does not know; we refuse them).
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const base64 = z
  .string()
  .regex(BASE64, "not base64")
  .refine((s) => s.length % 4 === 0, "not base64 (length not a multiple of 4)");

const fromBase64 = (s: string): Uint8Array => {
  const b = Buffer.from(s, "base64");
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength).slice(); // own, aligned buffer
};
const toBase64 = (b: ArrayBufferView): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("base64");

/** Bytes: `{ type: "u8", base64 }`. */
const u8 = z.codec(
  z.object({ type: z.literal("u8"), base64 }),
  z.custom<Uint8Array>((v) => v instanceof Uint8Array, "expected a Uint8Array"),
  {
    decode: (w) => fromBase64(w.base64),
    encode: (b) => ({ type: "u8" as const, base64: toBase64(b) }),
  },
);

/** u32s: `{ type: "u32", base64 }` of their little-endian bytes. */
const u32 = z.codec(
  z.object({ type: z.literal("u32"), base64 }),
  z.custom<Uint32Array>((v) => v instanceof Uint32Array, "expected a Uint32Array"),
  {
    decode: (w, ctx) => {
      const b = fromBase64(w.base64);
      if (!LITTLE_ENDIAN || b.length % 4 !== 0) {
        const why = LITTLE_ENDIAN ? `${b.length} bytes are not whole u32s` : "big-endian host";
        ctx.issues.push({ code: "custom", message: why, input: w });
        return new Uint32Array(0);
      }
      return new Uint32Array(b.buffer, 0, b.length / 4);
    },
    encode: (a) => {
      if (!LITTLE_ENDIAN) throw new Error("wire: u32 arrays need a little-endian host");
      return { type: "u32" as const, base64: toBase64(a) };
    },
  },
);

/** Bytes of exactly `n` (a digest, a root, a program id). */
const bytesOf = (n: number) =>
  u8.check((c) => {
    if (c.value.length !== n)
      c.issues.push({
        code: "custom",
        message: `${c.value.length} bytes, expected ${n}`,
        input: c.value,
      });
  });
/** u32s of exactly `n`. */
const u32Of = (n: number) =>
  u32.check((c) => {
    if (c.value.length !== n)
      c.issues.push({
        code: "custom",
        message: `${c.value.length} u32s, expected ${n}`,
        input: c.value,
      });
  });

const digest = bytesOf(32);

/** A checkpoint: `encodeCheckpoint`'s bytes (which `decodeCheckpoint` validates). */
const checkpoint = z.codec(
  u8,
  z.custom<Checkpoint>((v) => typeof v === "object" && v !== null),
  {
    decode: (bytes, ctx) => {
      try {
        return decodeCheckpoint(bytes);
      } catch (e) {
        ctx.issues.push({ code: "custom", message: (e as Error).message, input: bytes });
        return undefined as unknown as Checkpoint;
      }
    },
    encode: (c) => encodeCheckpoint(c),
  },
);

const count = z
  .int()
  .min(0)
  .max(2 ** 32 - 1);
/** log2 of a table height; the prover refuses more than 2^30 rows long before. */
const logHeights = z.array(z.int().min(0).max(30)).max(1024);

/** A part's round-1 commitment (core/stark/rounds.ts `PartCommitment`). */
const partCommitment = z.object({
  statement: z.object({
    vkDigest: digest,
    logHeights: logHeights.readonly(),
    publics: z.array(u32).max(1024).readonly(),
  }),
  root: digest,
  zk: z.literal(true).optional(),
});

const LOOKUP_SIZE = 65536; // every counter of glue/chips/table.ts `Lookups` has 2^16 entries

/** A segment's summary (glue/segment-trace.ts), with its internal counts consistent. */
const summary = z
  .object({
    index: count,
    handOver: z.object({ pc: count, clk: count }).optional(),
    programCounts: u32,
    lookups: z.object({
      u16: u32Of(LOOKUP_SIZE),
      u14: u32Of(LOOKUP_SIZE),
      pair: u32Of(LOOKUP_SIZE),
      and: u32Of(LOOKUP_SIZE),
      or: u32Of(LOOKUP_SIZE),
      xor: u32Of(LOOKUP_SIZE),
    }),
    syscall: u32,
    syscallRows: count,
    io: u32,
    ioRows: count,
    words: u32,
    finalValues: u32,
    finalTs: u32,
    regs: u32Of(32),
    regTs: u32Of(32),
    writes: u32,
    inputPos: count,
    journalLength: count,
  })
  .check((c) => {
    const s = c.value;
    const bad = (path: string, message: string) =>
      c.issues.push({ code: "custom", path: [path], message, input: s });
    // Row-major tables: a whole number of rows (the width is the machine's, checked later).
    if (s.syscallRows === 0 ? s.syscall.length !== 0 : s.syscall.length % s.syscallRows !== 0)
      bad("syscall", `${s.syscall.length} values are not ${s.syscallRows} rows`);
    if (s.ioRows === 0 ? s.io.length !== 0 : s.io.length % s.ioRows !== 0)
      bad("io", `${s.io.length} values are not ${s.ioRows} rows`);
    if (s.finalValues.length !== s.words.length)
      bad("finalValues", `${s.finalValues.length} values for ${s.words.length} words`);
    if (s.finalTs.length !== s.words.length)
      bad("finalTs", `${s.finalTs.length} timestamps for ${s.words.length} words`);
    if (s.writes.length % 2 !== 0) bad("writes", "not (first word, count) pairs");
  });

const commitTask = z.object({
  kind: z.literal("commit"),
  programId: digest,
  checkpoint,
  zkSeed: digest.optional(),
  zkLinkSeed: digest.optional(),
});
const proveTask = z.object({
  kind: z.literal("prove"),
  programId: digest,
  checkpoint,
  parts: z.array(partCommitment).min(1),
  journal: u8,
  roots: z.object({ start: u32Of(8), end: u32Of(8) }).optional(),
  zkSeed: digest.optional(),
  zkLinkSeed: digest.optional(),
});

/** A 1 KiB page's number: a leaf of the depth-21 page tree (glue/paging/layout.ts). */
const MAX_PAGES = 2 ** 21;
const pageNumber = z
  .int()
  .min(0)
  .max(MAX_PAGES - 1);

/** A chunk's memory: `{ page, words }` entries (256 words each), no page twice, as the `Map`. */
const pages = z.codec(
  z
    .array(z.object({ page: pageNumber, words: u32Of(256) }))
    .max(MAX_PAGES)
    .check((c) => {
      const seen = new Set<number>();
      c.value.forEach(({ page }, i) => {
        if (seen.has(page))
          c.issues.push({
            code: "custom",
            path: [i, "page"],
            message: `page ${page} twice`,
            input: page,
          });
        seen.add(page);
      });
    }),
  z.custom<Map<number, Uint32Array>>((v) => v instanceof Map, "expected a Map"),
  {
    decode: (entries) => new Map(entries.map(({ page, words }) => [page, words])),
    encode: (map) => [...map].map(([page, words]) => ({ page, words })),
  },
);

/** A chunk's start state (glue/riscv/chunks.ts `ChunkStart`). */
const chunkStart = z.object({
  index: count,
  startCycle: count,
  cycles: count,
  last: z.boolean(),
  pc: count,
  regs: u32Of(32),
  pages,
  inputPos: count,
}) satisfies z.ZodType<ChunkStart>;

/** A segment length the prover takes: a power of two in [2^3, 2^22]. */
const segmentCycles = z
  .int()
  .min(8)
  .max(2 ** 22)
  .refine((n) => (n & (n - 1)) === 0, "not a power of two");

const chunkTask = z.object({
  kind: z.literal("chunk"),
  programId: digest,
  start: chunkStart,
  segmentCycles,
  zk: z.boolean(),
});

/** A `SegmentTask` on the wire. */
export const segmentTaskWire = z.discriminatedUnion("kind", [commitTask, proveTask, chunkTask]);

const commitResult = z
  .object({
    kind: z.literal("commit"),
    index: count,
    root: digest,
    logHeights,
    summary,
  })
  .check((c) => {
    if (c.value.summary.index !== c.value.index)
      c.issues.push({
        code: "custom",
        path: ["summary", "index"],
        message: `segment ${c.value.summary.index}'s summary in segment ${c.value.index}'s result`,
        input: c.value,
      });
  });
const proveResult = z.object({ kind: z.literal("prove"), index: count, proof: u8 });

/** The BabyBear prime: an image root's words are field elements. */
const P = 2013265921;
/** An image root: 8 field elements. */
const imageRoot = u32Of(8).check((c) => {
  const i = c.value.findIndex((w) => w >= P);
  if (i >= 0)
    c.issues.push({
      code: "custom",
      message: `word ${i} (${c.value[i]}) is not below p = ${P}`,
      input: c.value,
    });
});
const handOver = z.object({ pc: count, clk: count });
/** Any number of table cells (more than 2^32 in a long chunk): a safe integer. */
const cells = z.int().min(0);

/** A chunk proof's claim and figures, without its proofs (glue/paging/chunk-proof.ts). */
const chunkClaim = z.object({
  index: count,
  startPc: count,
  end: handOver.optional(),
  roots: z.object({ start: imageRoot, end: imageRoot }),
  handOvers: z.array(handOver).max(2 ** 22),
  journal: u8,
  cycles: count,
  segments: count,
  pages: z.array(pageNumber).max(MAX_PAGES),
  heights: z.record(
    z
      .string()
      .min(1)
      .max(128)
      .refine((k) => k !== "__proto__", "not a table name"),
    count,
  ),
  traceCells: cells,
  pagingCells: cells,
});

const chunkResult = z
  .object({ kind: z.literal("chunk"), index: count, chunk: chunkClaim, proofs: u8 })
  .check((c) => {
    if (c.value.chunk.index !== c.value.index)
      c.issues.push({
        code: "custom",
        path: ["chunk", "index"],
        message: `chunk ${c.value.chunk.index}'s proof in chunk ${c.value.index}'s result`,
        input: c.value,
      });
  });

/** A `TaskResult` on the wire. */
export const taskResultWire = z.discriminatedUnion("kind", [
  commitResult,
  proveResult,
  chunkResult,
]);

/** The JSON-safe form of a task. */
export type WireTask = z.input<typeof segmentTaskWire>;
/** The JSON-safe form of a result. */
export type WireResult = z.input<typeof taskResultWire>;

/** A value from another process that is not what it should be; the message names the field. */
export class WireError extends Error {
  override name = "WireError";
}

/** "what: path.to.field: problem; …" for a failed decode. */
function wireError(what: string, e: z.ZodError): WireError {
  const issues = e.issues.slice(0, 5).map((i) => {
    const path = i.path.map(String).join(".");
    return path === "" ? i.message : `${path}: ${i.message}`;
  });
  const more = e.issues.length > 5 ? `; and ${e.issues.length - 5} more` : "";
  return new WireError(`malformed ${what}: ${issues.join("; ")}${more}`);
}

/** A task as a JSON-safe value. */
export function encodeTask(task: SegmentTask): WireTask {
  return segmentTaskWire.encode(task);
}

/** A task from its JSON-safe value; throws `WireError` naming the first bad fields. */
export function decodeTask(w: unknown): SegmentTask {
  const r = segmentTaskWire.safeDecode(w as WireTask);
  if (!r.success) throw wireError("task", r.error);
  return r.data;
}

/** A result as a JSON-safe value. */
export function encodeResult(result: TaskResult): WireResult {
  return taskResultWire.encode(result);
}

/** A result from its JSON-safe value; throws `WireError` naming the first bad fields. */
export function decodeResult(w: unknown): TaskResult {
  const r = taskResultWire.safeDecode(w as WireResult);
  if (!r.success) throw wireError("result", r.error);
  // Decoded arrays own plain ArrayBuffers, as the `Lookups` counters' type says.
  return r.data as TaskResult;
}

/** Bytes as `{ type: "u8", base64 }` and back (used for the job envelope's own fields). */
export const bytesWire = u8;
