/**
 * The LogUp aux trace's last pass, on the WebAssembly kernel of `logup_accumulate.wat` (every
 * thread): m·(z − fp)⁻¹ summed into the group columns, and the running sum. (The batch inversion
 * before it is core/field/ext-kernels.ts.) The running sum is a prefix sum: each range of rows
 * sums from zero and leaves its total, and a second pass adds each range the totals before it.
 */
import { add } from "../field/babybear.js";
import type * as E from "../field/extension.js";
import { wasmBase64 } from "../wasm/generated/logup_accumulate.js";
import { isHeapView } from "../field/matrix.js";
import { heap } from "../wasm/heap.js";
import { type KernelCall, registerKernel, runKernels, threadCount } from "../wasm/pool.js";

const NAME = "logup_accumulate";

/** Below this many products (rows × interactions) the pass runs on this thread alone. */
const PARALLEL_MIN = 1 << 15;

/**
 * Writes into aux column g of row r the sum of mult[r·I + i]·den[r·I + i] (base × ext) over the
 * interactions i of group g, and into column G the running sum of the G group columns (aux width
 * 4(G + 1)); returns the final sum. `den`, `mult` and `aux` are heap views; every cell of `aux` is
 * written, so it may hold anything before.
 */
export function accumulateFractions(
  den: Uint32Array,
  mult: Uint32Array,
  n: number,
  group: readonly number[],
  G: number,
  aux: Uint32Array,
): E.Ext {
  for (const [what, v] of [
    ["den", den],
    ["mult", mult],
    ["aux", aux],
  ] as const)
    if (!isHeapView(v)) throw new Error(`accumulateFractions: ${what} must be a heap view`);
  registerKernel(NAME, wasmBase64);
  const h = heap();
  const I = group.length;
  const parts = n * I < PARALLEL_MIN ? 1 : Math.min(n, 4 * threadCount());
  const groups = h.alloc(Math.max(1, I));
  // One 128-byte line per range's total: threads never write the same cache line.
  const totals = h.alloc(32 * parts);
  const bounds = Array.from({ length: parts + 1 }, (_, k) => Math.floor((n * k) / parts));
  const stride = 16 * (G + 1);
  try {
    groups.set(group);
    const sums: KernelCall[] = [];
    for (let k = 0; k < parts; k++) {
      const args = [den, mult, groups].map((v) => v.byteOffset);
      args.push(I, G, aux.byteOffset, bounds[k], bounds[k + 1], totals.byteOffset + 128 * k);
      sums.push({ kernel: NAME, fn: "group_sums", args });
    }
    runKernels(sums);
    // Range k's offset (the totals of ranges 0 … k − 1), written over its own total.
    const offsets: KernelCall[] = [];
    const acc = [0, 0, 0, 0];
    for (let k = 0; k < parts; k++) {
      const at = 32 * k;
      const total = [0, 1, 2, 3].map((c) => totals[at + c]);
      for (let c = 0; c < 4; c++) totals[at + c] = acc[c];
      for (let c = 0; c < 4; c++) acc[c] = add(acc[c], total[c]);
      if (k > 0 && bounds[k + 1] > bounds[k]) {
        const args = [
          aux.byteOffset,
          stride,
          totals.byteOffset + 128 * k,
          bounds[k],
          bounds[k + 1],
        ];
        offsets.push({ kernel: NAME, fn: "add_offset", args });
      }
    }
    runKernels(offsets);
    return [acc[0], acc[1], acc[2], acc[3]];
  } finally {
    h.free(groups);
    h.free(totals);
  }
}
