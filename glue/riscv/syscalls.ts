/**
 * The `ecall` handler: the ABI's terminate (0), exit (93), write (64) and read (63), and the
 * dispatch of numbers ≥ 0x100 to registered coprocessors. Every guest-memory access a syscall
 * makes goes through a `SyscallContext` — the same object a coprocessor receives — so bounds,
 * alignment and read-only program checks are written once, and a recording run logs each
 * access with its timestamps for the memory argument.
 */
import type { CoprocessorContext } from "../coprocessor.js";
import {
  FD_JOURNAL,
  FD_STDERR,
  FD_STDOUT,
  inGuestMemory,
  SYS_EXIT,
  SYS_READ,
  SYS_TERMINATE,
  SYS_WRITE,
} from "./constants.js";
import { GuestError, hex32, type GuestErrorKind } from "./errors.js";
import type { MachineState } from "./state.js";

/** Guest memory as one `ecall` sees it: checked word accesses at the call's timestamp. */
export class SyscallContext implements CoprocessorContext {
  readonly args: readonly number[];
  readonly timestamp: number;
  /**
   * False while a write to stdout/stderr reads its buffer: those bytes are not proven, so the
   * memory argument makes no access there and checkpoints (./checkpoint.ts) must not see one.
   */
  proven = true;

  constructor(
    private readonly m: MachineState,
    readonly pc: number,
    readonly cycle: number,
  ) {
    const r = m.regs;
    this.args = [r[10] >>> 0, r[11] >>> 0, r[12] >>> 0, r[13] >>> 0, r[14] >>> 0, r[15] >>> 0];
    this.timestamp = 4 * cycle + 3;
  }

  /** A fault of this call. */
  fail(kind: GuestErrorKind, what: string): GuestError {
    return new GuestError(kind, this.pc, this.cycle, what);
  }

  private check(addr: number, write: boolean): void {
    if ((addr & 3) !== 0)
      throw this.fail("misaligned-access", `syscall word access at ${hex32(addr)}`);
    if (!inGuestMemory(addr, 4))
      throw this.fail("out-of-bounds", `syscall access to ${hex32(addr)} outside guest memory`);
    if (write && this.m.isProgramWord(addr)) {
      throw this.fail("write-to-program", `syscall write to program memory ${hex32(addr)}`);
    }
  }

  readWord(addr: number): number {
    this.check(addr, false);
    const v = this.m.mem.loadWord(addr) >>> 0;
    this.m.rec?.syscallAccess(this.cycle, addr, v, v, false);
    if (this.proven) this.m.checkpoints?.word(addr, v, this.timestamp);
    return v;
  }

  writeWord(addr: number, value: number): void {
    this.check(addr, true);
    const old = this.m.mem.loadWord(addr) >>> 0;
    this.m.mem.storeWord(addr, value);
    this.m.rec?.syscallAccess(this.cycle, addr, value >>> 0, old, true);
    if (this.proven) this.m.checkpoints?.word(addr, old, this.timestamp);
  }

  readWords(addr: number, n: number): Uint32Array {
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.readWord(addr + 4 * i);
    return out;
  }

  writeWords(addr: number, words: ArrayLike<number>): void {
    for (let i = 0; i < words.length; i++) this.writeWord(addr + 4 * i, words[i]);
  }

  /** Checks that the byte buffer [addr, addr + len) lies in guest memory (any empty one does). */
  checkBuffer(addr: number, len: number, what: string): void {
    if (len !== 0 && !inGuestMemory(addr, len)) {
      throw this.fail("out-of-bounds", `${what} buffer ${hex32(addr)}+${len} outside guest memory`);
    }
  }

  /** Reads bytes [addr, addr + len) word by word (so each word is one logged access). */
  readBytes(addr: number, len: number): Uint8Array {
    const out = new Uint8Array(len);
    if (len === 0) return out;
    for (let w = addr & ~3; w < addr + len; w += 4) {
      const v = this.readWord(w);
      for (let b = 0; b < 4; b++) {
        const a = w + b;
        if (a >= addr && a < addr + len) out[a - addr] = (v >>> (8 * b)) & 0xff;
      }
    }
    return out;
  }

