/**
 * The shift chip's free cells. A shift reads only b's low 5 bits (b_lo = 32·y + s): b_hi is the
 * CPU's operand, carried on the ALU message and read by nothing here, so a mirrored edit (the
 * CPU sending another b_hi) passes — and yields the same shift, as RISC-V specifies. Padding
 * rows receive nothing.
 */
import type { FreeCell } from "../../coprocessor.js";
import { freeOnPadding } from "../free.js";

export const shiftFree: readonly FreeCell[] = [
  {
    column: "bHi",
    rows: "real",
    reason: "shifts use only the low 5 bits of b (RV32I): b_hi is carried, never read",
  },
  ...freeOnPadding(["a", "bHi"], "isSll + isSrl + isSra"),
];
