/**
 * glue/parallel/wire.ts: tasks and results survive JSON unchanged, and whatever a broken or
 * hostile process puts in their place is refused with an error naming the field.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import { buildMachine } from "../../glue/machine.js";
import {
  type CommitResult,
  type ProveTask,
  runSegmentTask,
  segmentContext,
  type SegmentTask,
} from "../../glue/parallel/tasks.js";
import {
  decodeResult,
  decodeTask,
  encodeResult,
  encodeTask,
  WireError,
} from "../../glue/parallel/wire.js";
import { executeWithCheckpoints, loadElf } from "../../glue/riscv/index.js";

const program = loadElf(readFileSync("examples/guests/read_input.elf"));
const input = new TextEncoder().encode("over the wire");
const viaJson = <T>(x: T): unknown => JSON.parse(JSON.stringify(x));

let commit: SegmentTask;
let prove: ProveTask;
let committed: CommitResult;

beforeAll(() => {
  const coprocessors = builtinCoprocessors();
  const m = buildMachine(program, { coprocessors });
  const ctx = segmentContext(m, program, input);
  const { checkpoints, journal } = executeWithCheckpoints(program, 128, { input, coprocessors });
  commit = { kind: "commit", programId: ctx.programId, checkpoint: checkpoints[1] };
  committed = runSegmentTask(ctx, commit) as CommitResult;
  const part = {
    statement: {
      vkDigest: new Uint8Array(32).fill(7),
      logHeights: committed.logHeights,
      publics: [Uint32Array.of(1, 2, 3), new Uint32Array(0)],
    },
    root: committed.root,
  };
  prove = { ...commit, kind: "prove", parts: [part, part], journal };
}, 120_000);

describe("the wire format", () => {
  it("round-trips tasks and results through JSON", () => {
    expect(decodeTask(viaJson(encodeTask(commit)))).toEqual(commit);
    expect(decodeTask(viaJson(encodeTask(prove)))).toEqual(prove);
    expect(decodeResult(viaJson(encodeResult(committed)))).toEqual(committed);
    const proof = { kind: "prove" as const, index: 1, proof: Uint8Array.of(0, 1, 254, 255) };
    expect(decodeResult(viaJson(encodeResult(proof)))).toEqual(proof);
  });

  it("carries typed arrays as base64 with their kind", () => {
    const w = encodeTask(prove) as { parts: { root: unknown }[]; journal: unknown };
    expect(w.parts[0].root).toEqual({
      type: "u8",
      base64: Buffer.from(committed.root).toString("base64"),
    });
    const decoded = decodeTask(viaJson(w)) as ProveTask;
    expect(decoded.checkpoint.regs).toBeInstanceOf(Uint32Array);
    expect(decoded.parts[0].statement.publics[0]).toBeInstanceOf(Uint32Array);
  });

  /** Decoding `edit`ed JSON of `wire` fails with a WireError matching `message`. */
  function refused(
    decode: (w: unknown) => unknown,
    wire: unknown,
    edit: (w: any) => void, // the edits reach into any field
    message: RegExp,
  ) {
    const w = viaJson(wire);
    edit(w);
    expect(() => decode(w)).toThrow(WireError);
    expect(() => decode(w)).toThrow(message);
  }

  it("refuses malformed tasks, naming the field", () => {
    const t = encodeTask(prove);
    const b64 = (b: number[]) => Buffer.from(b).toString("base64");
    refused(decodeTask, t, (w) => (w.kind = "verify"), /malformed task: kind/);
    refused(
      decodeTask,
      t,
      (w) => (w.programId.base64 = b64([1, 2])),
      /programId: 2 bytes, expected 32/,
    );
    refused(
      decodeTask,
      t,
      (w) => (w.parts[1].root.base64 = "@@@@"),
      /parts\.1\.root\.base64: not base64/,
    );
    refused(
      decodeTask,
      t,
      (w) => (w.parts[0].statement.logHeights[0] = 31),
      /parts\.0\.statement\.logHeights\.0/,
    );
    refused(
      decodeTask,
      t,
      (w) => (w.parts[0].statement.publics[0].base64 = b64([1, 2, 3])),
      /publics\.0: 3 bytes are not whole u32s/,
    );
    refused(
      decodeTask,
      t,
      (w) => (w.checkpoint.base64 = b64([1, 2, 3, 4])),
      /checkpoint: .*checkpoint/,
    );
    refused(decodeTask, t, (w) => (w.journal = { type: "u32", base64: "" }), /journal\.type/);
    refused(decodeTask, t, (w) => delete w.parts, /parts/);
    refused(decodeTask, null, () => {}, /malformed task/);
  });

  it("refuses malformed results, naming the field", () => {
    const r = encodeResult(committed);
    const b64 = (b: number[]) => Buffer.from(b).toString("base64");
    refused(decodeResult, r, (w) => (w.root.base64 = b64([1])), /root: 1 bytes, expected 32/);
    refused(decodeResult, r, (w) => (w.index = -1), /index/);
    refused(decodeResult, r, (w) => (w.index = 1.5), /index/);
    refused(decodeResult, r, (w) => (w.summary.index += 1), /summary\.index: segment 2's summary/);
    refused(
      decodeResult,
      r,
      (w) => (w.summary.regs.base64 = b64([0, 0, 0, 0])),
      /summary\.regs: 1 u32s, expected 32/,
    );
    refused(
      decodeResult,
      r,
      (w) => (w.summary.lookups.xor.base64 = ""),
      /summary\.lookups\.xor: 0 u32s/,
    );
    refused(
      decodeResult,
      r,
      (w) => (w.summary.syscallRows += 1),
      /summary\.syscall: \d+ values are not \d+ rows/,
    );
    refused(decodeResult, r, (w) => (w.summary.finalTs.base64 = ""), /summary\.finalTs/);
    refused(decodeResult, r, (w) => (w.summary.handOver = { pc: "0" }), /summary\.handOver\.pc/);
    refused(decodeResult, { kind: "prove", index: 0, proof: 5 }, () => {}, /proof/);
  });
});
