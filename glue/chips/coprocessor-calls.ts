/**
 * Replays the coprocessor calls of a recorded run for trace generation: for each call, the
 * memory accesses its table must prove (register reads of a1.., then every guest word the call
 * touched, a read-then-write of one word merged into one access) with the previous timestamps
 * taken from the trace generator's own shadows, which it updates as the CPU's accesses do. The
 * executor's log of the call's accesses is checked against the shadows, so a disagreement fails
 * here, before proving.
 */
import type { Coprocessor, CoprocessorCall, MemoryAccess } from "../coprocessor.js";
import { registerArgs } from "../coprocessor.js";
import type { RecordedRun } from "../riscv/executor.js";

/** The trace generator's view of registers and memory (values and last-access timestamps). */
export interface MemoryShadow {
  /** Value of memory-bus address `a` (register or 32 + word index). */
  get(a: number): number;
  /** Timestamp of the last access to `a` (0 = the initial image). */
  ts(a: number): number;
  /** Records an access to `a` at `ts` that leaves `value`. */
  set(a: number, value: number, ts: number): void;
}

/** A coprocessor call that trace generation cannot reproduce. */
export class CoprocessorReplayError extends Error {
  override readonly name = "CoprocessorReplayError";
}

/** Walks a run's coprocessor calls and their logged memory accesses in cycle order. */
export class CoprocessorReplay {
  private readonly bySyscall = new Map<number, Coprocessor>();
  private memRow = 0;
  private callIndex = 0;

  constructor(
    private readonly run: RecordedRun,
    coprocessors: readonly Coprocessor[],
  ) {
    for (const c of coprocessors) this.bySyscall.set(c.syscall, c);
  }

  /** The coprocessor reached by syscall number `a7`, if the machine has one. */
  coprocessor(a7: number): Coprocessor | undefined {
    return this.bySyscall.get(a7);
  }

  /** The call made by the `ecall` of `cycle` (to coprocessor `c`), updating `shadow`. */
  call(c: Coprocessor, cycle: number, shadow: MemoryShadow): CoprocessorCall {
    const rec = this.run.trace.coprocessorCalls[this.callIndex++];
    if (rec === undefined || rec.cycle !== cycle || rec.syscall !== c.syscall) {
      throw new CoprocessorReplayError(
        `cycle ${cycle}: the executor recorded no call of coprocessor "${c.name}" here`,
      );
    }
    const clk = 4 * cycle;
    const ts = clk + 3;
    const args = this.args(cycle);
    const accesses: MemoryAccess[] = [];
    for (let r = 11; r < 11 + registerArgs(c); r++) {
      const v = shadow.get(r);
      accesses.push({ addr: r, old: v, value: v, prevTs: shadow.ts(r), ts });
      shadow.set(r, v, ts);
    }
    const words = this.wordAccesses(cycle, ts, shadow, c.name);
    return { clk, cycle, args, events: rec.events, accesses: accesses.concat(words) };
  }

  /** a0..a5 of the call at `cycle`, from the executor's syscall log. */
  private args(cycle: number): number[] {
    const s = this.run.trace.syscalls;
    // Syscall rows are in cycle order and few: a binary search keeps long runs linear overall.
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s.at("cycle", mid) < cycle) lo = mid + 1;
      else hi = mid;
    }
    if (lo === s.length || s.at("cycle", lo) !== cycle)
      throw new CoprocessorReplayError(`cycle ${cycle}: no syscall was logged`);
    return (["a0", "a1", "a2", "a3", "a4", "a5"] as const).map((f) => s.at(f, lo));
  }

  /** The guest words the call at `cycle` touched, merged per word, in first-touch order. */
  private wordAccesses(
    cycle: number,
    ts: number,
    shadow: MemoryShadow,
    name: string,
  ): MemoryAccess[] {
    const log = this.run.trace.syscallMemory;
    while (this.memRow < log.length && log.at("cycle", this.memRow) < cycle) this.memRow++;
    const byAddr = new Map<number, { old: number; value: number; prevTs: number }>();
    for (; this.memRow < log.length && log.at("cycle", this.memRow) === cycle; this.memRow++) {
      const a = 32 + (log.at("addr", this.memRow) >>> 2);
      const seen = byAddr.get(a);
      if (seen !== undefined) {
        seen.value = log.at("value", this.memRow);
        continue;
      }
      const old = shadow.get(a);
      if (old !== log.at("old", this.memRow)) {
        throw new CoprocessorReplayError(
          `cycle ${cycle}: coprocessor "${name}" read 0x${old.toString(16)} at word ${a - 32} ` +
            `in the prover's shadow but the executor logged another value`,
        );
      }
      byAddr.set(a, { old, value: log.at("value", this.memRow), prevTs: shadow.ts(a) });
    }
    const out: MemoryAccess[] = [];
    for (const [addr, x] of byAddr) {
      out.push({ addr, old: x.old, value: x.value, prevTs: x.prevTs, ts });
      shadow.set(addr, x.value, ts);
    }
    return out;
  }

  /** Throws if the executor recorded calls that the replay never reached. */
  finish(): void {
    const left = this.run.trace.coprocessorCalls.length - this.callIndex;
    if (left !== 0)
      throw new CoprocessorReplayError(`${left} recorded coprocessor calls were not replayed`);
  }
}
