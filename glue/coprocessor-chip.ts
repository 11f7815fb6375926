/**
 * A coprocessor as a chip of the machine: its AIR compiled (degrees and bus widths checked, with
 * errors that name the coprocessor), its table named `cop.<name>`, and its trace checked against
 * its layout. Also the coprocessor set a program id binds: each coprocessor's name, syscall and
 * AIR digest, and the message that names the difference when a receipt is verified with another
 * set.
 */
import { bytesToHex } from "@noble/hashes/utils.js";
import { compileAir } from "../core/air/compile.js";
import type { CompiledAir } from "../core/air/types.js";
import type { Matrix } from "../core/field/matrix.js";
import { airDigest } from "../core/stark/setup.js";
import type { Chip } from "./chip.js";
import { WRITABLE_BUS } from "./chips/buses.js";
import { Lookups } from "./chips/table.js";
import {
  type Coprocessor,
  type CoprocessorCall,
  CoprocessorError,
  validateCoprocessor,
} from "./coprocessor.js";

/** A coprocessor as a program id binds it. */
export interface CoprocessorId {
  readonly name: string;
  readonly syscall: number;
  /** BLAKE3 of its AIR's description (core/stark/setup.ts `airDigest`). */
  readonly air: Uint8Array;
}

const compiled = new WeakMap<Coprocessor, CompiledAir>();

/** Compiles a coprocessor's AIR once per coprocessor value; errors name the coprocessor. */
function compileCoprocessorAir(c: Coprocessor): CompiledAir {
  let air = compiled.get(c);
  if (air !== undefined) return air;
  validateCoprocessor(c);
  if (c.air === undefined) {
    throw new CoprocessorError(
      `coprocessor "${c.name}" has no AIR: it can be executed but not proven`,
    );
  }
  try {
    air = compileAir(c.air);
  } catch (e) {
    throw new CoprocessorError(`coprocessor "${c.name}": ${(e as Error).message}`);
  }
  compiled.set(c, air);
  return air;
}

/**
 * The chip of coprocessor `c`. Its trace of no calls is built once here, so a layout whose width
 * differs from the trace's is refused when the machine is built, not halfway through a proof.
 */
export function coprocessorChip(c: Coprocessor): Chip {
  const chip: Chip = {
    name: `cop.${c.name}`,
    scope: "segment",
    air: compileCoprocessorAir(c),
    coprocessor: c,
  };
  coprocessorTrace(chip, [], new Lookups());
  checkWritesDeclared(c, chip.air);
  return chip;
}

/**
 * The table of one segment's calls, checked against the chip: width equal to its layout, height
 * a power of two of at least 8. Returns it with its real rows (up to the last nonzero row).
 */
export function coprocessorTrace(
  chip: Chip,
  calls: readonly CoprocessorCall[],
  lookups: Lookups,
): { main: Matrix; rows: number } {
  const c = chip.coprocessor!;
  for (const call of calls) checkWritesInDeclaredBuffers(c, call);
  const main = c.trace!(calls, lookups);
  const w = chip.air.mainWidth;
  if (main.width !== w || main.values.length !== main.width * main.height) {
    throw new CoprocessorError(
      `coprocessor "${c.name}": its trace has ${main.width} columns, its layout ${w}`,
    );
  }
  const h = main.height;
  if (h < 8 || (h & (h - 1)) !== 0)
    throw new CoprocessorError(
      `coprocessor "${c.name}": trace height ${h} is not a power of two ≥ 8`,
    );
  let rows = h;
  while (rows > 0 && isZeroRow(main, rows - 1)) rows--;
  return { main, rows: calls.length === 0 ? 0 : rows };
}

function isZeroRow(m: Matrix, r: number): boolean {
  for (let i = r * m.width; i < (r + 1) * m.width; i++) if (m.values[i] !== 0) return false;
  return true;
}

/**
 * A coprocessor whose call writes a buffer must send it to the writable-range chip (one
 * `writableWords` per written pointer argument); forgetting it would let a proof write into the
 * program text.
 */
function checkWritesDeclared(c: Coprocessor, air: CompiledAir): void {
  const written = (c.call?.args ?? []).filter((a) => a.kind === "write" || a.kind === "readwrite");
  const sent = air.interactions.filter((i) => i.bus.id === WRITABLE_BUS.id).length;
  if (sent !== written.length) {
    throw new CoprocessorError(
      `coprocessor "${c.name}": its call writes ${written.length} buffer(s) (${written.map((a) => a.name).join(", ") || "none"}) ` +
        `but its AIR declares ${sent} with writableWords (glue/coprocessor-air.ts)`,
    );
  }
}

/**
 * Every guest word a call changed must lie in a buffer its call description declares written:
 * those are the buffers the writable-range chip checks against the program text. A pointer
 * marked `read` that is written would escape that check, so it is refused here, before proving.
 */
function checkWritesInDeclaredBuffers(c: Coprocessor, call: CoprocessorCall): void {
  const args = c.call?.args ?? [];
  for (const a of call.accesses) {
    if (a.addr < 32 || a.old === a.value) continue;
    const w = a.addr - 32;
    const declared = args.some(
      (arg, i) =>
        (arg.kind === "write" || arg.kind === "readwrite") &&
        w >= call.args[i] >>> 2 &&
        w < (call.args[i] >>> 2) + arg.words,
    );
    if (!declared) {
      throw new CoprocessorError(
        `coprocessor "${c.name}" (cycle ${call.cycle}) wrote the word at 0x${(4 * w).toString(16)}, ` +
          `outside every buffer its call description declares written`,
      );
    }
  }
}

/** The coprocessor set of a machine's chips, in table order. */
export function coprocessorIds(chips: readonly Chip[]): CoprocessorId[] {
  return chips
    .filter((c) => c.coprocessor !== undefined)
    .map((c) => ({
      name: c.coprocessor!.name,
      syscall: c.coprocessor!.syscall,
      air: airDigest(c.air),
    }));
}

const show = (c: CoprocessorId) => `"${c.name}" (0x${c.syscall.toString(16)})`;

/** Throws, naming the difference, unless the two coprocessor sets are the same. */
export function checkSameCoprocessors(
  proven: readonly CoprocessorId[],
  given: readonly CoprocessorId[],
): void {
  const key = (c: CoprocessorId) => `${c.name}/${c.syscall}`;
  const givenBy = new Map(given.map((c) => [key(c), c]));
  const provenBy = new Map(proven.map((c) => [key(c), c]));
  const missing = proven.filter((c) => !givenBy.has(key(c))).map(show);
  const extra = given.filter((c) => !provenBy.has(key(c))).map(show);
  const changed = proven
    .filter((c) => {
      const g = givenBy.get(key(c));
      return g !== undefined && bytesToHex(g.air) !== bytesToHex(c.air);
    })
    .map(show);
  const diffs = [
    missing.length ? `proven with ${missing.join(", ")}, which the verifier was not given` : "",
    extra.length ? `the verifier was given ${extra.join(", ")}, which the proof did not use` : "",
    changed.length ? `the AIR of ${changed.join(", ")} differs from the one proven with` : "",
  ].filter((d) => d !== "");
  if (diffs.length === 0 && proven.map(key).join() !== given.map(key).join())
    diffs.push("the coprocessors are the same but in another order");
  if (diffs.length > 0) throw new CoprocessorError(`coprocessor set mismatch: ${diffs.join("; ")}`);
}
