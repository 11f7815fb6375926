/**
 * The column layout of the secp256k1_add table (`cop.secp256k1_add`), declared once; width and
 * indices derive from it. One row per call; padding rows are all zero.
 *
 * p = (x1, y1) is read at a0 and overwritten with p + q = (x3, y3); q = (x2, y2) is read at a1.
 * Coordinates that are multiplied (x1, x2, x3, λ) and the quotients are bytes; y1, y2, y3 only
 * enter linearly and are u16 limbs — y1 and y2 exactly as the memory bus delivers them.
 */
import { layout } from "../../core/air/layout.js";
import { ADD_CHAINS, K_BYTES } from "./identities.js";

export const secp256k1AddCols = layout([
  // 1 on a row holding a call, 0 on padding (every multiplicity and every constant of the
  // identities is scaled by it, so an all-zero row satisfies everything and sends nothing).
  "isReal",
  // The call: the CPU's clk of the ecall (accesses at clk + 3) and a0 = p's pointer as limbs,
  // with guestPointer's witnesses (pAlign = pPtrLo / 4; w − 1024 = pAboveLo + 2^16·pAboveHi).
  "clk",
  "pPtrLo",
  "pPtrHi",
  "pAlign",
  "pAboveLo",
  "pAboveHi",
  // a1 = q's pointer, read from register x11 at clk + 3 (the gap of that read), and its
  // guestPointer witnesses.
  "qPtrLo",
  "qPtrHi",
  "qRegGapLo",
  "qRegGapHi",
  "qAlign",
  "qAboveLo",
  "qAboveHi",
  // Timestamp gaps (ts − prevTs − 1 = gLo + 2^16·gHi) of the 32 word accesses: p's words 0..15
  // (x1 then y1, read and written), then q's (x2 then y2, read).
  ["gLo", 32],
  ["gHi", 32],
  // The operands as read: x bytes, y u16 limbs (little-endian).
  ["x1", 32],
  ["y1", 16],
  ["x2", 32],
  ["y2", 16],
  // The chord's slope λ (bytes; proven < P, so the integer (y2 − y1)/(x2 − x1) mod P is the
  // only one that passes) and the result written over p.
  ["lambda", 32],
  ["x3", 32],
  ["y3", 16],
  // Quotient bytes and carries of the three identities (identities.ts).
  ["k1", K_BYTES[0]],
  ["k2", K_BYTES[1]],
  ["k3", K_BYTES[2]],
  ["c1", ADD_CHAINS[0].carries],
  ["c2", ADD_CHAINS[1].carries],
  ["c3", ADD_CHAINS[2].carries],
  // Below-P witnesses (field.ts, evalBelowP) of x1, y1, x2, y2, x3, y3, λ in that order.
  ["ltZ", 7],
  ["ltInv", 7],
  // 1 / Σ (x2_i − x1_i)² over the bytes: x1 ≠ x2.
  "dInv",
] as const);

export type Secp256k1AddCols = typeof secp256k1AddCols;
