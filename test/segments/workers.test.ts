/**
 * `zkglue prove --workers`: segment traces generated from checkpoints on worker threads give the
 * receipt of the single-threaded prover, byte for byte; a worker that cannot generate its
 * segment makes the coordinator fail with an error naming the segment.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { proveReceiptInWorkers } from "../../cli/prove.js";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import { buildMachine } from "../../glue/machine.js";
import { SegmentWorkers, workerScript } from "../../glue/parallel/pool.js";
import { proveReceipt, serializeReceipt } from "../../glue/receipt.js";
import { executeWithCheckpoints, loadElf } from "../../glue/riscv/index.js";

const cli = new URL("../../cli/", import.meta.url);
const program = loadElf(readFileSync("examples/guests/read_input.elf"));
const input = new TextEncoder().encode("checkpoints in parallel");
const coprocessors = builtinCoprocessors();

describe("segment traces on worker threads", () => {
  it("give the single-threaded receipt, byte for byte", async () => {
    const options = { input, coprocessors, segmentCycles: 128 };
    const one = proveReceipt(program, options);
    const two = await proveReceiptInWorkers(program, { ...options, workers: 2, modules: [] });
    expect(one.stats.segments).toBeGreaterThanOrEqual(3);
    expect(two.stats).toEqual(one.stats);
    expect(
      Buffer.from(serializeReceipt(two.receipt)).equals(Buffer.from(serializeReceipt(one.receipt))),
    ).toBe(true);
  }, 300_000);

  it("fail with the segment named when a worker cannot generate it", async () => {
    // Workers serving another input than the checkpoints' run: the replay disagrees.
    const { checkpoints } = executeWithCheckpoints(program, 256, { input, coprocessors });
    const setup = { program, input: new Uint8Array(0), modules: [] };
    const pool = new SegmentWorkers(workerScript(cli, "worker"), 2, setup);
    try {
      await expect(pool.generate(checkpoints)).rejects.toThrow(/segment \d+: /);
    } finally {
      await pool.close();
    }
    expect(buildMachine(program, { coprocessors }).chips.length).toBeGreaterThan(0);
  }, 120_000);
});
