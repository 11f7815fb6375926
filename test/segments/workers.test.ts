/**
 * `zkglue prove --workers`: segments proven from checkpoints on local worker processes, in two
 * rounds, give the single-process receipt byte for byte; a worker that cannot do its segment,
 * dies holding it, serves another machine, or answers wrongly makes the coordinator retry or fail
 * with a clear error — never a receipt that does not verify.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { proveReceiptInWorkers } from "../../cli/prove.js";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import { buildMachine } from "../../glue/machine.js";
import { proveInRounds, type TaskRunner } from "../../glue/parallel/coordinator.js";
import { LocalWorkers, workerScript } from "../../glue/parallel/pool.js";
import type { SegmentTask, TaskResult } from "../../glue/parallel/tasks.js";
import {
  programIdOf,
  proveReceipt,
  receiptOf,
  serializeReceipt,
  verifyReceipt,
} from "../../glue/receipt.js";
import { loadElf } from "../../glue/riscv/index.js";

const cli = new URL("../../cli/", import.meta.url);
const elf = readFileSync("examples/guests/read_input.elf");
const program = loadElf(elf);
const input = new TextEncoder().encode("checkpoints in parallel");
const coprocessors = builtinCoprocessors();
const segmentCycles = 128;

/** A runner passing tasks to `inner`, with `change` applied to each round's results. */
function tampering(inner: TaskRunner, change: (r: TaskResult[]) => TaskResult[]): TaskRunner {
  return {
    async submit(tasks: readonly SegmentTask[]) {
      const batch = await inner.submit(tasks);
      return { results: batch.results.then((r) => (tasks[0]?.kind === "prove" ? change(r) : r)) };
    },
  };
}

const inTwoWorkers = (zk: boolean) =>
  proveReceiptInWorkers(program, {
    input,
    coprocessors,
    segmentCycles,
    elf,
    workers: 2,
    modules: [],
    zk,
  });

describe("segments proven on local worker processes", () => {
  // zk off for the byte-for-byte comparisons: a zero-knowledge receipt is randomized.
  const one = proveReceipt(program, { input, coprocessors, segmentCycles, zk: false });
  const bytes = Buffer.from(serializeReceipt(one.receipt));

  it("give the single-process receipt, byte for byte", async () => {
    const two = await inTwoWorkers(false);
    expect(one.stats.segments).toBeGreaterThanOrEqual(3);
    expect(two.stats).toEqual(one.stats);
    expect(Buffer.from(serializeReceipt(two.receipt)).equals(bytes)).toBe(true);
  }, 300_000);

  it("give a zero-knowledge receipt that verifies", async () => {
    const zk = await inTwoWorkers(true);
    expect(zk.receipt.proofs.length).toBe(one.receipt.proofs.length);
    expect(zk.receipt.proofs.every((p) => p.zk === true)).toBe(true);
    const id = programIdOf(program, coprocessors);
    expect(verifyReceipt(zk.receipt, id, coprocessors)).toEqual(one.receipt.journal);
  }, 300_000);

  it("fail with the segment named when a worker cannot do it", async () => {
    // Workers serving another input than the run's: the replay from the checkpoint disagrees.
    const m = buildMachine(program, { coprocessors });
    const pool = new LocalWorkers(workerScript(cli, "worker"), 2, {
      elf,
      input: new Uint8Array(0),
      modules: [],
    });
    try {
      await expect(proveInRounds(m, program, pool, { input, segmentCycles })).rejects.toThrow(
        /segment \d+: /,
      );
    } finally {
      await pool.close();
    }
  }, 120_000);

  it("refuse workers whose machine has other coprocessors", async () => {
    await expect(
      proveReceiptInWorkers(program, {
        input,
        coprocessors: [],
        segmentCycles,
        elf,
        workers: 1,
        modules: [],
      }),
    ).rejects.toThrow(/the workers built program [0-9a-f]{64}, this process [0-9a-f]{64}/);
  }, 120_000);

  it("catch a worker that answers with another segment's proof", async () => {
    const m = buildMachine(program, { coprocessors });
    const pool = new LocalWorkers(workerScript(cli, "worker"), 1, { elf, input, modules: [] });
    try {
      const swapped = tampering(pool, (r) => [r[1], r[0], ...r.slice(2)]);
      await expect(proveInRounds(m, program, swapped, { input, segmentCycles })).rejects.toThrow(
        /round 2: a worker answered segment 0 with another result/,
      );
      const relabelled = tampering(pool, (r) => {
        const [a, b] = r as Extract<TaskResult, { kind: "prove" }>[];
        return [{ ...b, index: 0 }, { ...a, index: 1 }, ...r.slice(2)];
      });
      await expect(proveInRounds(m, program, relabelled, { input, segmentCycles })).rejects.toThrow(
        /round 2: segment 0's proof is not over its round-1 main root/,
      );
    } finally {
      await pool.close();
    }
  }, 180_000);

  it("retry the task of a worker that dies holding it", async () => {
    const m = buildMachine(program, { coprocessors });
    const pool = new LocalWorkers(workerScript(cli, "worker"), 2, { elf, input, modules: [] });
    let killed = false;
    const killer: TaskRunner = {
      async submit(tasks, onResult) {
        const batch = await pool.submit(tasks, onResult);
        if (!killed) {
          killed = true; // both workers hold a task now: kill one of them
          (
            pool as unknown as { members: { child: { kill(s: string): void } }[] }
          ).members[0].child.kill("SIGKILL");
        }
        return batch;
      },
    };
    try {
      const proof = await proveInRounds(m, program, killer, { input, segmentCycles });
      expect(Buffer.from(serializeReceipt(receiptOf(m, proof))).equals(bytes)).toBe(true);
    } finally {
      await pool.close();
    }
    expect(killed).toBe(true);
  }, 180_000);
});
