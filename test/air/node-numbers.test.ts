/**
 * NodeNumbers, the traversal scratch of the constraint digest and the DAG encoder: a typed array
 * by node id while ids are few, a Map past that (a long-lived process creates ids without
 * bound). Both kinds must give the same digests' encodings and the same DAG programs.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DagEncoder } from "../../core/air/dag-program.js";
import { constraintsEncoding } from "../../core/air/digest.js";
import { NodeNumbers, add, mainCell } from "../../core/air/expr.js";
import { builtinCoprocessors } from "../../coprocessors/index.js";
import { buildMachine } from "../../glue/machine.js";
import { loadElf } from "../../glue/riscv/index.js";

const elf = loadElf(readFileSync(new URL("../../examples/guests/sha256.elf", import.meta.url)));
const airs = buildMachine(elf, { coprocessors: builtinCoprocessors() }).airs;

describe("NodeNumbers", () => {
  it("reads 0 until set, in both kinds, also for a node created after it", () => {
    for (const numbers of [new NodeNumbers(), new NodeNumbers(0)]) {
      const x = mainCell(0, false);
      expect(numbers.get(x)).toBe(0);
      numbers.set(x, 7);
      expect(numbers.get(x)).toBe(7);
      const later = add(mainCell(1, true), 12_345); // an id past the array's first length
      expect(numbers.get(later)).toBe(0);
      numbers.set(later, 3);
      expect([numbers.get(x), numbers.get(later)]).toEqual([7, 3]);
    }
  });

  it("the Map gives every built-in AIR the same digest encoding and DAG program", () => {
    for (const air of airs) {
      const roots = air.constraints.map((c) => c.expr);
      expect(constraintsEncoding(air.constraints, new NodeNumbers(0))).toEqual(
        constraintsEncoding(air.constraints),
      );
      const dense = new DagEncoder(12);
      const mapped = new DagEncoder(12, new NodeNumbers(0));
      expect(mapped.nodes(roots)).toEqual(dense.nodes(roots));
      expect(mapped.finish()).toEqual(dense.finish());
    }
  });
});
