/**
 * The field identities of secp256k1_add and secp256k1_double, each as one list of terms
 * (../bigint/carry.ts) that builds all three of its views: the coefficient expressions of the
 * AIR, their values in the trace, and their bounds, which define the carry chains below
 * (../bigint/carry-steps.ts) and so the number of carry columns of each table.
 *
 * Operands: x coordinates, λ and the quotients k are little-endian bytes (they are multiplied);
 * y coordinates that only enter linearly are u16 limbs (stride 2): add's y1, y2, y3 and
 * double's y3 (double's y is multiplied by λ, so it is bytes). `one` is the constant 1 (the
 * row's isReal in the AIR). Each congruence D ≡ 0 (mod P) is the integer identity
 * D − (k − o)·P = 0 with the offset o making k ≥ 0 for every honest witness (λ and all
 * coordinates in [0, P)):
 *
 * | identity                              | honest D/P           | o        | k bytes |
 * | ------------------------------------- | -------------------- | -------- | ------- |
 * | add 1: λ·(x2 − x1) − (y2 − y1)        | [−(P − 1), P − 1]    | 2^256    | 33      |
 * | add 2: λ² − x1 − x2 − x3              | (−3, P − 1)          | 3        | 32      |
 * | add 3: λ·(x1 − x3) − y1 − y3          | (−P − 2, P)          | 2^256    | 33      |
 * | double 1: 2y·λ − 3x²                  | (−3P, 2P)            | 3·2^256  | 33      |
 * | double 2: λ² − 2x − x3                | (−3, P − 1)          | 3        | 32      |
 * | double 3: λ·(x − x3) − y − y3         | (−P − 2, P)          | 2^256    | 33      |
 *
 * so k < 2^257 (add 1, 3; double 3), < 5·2^256 (double 1) or < P + 3 (add 2, double 2).
 * Positions: products of 32 bytes reach 62, k·2^256 reaches 32 + len(k) − 1, the offset 2^256·o
 * position 64: 65 positions, or 64 where k has 32 bytes and o = 3.
 */
import { identityBounds, type Term } from "../bigint/carry.js";
import { type StepChain, stepChain } from "../bigint/carry-steps.js";
import { quotientTerms } from "./field.js";

/** The operands of secp256k1_add's identities (expressions, values or maxima). */
export interface AddOperands<T> {
  readonly x1: ArrayLike<T>;
  readonly y1: ArrayLike<T>;
  readonly x2: ArrayLike<T>;
  readonly y2: ArrayLike<T>;
  readonly lambda: ArrayLike<T>;
  readonly x3: ArrayLike<T>;
  readonly y3: ArrayLike<T>;
  readonly k1: ArrayLike<T>;
  readonly k2: ArrayLike<T>;
  readonly k3: ArrayLike<T>;
  readonly one: T;
}

/** The operands of secp256k1_double's identities. */
export interface DoubleOperands<T> {
  readonly x: ArrayLike<T>;
  readonly y: ArrayLike<T>;
  readonly lambda: ArrayLike<T>;
  readonly x3: ArrayLike<T>;
  readonly y3: ArrayLike<T>;
  readonly k1: ArrayLike<T>;
  readonly k2: ArrayLike<T>;
  readonly k3: ArrayLike<T>;
  readonly one: T;
}

/** Quotient bytes of each identity (add and double alike). */
export const K_BYTES = [33, 32, 33] as const;
/** Byte positions of each identity. */
export const POSITIONS = [65, 64, 65] as const;

const u16 = { stride: 2 } as const;

/** x_j − y_j per byte: the AIR's way to build a·(x − y) with one product per pair. */
export type Diff<T> = (x: ArrayLike<T>, y: ArrayLike<T>) => ArrayLike<T>;

/**
 * a·x − a·y. With `diff` (the AIR) it is a·(x − y), one product per pair; without (values and
 * bounds: the bounds need non-negative operands) the two products. The same E_k either way.
 */
function productOfDifference<T>(
  a: ArrayLike<T>,
  x: ArrayLike<T>,
  y: ArrayLike<T>,
  diff?: Diff<T>,
): Term<T>[] {
  return diff
    ? [{ x: a, y: diff(x, y) }]
    : [
        { x: a, y: x },
        { x: a, y, coef: -1 },
      ];
}

