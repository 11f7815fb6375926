/**
 * A run longer than one proof can hold, proven as a chain: the long_run guest for 5 × 2^24 ≈
 * 2^26.3 cycles (bus messages over all its tables beyond the LogUp bound p, so no single linked
 * proof of it exists) in chunks of 2^24 cycles verifies, with the whole run's journal. It takes
 * about 50 minutes on the 2-core machine, so it runs only with ZKGLUE_HUGE_TESTS=1 (vitest.config.ts);
 * `npm run bench -- chain` proves and verifies the same run and records its figures.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lookupCountBound } from "../../core/lookup/bound.js";
import { machineKeys } from "../../glue/machine.js";
import {
  chainProgramIdOf,
  parseChainReceipt,
  proveChain,
  serializeChainReceipt,
  verifyChainReceipt,
} from "../../glue/paging/chain.js";
import { chainMachines } from "../../glue/paging/chunk-proof.js";
import { execute, loadElf } from "../../glue/riscv/index.js";

describe("a run beyond the LogUp bound", () => {
  it("is proven as a chain of chunks and verifies", async () => {
    const program = loadElf(readFileSync("examples/guests/long_run.elf"));
    // 5 × 2^24 cycles: 2^26 of long_run makes 0.99 p bus messages, just below the bound.
    const input = new Uint8Array(Uint32Array.of(Math.round((5 * 2 ** 24 - 4200) / 17)).buffer);
    const proven = await proveChain(program, { input, chunkCycles: 2 ** 24 });
    const ms = chainMachines(program);
    const keys = machineKeys(ms.chunk);
    const tables = proven.chunks.flatMap((c) =>
      c.proofs.flatMap((p, k) => {
        const vk = k < c.proofs.length - 1 ? keys.segment.vk : keys.final.vk;
        return p.tables.map((t, i) => ({ air: vk.airs[i], height: 2 ** t.logHeight }));
      }),
    );
    expect(lookupCountBound(tables).ok).toBe(false);
    const bytes = serializeChainReceipt(proven.receipt);
    const journal = verifyChainReceipt(parseChainReceipt(bytes), chainProgramIdOf(ms, program));
    expect(Buffer.from(journal)).toEqual(Buffer.from(execute(program, { input }).journal));
  }, 7_200_000);
});
