/**
 * The column layout of the secp256k1_double table (`cop.secp256k1_double`), declared once;
 * width and indices derive from it. One row per call; padding rows are all zero.
 *
 * p = (x, y) is read at a0 and overwritten with 2p = (x3, y3). x, y, x3, λ and the quotients
 * are bytes (each is multiplied); y3 only enters linearly and is u16 limbs.
 */
import { layout } from "../../core/air/layout.js";
import { DOUBLE_CHAINS, K_BYTES } from "./identities.js";

export const secp256k1DoubleCols = layout([
  // 1 on a row holding a call, 0 on padding.
  "isReal",
  // The call: clk of the ecall, a0 = p's pointer as limbs and guestPointer's witnesses.
  "clk",
  "pPtrLo",
  "pPtrHi",
  "pAlign",
  "pAboveLo",
  "pAboveHi",
  // Timestamp gaps of the 16 word accesses (x then y, read and written).
  ["gLo", 16],
  ["gHi", 16],
  // The operand (bytes), the tangent's slope λ and the result written over p.
  ["x", 32],
  ["y", 32],
  ["lambda", 32],
  ["x3", 32],
  ["y3", 16],
  // Quotient bytes and carries of the three identities (identities.ts).
  ["k1", K_BYTES[0]],
  ["k2", K_BYTES[1]],
  ["k3", K_BYTES[2]],
  ["c1", DOUBLE_CHAINS[0].carries],
  ["c2", DOUBLE_CHAINS[1].carries],
  ["c3", DOUBLE_CHAINS[2].carries],
  // Below-P witnesses of x, y, x3, y3, λ in that order.
  ["ltZ", 5],
  ["ltInv", 5],
  // 1 / Σ y_i over y's bytes: y ≠ 0.
  "yInv",
] as const);

export type Secp256k1DoubleCols = typeof secp256k1DoubleCols;
