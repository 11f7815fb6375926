/**
 * Keccak's bitwise steps as polynomials over bit columns, written with few products because the
 * prover's constraint code is generated from the expression DAG.
 *
 * With the sign s(x) = 1 − 2x (±1 on a bit), XOR is a product: s(x ⊕ y ⊕ z) = s(x)s(y)s(z), so
 * "w = x ⊕ y ⊕ z" is the degree-3 constraint s(w) = s(x)s(y)s(z), and a 16-bit limb of a
 * three-way XOR is (65535 − Σ 2^k·s(x_k)s(y_k)s(z_k))/2. χ's bit b0 ⊕ (¬b1 ∧ b2) is
 * b0 + (b2 − b1·b2)·s(b0): degree 3, and exactly 0 or 1 on bits. Signs are built once per column
 * per `eval` (one memo per AIR evaluation, not module state).
 */
import { add, type Expr, mul, sub } from "../../../index.js";

/** The helpers of one `eval`: signs memoized by column expression. */
export interface BitPolys {
  /** s(x) = 1 − 2x. */
  sign(x: Expr): Expr;
  /** Σ 2^k·f(k) for k = 0..15, in Horner form with doublings as additions. */
  limb(f: (k: number) => Expr): Expr;
  /** χ's output bit b0 ⊕ (¬b1 ∧ b2) = b0 + (b2 − b1·b2)·s(b0). */
  chi(b0: Expr, b1: Expr, b2: Expr): Expr;
}

/** Fresh helpers (call once per `eval`). */
export function bitPolys(): BitPolys {
  const signs = new Map<Expr, Expr>();
  const sign = (x: Expr): Expr => {
    let s = signs.get(x);
    if (s === undefined) signs.set(x, (s = sub(1, add(x, x))));
    return s;
  };
  const limb = (f: (k: number) => Expr): Expr => {
    let acc = f(15);
    for (let k = 14; k >= 0; k--) acc = add(acc, acc, f(k));
    return acc;
  };
  const chi = (b0: Expr, b1: Expr, b2: Expr): Expr => add(b0, mul(sub(b2, mul(b1, b2)), sign(b0)));
  return { sign, limb, chi };
}
