/**
 * Chunk start states (glue/riscv/chunks.ts): one fast run cuts into chunks whose starts agree
 * with the checkpoints of the same cut, each chunk re-runs alone from its start to the next
 * one's pc with its share of the journal, and pages a chunk leaves unchanged are shared, not
 * copied again.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import {
  chunkStarts,
  executeChunkWithCheckpoints,
  initialChunkStart,
} from "../../glue/riscv/chunks.js";
import { execute, executeWithCheckpoints, loadElf } from "../../glue/riscv/index.js";

const program = loadElf(readFileSync("examples/guests/page_kinds.elf"));
const coprocessors = builtinCoprocessors();
const input = new Uint8Array(Uint32Array.of(200).buffer);
const options = { input, coprocessors };

describe("chunk start states", () => {
  const run = chunkStarts(program, 2048, options);

  it("cut the run where the checkpoints of the same length do", () => {
    const whole = execute(program, options);
    const { checkpoints } = executeWithCheckpoints(program, 2048, options);
    expect(run.cycles).toBe(whole.cycles);
    expect(run.chunks.length).toBe(checkpoints.length);
    run.chunks.forEach((c, i) => {
      const k = checkpoints[i];
      expect([c.startCycle, c.cycles, c.last, c.pc, c.inputPos]).toEqual([
        k.startCycle,
        k.cycles,
        k.last,
        k.pc,
        k.inputPos,
      ]);
      expect(c.regs).toEqual(k.regs);
    });
    expect(initialChunkStart(program)).toEqual({ ...run.chunks[0], cycles: 0, last: false });
  });

  it("each re-run alone reaches the next start, and their journals make the run's", () => {
    const journals = run.chunks.map((c, i) => {
      const r = executeChunkWithCheckpoints(program, c, 1024, options);
      const next = run.chunks[i + 1];
      if (next !== undefined) expect(r.nextPc).toBe(next.pc);
      expect(r.checkpoints.length).toBe(Math.ceil(c.cycles / 1024));
      expect(r.checkpoints.at(-1)!.last).toBe(c.last);
      return r.journal;
    });
    expect(Buffer.concat(journals)).toEqual(Buffer.from(execute(program, options).journal));
  });

  it("share the pages a chunk leaves unchanged and copy the others", () => {
    const [, a, b] = run.chunks;
    const untouched = 0x202400 >>> 10; // read only after the loop
    const bss = 0x202800 >>> 10; // written every round
    expect(b.pages.get(untouched)).toBe(a.pages.get(untouched));
    expect(b.pages.get(bss)).not.toBe(a.pages.get(bss));
    expect(b.pages.get(bss)).not.toEqual(a.pages.get(bss));
  });

  it("refuse a start state whose run does not end as it says", () => {
    const wrong = { ...run.chunks[1], last: true };
    expect(() => executeChunkWithCheckpoints(program, wrong, 1024, options)).toThrow(
      /chunk 1 .* ran through its last cycle, but its start state says it terminates there/,
    );
  });
});
