/**
 * `defineCoprocessor`'s rules, one test each, with the message a user sees: it names the
 * coprocessor and the field. The valid spec they start from is wadd (wadd.ts), a complete
 * coprocessor written as a user would; each test breaks one thing.
 */
import { describe, expect, it } from "vitest";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import {
  type CallArgument,
  type Coprocessor,
  CoprocessorError,
  defineCoprocessor,
  type FreeCell,
} from "../../glue/coprocessor.js";
import { wadd } from "./wadd.js";

const spec = wadd as Coprocessor;
const args = spec.call!.args;

/** The message `defineCoprocessor` throws for `c` (a CoprocessorError, or the test fails). */
function refusal(c: unknown): string {
  try {
    defineCoprocessor(c as Coprocessor);
  } catch (e) {
    expect(e).toBeInstanceOf(CoprocessorError);
    return (e as Error).message;
  }
  throw new Error("defineCoprocessor accepted it");
}

const withCall = (call: object) => ({ ...spec, call: { ...spec.call, ...call } });
const withArg = (i: number, arg: Partial<CallArgument> | Record<string, unknown>) =>
  withCall({ args: args.map((a, k) => (k === i ? { ...a, ...arg } : a)) });
const withFree = (...free: unknown[]) => ({ ...spec, free: free as FreeCell[] });
const freeCell = { column: "k0", rows: "padding", reason: "scaled by isReal" };

describe("defineCoprocessor accepts", () => {
  it("a valid spec, returning a frozen copy", () => {
    const source = { ...spec };
    const c = defineCoprocessor(source);
    expect(Object.isFrozen(c)).toBe(true);
    expect(c).toEqual(source);
    source.name = "renamed";
    expect(c.name).toBe("wadd");
  });

  it("every built-in coprocessor (they are written with it)", () => {
    for (const c of builtinCoprocessors()) expect(() => defineCoprocessor(c)).not.toThrow();
  });

  it("free cells naming a column, a whole group or one column of a group", () => {
    const free = ["k0", "dst", "dst[3]"].map((column) => ({ ...freeCell, column }));
    expect(() => defineCoprocessor(withFree(...free))).not.toThrow();
  });
});

