/**
 * The load/store chip's free cells. Only sw stores rs2's high half; loads read no rs2 and sb/sh
 * only its low bytes (r0, r1), so rs2_hi — the CPU's register value, carried on the load/store
 * message — is read by nothing on those rows: a mirrored edit passes and changes no run.
 * Padding rows receive nothing.
 */
import type { FreeCell } from "../../coprocessor.js";
import { freeOnPadding } from "../free.js";

export const loadstoreFree: readonly FreeCell[] = [
  {
    column: "rs2Hi",
    rows: "real",
    where: { description: "rows other than sw", test: (l) => l("isSw") === 0 },
    reason: "only sw stores rs2's high half: on loads, sb and sh it is carried, never read",
  },
  ...freeOnPadding(["ob", "rs2Hi", "rdLo", "rdHi", "newLo", "newHi", "gLo", "gHi"], "the op flags"),
];