/**
 * coef·a² over the pairs i ≤ j: a_i² at 2i and 2·a_i·a_j at i + j — the E_k of
 * `{ x: a, y: a, coef }` with half its products.
 */
function square<T>(a: ArrayLike<T>, coef = 1): Term<T>[] {
  const terms: Term<T>[] = [];
  for (let i = 0; i < a.length; i++) {
    terms.push({ x: [a[i]], y: [a[i]], coef, shift: 2 * i });
    if (i + 1 < a.length)
      terms.push({
        x: [a[i]],
        y: Array.prototype.slice.call(a, i + 1),
        coef: 2 * coef,
        shift: 2 * i + 1,
      });
  }
  return terms;
}

/**
 * The three identities of p + q: the chord's slope λ, then x3, then y3 (`diff`: see
 * `productOfDifference`).
 */
export function addIdentities<T>(
  o: AddOperands<T>,
  diff?: Diff<T>,
): [Term<T>[], Term<T>[], Term<T>[]] {
  return [
    [
      ...productOfDifference(o.lambda, o.x2, o.x1, diff),
      { x: o.y2, coef: -1, ...u16 },
      { x: o.y1, ...u16 },
      ...quotientTerms(o.k1, o.one, 1, 32),
    ],
    [
      ...square(o.lambda),
      { x: o.x1, coef: -1 },
      { x: o.x2, coef: -1 },
      { x: o.x3, coef: -1 },
      ...quotientTerms(o.k2, o.one, 3, 0),
    ],
    [
      ...productOfDifference(o.lambda, o.x1, o.x3, diff),
      { x: o.y1, coef: -1, ...u16 },
      { x: o.y3, coef: -1, ...u16 },
      ...quotientTerms(o.k3, o.one, 1, 32),
    ],
  ];
}

/** The three identities of 2p: the tangent's slope λ, then x3, then y3. */
export function doubleIdentities<T>(
  o: DoubleOperands<T>,
  diff?: Diff<T>,
): [Term<T>[], Term<T>[], Term<T>[]] {
  return [
    [{ x: o.lambda, y: o.y, coef: 2 }, ...square(o.x, -3), ...quotientTerms(o.k1, o.one, 3, 32)],
    [
      ...square(o.lambda),
      { x: o.x, coef: -2 },
      { x: o.x3, coef: -1 },
      ...quotientTerms(o.k2, o.one, 3, 0),
    ],
    [
      ...productOfDifference(o.lambda, o.x, o.x3, diff),
      { x: o.y, coef: -1 },
      { x: o.y3, coef: -1, ...u16 },
      ...quotientTerms(o.k3, o.one, 1, 32),
    ],
  ];
}

const bytes = (n: number) => new Array<number>(n).fill(255);
const limbs = (n: number) => new Array<number>(n).fill(65535);
const quotients = { k1: bytes(K_BYTES[0]), k2: bytes(K_BYTES[1]), k3: bytes(K_BYTES[2]), one: 1 };

/** Every operand at its range-checked maximum: the bounds the chains are proven sound for. */
const ADD_MAXIMA: AddOperands<number> = {
  x1: bytes(32),
  y1: limbs(16),
  x2: bytes(32),
  y2: limbs(16),
  lambda: bytes(32),
  x3: bytes(32),
  y3: limbs(16),
  ...quotients,
};
const DOUBLE_MAXIMA: DoubleOperands<number> = {
  x: bytes(32),
  y: bytes(32),
  lambda: bytes(32),
  x3: bytes(32),
  y3: limbs(16),
  ...quotients,
};

const NAMES = ["λ", "x3", "y3"];

function chains(prefix: string, terms: Term<number>[][]): [StepChain, StepChain, StepChain] {
  return terms.map((t, i) =>
    stepChain(`${prefix} ${NAMES[i]}`, identityBounds(POSITIONS[i], t)),
  ) as [StepChain, StepChain, StepChain];
}

/** The carry chains of add's identities (their carries are the table's c1, c2, c3 columns). */
export const ADD_CHAINS = chains("add", addIdentities(ADD_MAXIMA));
/** The carry chains of double's identities. */
export const DOUBLE_CHAINS = chains("double", doubleIdentities(DOUBLE_MAXIMA));