  /** Writes `bytes` at `addr`, read-modify-writing the partly covered words. */
  writeBytes(addr: number, bytes: Uint8Array): void {
    const end = addr + bytes.length;
    if (bytes.length === 0) return;
    for (let w = addr & ~3; w < end; w += 4) {
      let v = this.m.mem.loadWord(w);
      for (let b = 0; b < 4; b++) {
        const a = w + b;
        if (a >= addr && a < end) v = (v & ~(0xff << (8 * b))) | (bytes[a - addr] << (8 * b));
      }
      this.writeWord(w, v);
    }
  }
}

/**
 * Executes the `ecall` at `pc` in `cycle`. Returns true when the guest terminated. Sets a0 to
 * the result for write/read; other syscalls leave a0 as it was.
 */
export function handleSyscall(m: MachineState, pc: number, cycle: number): boolean {
  const number = m.regs[17] >>> 0;
  const ctx = new SyscallContext(m, pc, cycle);
  const [a0, a1, a2] = ctx.args;
  let halt = false;
  switch (number) {
    case SYS_TERMINATE:
    case SYS_EXIT:
      m.exitCode = m.regs[10];
      m.halted = halt = true;
      break;
    case SYS_WRITE: {
      const sink =
        a0 === FD_STDOUT
          ? m.stdout
          : a0 === FD_STDERR
            ? m.stderr
            : a0 === FD_JOURNAL
              ? m.journal
              : null;
      if (sink === null)
        throw ctx.fail(
          "bad-syscall",
          `write to unsupported fd ${a0} (1 stdout, 2 stderr, 3 journal)`,
        );
      ctx.checkBuffer(a1, a2, "write");
      ctx.proven = a0 === FD_JOURNAL;
      const bytes = ctx.readBytes(a1, a2);
      ctx.proven = true;
      sink.push(bytes);
      if (a0 === FD_STDOUT) m.options.onStdout?.(bytes);
      if (a0 === FD_STDERR) m.options.onStderr?.(bytes);
      m.regs[10] = a2;
      break;
    }
    case SYS_READ: {
      if (a0 !== 0)
        throw ctx.fail("bad-syscall", `read from fd ${a0} (only fd 0, the private input, exists)`);
      const count = Math.min(a2, m.input.length - m.inputPos);
      ctx.checkBuffer(a1, count, "read");
      ctx.writeBytes(a1, m.input.subarray(m.inputPos, m.inputPos + count));
      m.inputPos += count;
      m.regs[10] = count;
      break;
    }
    default:
      callCoprocessor(m, ctx, number);
  }
  const rec = m.rec;
  if (rec !== null) {
    const [c, row] = rec.syscalls.push();
    c.cycle[row] = cycle;
    c.number[row] = number;
    c.a0[row] = a0;
    c.a1[row] = a1;
    c.a2[row] = a2;
    c.a3[row] = ctx.args[3];
    c.a4[row] = ctx.args[4];
    c.a5[row] = ctx.args[5];
    c.result[row] = m.regs[10];
  }
  return halt;
}

function callCoprocessor(m: MachineState, ctx: SyscallContext, number: number): void {
  const cp = m.coprocessors.get(number);
  if (cp === undefined) throw ctx.fail("unknown-syscall", `unknown syscall ${hex32(number)} (a7)`);
  let events: unknown;
  try {
    events = cp.execute(ctx);
  } catch (e) {
    if (e instanceof GuestError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw ctx.fail(
      "coprocessor",
      `coprocessor "${cp.name}" (syscall ${hex32(number)}) failed: ${why}`,
    );
  }
  m.rec?.coprocessorCalls.push({ name: cp.name, syscall: number, cycle: ctx.cycle, events });
}
