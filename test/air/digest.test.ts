/**
 * The constraint digest a verifying key pins: the same AIR gives the same digest however the
 * process built its nodes before (node ids and the shared constant cache must not leak into it),
 * and any change of a constraint changes it.
 */
import { describe, expect, it } from "vitest";
import { compileAir, defineAir } from "../../core/air/compile.js";
import { constraintsDigest, constraintsEncoding } from "../../core/air/digest.js";
import { constant } from "../../core/air/expr.js";
import { layout } from "../../core/air/layout.js";
import { blake3 } from "@noble/hashes/blake3.js";
import { readFileSync } from "node:fs";
import { buildMachine } from "../../glue/machine.js";
import { loadElf } from "../../glue/riscv/index.js";
import { builtinCoprocessors } from "../../coprocessors/index.js";

const cols = layout(["x", "y"] as const);
const air = (k: number) =>
  defineAir({
    name: "digest test",
    mainColumns: cols,
    eval(b) {
      b.assertZero("c0", b.local.x.mul(987_654_319).add(k).sub(b.next.y));
      b.assertBool("c1", b.local.y);
    },
  });
const digest = (k: number) => Buffer.from(constraintsDigest(compileAir(air(k)).constraints));

describe("constraint digest", () => {
  it("is the same for a second compilation, after the constants it uses already exist", () => {
    // The first compilation creates the constants after the columns; the second finds them
    // cached with older ids than its freshly built columns.
    const first = digest(123_456_791);
    constant(555_555_557);
    const second = digest(123_456_791);
    expect(second).toEqual(first);
  });

  it("changes with any constant of a constraint", () => {
    expect(digest(123_456_792)).not.toEqual(digest(123_456_791));
  });
});

describe("constraint digest: the kernel's BLAKE3", () => {
  it("equals @noble/hashes over the canonical encoding of every built-in AIR and an empty one", () => {
    const elf = loadElf(readFileSync(new URL("../../examples/guests/sha256.elf", import.meta.url)));
    const m = buildMachine(elf, { coprocessors: builtinCoprocessors() });
    const lists = [...m.airs.map((a) => a.constraints), []];
    for (const constraints of lists) {
      const words = constraintsEncoding(constraints);
      const bytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
      expect(Buffer.from(constraintsDigest(constraints))).toEqual(Buffer.from(blake3(bytes)));
    }
  });
});