describe("defineCoprocessor refuses, naming the coprocessor and the field", () => {
  it("a value that is not a coprocessor", () => {
    expect(refusal(null)).toBe(
      "invalid coprocessor undefined: the value must be a coprocessor { name, syscall, execute, air, trace, call, ... }",
    );
  });

  it("an unknown field (a misspelt one would be ignored)", () => {
    expect(refusal({ ...spec, sample: () => [] })).toBe(
      'invalid coprocessor "wadd": unknown field "sample" ' +
        "(a coprocessor has name, syscall, execute, air, trace, call, reference, samples, free)",
    );
    expect(refusal(withCall({ returns: "u32" }))).toBe(
      'invalid coprocessor "wadd": unknown field "returns" in call',
    );
    expect(refusal(withArg(0, { size: 4 }))).toMatch(/unknown field "size" in call.args\[0\]$/);
    expect(refusal(withFree({ ...freeCell, why: "x" }))).toMatch(
      /unknown field "why" in free\[0\]$/,
    );
  });

  it("a name that is not a lowercase identifier, or longer than a receipt stores", () => {
    expect(refusal({ ...spec, name: "Bad Name" })).toBe(
      'invalid coprocessor "Bad Name": name must be a lowercase identifier (a-z, 0-9 and _, from a letter)',
    );
    expect(refusal({ ...spec, name: undefined })).toBe(
      "invalid coprocessor undefined: name must be a lowercase identifier",
    );
    expect(refusal({ ...spec, name: "x".repeat(65) })).toMatch(
      /name must be at most 64 characters$/,
    );
  });

  it("a syscall number that is no integer, or outside [0x100, 0xffffffff]", () => {
    expect(refusal({ ...spec, syscall: 4096.5 })).toBe(
      'invalid coprocessor "wadd": syscall must be an integer syscall number',
    );
    expect(refusal({ ...spec, syscall: "0x1000" })).toMatch(/syscall must be an integer/);
    expect(refusal({ ...spec, syscall: 93 })).toMatch(/"wadd": syscall must be at least 0x100$/);
    expect(refusal({ ...spec, syscall: 2 ** 32 })).toMatch(/syscall must be at most 0xffffffff$/);
  });

  it("a syscall number reserved for the built-ins", () => {
    expect(refusal({ ...spec, syscall: 0x100 })).toBe(
      'invalid coprocessor "wadd": syscall 0x100 is reserved for the built-in "sha256"; ' +
        "user coprocessors take numbers from 0x1000",
    );
    expect(refusal({ ...spec, syscall: 0xfff })).toBe(
      'invalid coprocessor "wadd": syscall 0xfff is reserved; user coprocessors take numbers from 0x1000',
    );
  });

  it("an execute that is not a function", () => {
    expect(refusal({ ...spec, execute: undefined })).toBe(
      'invalid coprocessor "wadd": execute must be a function',
    );
  });

  it("an AIR that is not one, or an AIR without its trace (and the reverse)", () => {
    expect(refusal({ ...spec, air: { name: "x" } })).toBe(
      'invalid coprocessor "wadd": air must be an AIR (defineAir)',
    );
    expect(refusal({ ...spec, trace: "rows" })).toMatch(/"wadd": trace must be a function$/);
    const pairing = 'invalid coprocessor "wadd": air and trace go together (give both, or neither)';
    expect(refusal({ ...spec, trace: undefined })).toBe(pairing);
    expect(refusal({ ...spec, air: undefined })).toBe(pairing);
  });

  it("a missing call description", () => {
    expect(refusal({ ...spec, call: undefined })).toBe(
      'invalid coprocessor "wadd": call must be a call description { function, doc, args }: ' +
        "it gives the guest's C binding and the registers the table reads",
    );
  });

  it("a C function name that is not a C identifier, or is a keyword", () => {
    expect(refusal(withCall({ function: "wadd-2" }))).toBe(
      'invalid coprocessor "wadd": call.function must be a C identifier',
    );
    expect(refusal(withCall({ function: "int" }))).toMatch(
      /call\.function must be a C identifier that is not a C keyword$/,
    );
  });

  it("a call without its documentation", () => {
    expect(refusal(withCall({ doc: undefined }))).toMatch(
      /"wadd": call\.doc must be a string \(what the call does, for the C header\)$/,
    );
  });

  it("more than six arguments (a0..a5)", () => {
    const seven = Array.from({ length: 7 }, (_, i) => ({ name: `v${i}`, kind: "value", words: 0 }));
    expect(refusal(withCall({ args: seven }))).toBe(
      'invalid coprocessor "wadd": call.args must be at most six arguments (a0..a5)',
    );
  });

  it("argument names that are not C identifiers, are keywords, or repeat", () => {
    expect(refusal(withArg(1, { name: "2src" }))).toBe(
      'invalid coprocessor "wadd": call.args[1].name must be a C identifier',
    );
    expect(refusal(withArg(1, { name: "char" }))).toMatch(
      /call\.args\[1\]\.name must be .*keyword/,
    );
    expect(refusal(withArg(1, { name: "dst" }))).toBe(
      'invalid coprocessor "wadd": call.args[1] ("dst"): another argument has this name',
    );
  });

  it("an unknown argument kind", () => {
    expect(refusal(withArg(0, { kind: "inout" }))).toBe(
      'invalid coprocessor "wadd": call.args[0].kind must be one of "read", "write", "readwrite" (pointers) or "value"',
    );
  });

  it("word counts that are no integer, out of range, or do not fit the kind", () => {
    expect(refusal(withArg(0, { words: 1.5 }))).toMatch(
      /call\.args\[0\]\.words must be an integer word count$/,
    );
    expect(refusal(withArg(0, { words: -1 }))).toMatch(/words must be a word count ≥ 0$/);
    expect(refusal(withArg(0, { words: 2 ** 20 + 1 }))).toMatch(
      /words must be a word count ≤ 1048576$/,
    );
    expect(refusal(withArg(0, { words: 0 }))).toBe(
      'invalid coprocessor "wadd": call.args[0] ("dst"): a pointer argument reads or writes at least one word',
    );
    expect(refusal(withArg(1, { kind: "value", words: 1 }))).toBe(
      'invalid coprocessor "wadd": call.args[1] ("src"): a value argument has words 0 (it is no pointer), not 1',
    );
  });

  it("bytes on a value argument, or bytes that is not a boolean", () => {
    expect(refusal(withArg(1, { kind: "value", words: 0, bytes: true }))).toBe(
      'invalid coprocessor "wadd": call.args[1] ("src"): bytes applies to pointer arguments only',
    );
    expect(refusal(withArg(1, { bytes: "yes" }))).toMatch(
      /call\.args\[1\]\.bytes must be true or false$/,
    );
  });

  it("samples or reference that are not functions", () => {
    expect(refusal({ ...spec, samples: [] })).toBe(
      'invalid coprocessor "wadd": samples must be a function',
    );
    expect(refusal({ ...spec, reference: 3 })).toMatch(/"wadd": reference must be a function$/);
  });

  it("a free cell without its reason", () => {
    const reason =
      'invalid coprocessor "wadd": free[0].reason must be a reason (why leaving the cell free is sound)';
    expect(refusal(withFree({ ...freeCell, reason: undefined }))).toBe(reason);
    expect(refusal(withFree({ ...freeCell, reason: "" }))).toBe(reason);
  });

  it("a free cell on an unknown kind of row, or with a malformed where", () => {
    expect(refusal(withFree({ ...freeCell, rows: "some" }))).toBe(
      'invalid coprocessor "wadd": free[0].rows must be "real", "padding" or "all"',
    );
    expect(refusal(withFree({ ...freeCell, where: { test: () => true } }))).toMatch(
      /free\[0\]\.where\.description must be a description$/,
    );
    expect(refusal(withFree({ ...freeCell, where: { description: "d", test: 1 } }))).toMatch(
      /free\[0\]\.where\.test must be a function$/,
    );
  });

  it("a free cell that names no column of the AIR, or free cells without an AIR", () => {
    expect(refusal(withFree(freeCell, { ...freeCell, column: "k2" }))).toBe(
      'invalid coprocessor "wadd": free[1].column: "k2" is not a column (or group) of its AIR',
    );
    expect(refusal({ ...withFree(freeCell), air: undefined, trace: undefined })).toBe(
      'invalid coprocessor "wadd": free cells name columns of the AIR, and it has no AIR',
    );
  });
});
