/**
 * The verifier's constraint evaluator: Σ_j alpha^j·C_j at one extension point, from the opened
 * values of the trace columns there.
 *
 * It runs once per table per proof, so it is a plain interpreter over the DAG (in topological
 * order, with the tuple arithmetic of `core/field/extension.ts`) — deliberately a second,
 * independent implementation of the semantics the prover's generated code follows; tests check
 * that both agree exactly. Every opened value comes from an untrusted proof, so shapes and
 * canonical form are validated first.
 */
import { isCanonical } from "../field/babybear.js";
import * as E from "../field/extension.js";
import { type Expr, topoOrder } from "./expr.js";
import type { Constraint, PointContext } from "./types.js";

/** Shapes the verifier checks the opened values against. */
export interface PointShape {
  name: string;
  mainWidth: number;
  prepWidth: number;
  auxWidth: number;
  numPublicValues: number;
  maxBusWidth: number;
  constraints: readonly Constraint[];
}

function checkExtList(
  list: readonly E.Ext[] | undefined,
  n: number,
  what: string,
  where: string,
): readonly E.Ext[] {
  const l = list ?? [];
  if (l.length !== n) throw new Error(`${where}: ${what} has ${l.length} values, expected ${n}`);
  l.forEach((x, i) => checkExt(x, `${what}[${i}]`, where));
  return l;
}

function checkExt(x: E.Ext | undefined, what: string, where: string): E.Ext {
  if (
    x == null ||
    x.length !== 4 ||
    !isCanonical(x[0]) ||
    !isCanonical(x[1]) ||
    !isCanonical(x[2]) ||
    !isCanonical(x[3])
  ) {
    throw new Error(`${where}: ${what} is not an extension element with canonical coefficients`);
  }
  return x;
}

/** Builds `evaluateAtPoint` for one compiled AIR. */
export function buildPointEvaluator(shape: PointShape): (ctx: PointContext) => E.Ext {
  const order = topoOrder(shape.constraints.map((c) => c.expr));
  const where = `verifier evaluator of AIR "${shape.name}"`;
  return (ctx: PointContext): E.Ext => {
    const mainLocal = checkExtList(ctx.mainLocal, shape.mainWidth, "mainLocal", where);
    const mainNext = checkExtList(ctx.mainNext, shape.mainWidth, "mainNext", where);
    const prepLocal = checkExtList(ctx.prepLocal, shape.prepWidth, "prepLocal", where);
    const prepNext = checkExtList(ctx.prepNext, shape.prepWidth, "prepNext", where);
    const auxLocal = checkExtList(ctx.auxLocal, shape.auxWidth, "auxLocal", where);
    const auxNext = checkExtList(ctx.auxNext, shape.auxWidth, "auxNext", where);
    const sel = {
      first: checkExt(ctx.isFirst, "isFirst", where),
      last: checkExt(ctx.isLast, "isLast", where),
      transition: checkExt(ctx.isTransition, "isTransition", where),
    } as Record<string, E.Ext>;
    if (ctx.publicValues.length !== shape.numPublicValues) {
      throw new Error(
        `${where}: ${ctx.publicValues.length} public values, expected ${shape.numPublicValues}`,
      );
    }
    for (let i = 0; i < ctx.publicValues.length; i++) {
      if (!isCanonical(ctx.publicValues[i]))
        throw new Error(`${where}: public value ${i} is not in [0, p)`);
    }
    let z: E.Ext = E.ZERO;
    let finalSum: E.Ext = E.ZERO;
    const betaPow: E.Ext[] = [E.ONE];
    if (shape.auxWidth > 0) {
      if (ctx.challenges === undefined) throw new Error(`${where}: LogUp challenges are required`);
      z = checkExt(ctx.challenges.z, "challenges.z", where);
      const beta = checkExt(ctx.challenges.beta, "challenges.beta", where);
      finalSum = checkExt(ctx.finalSum, "finalSum", where);
      for (let k = 1; k <= shape.maxBusWidth; k++) betaPow.push(E.mul4(betaPow[k - 1], beta));
    }
    const n = shape.constraints.length;
    if (ctx.alphaPowers.length < 4 * n)
      throw new Error(`${where}: need ${n} alpha powers, got ${ctx.alphaPowers.length / 4}`);

    const value = new Map<Expr, E.Ext>();
    for (const e of order) {
      let v: E.Ext;
      switch (e.op) {
        case "const":
          v = E.fromBase(e.index);
          break;
        case "main":
          v = (e.next ? mainNext : mainLocal)[e.index];
          break;
        case "prep":
          v = (e.next ? prepNext : prepLocal)[e.index];
          break;
        case "aux":
          v = (e.next ? auxNext : auxLocal)[e.index];
          break;
        case "public":
          v = E.fromBase(ctx.publicValues[e.index]);
          break;
        case "sel":
          v = sel[e.tag];
          break;
        case "chal":
          v = e.tag === "z" ? z : e.tag === "finalSum" ? finalSum : betaPow[e.index];
          break;
        case "neg":
          v = E.neg4(value.get(e.a!)!);
          break;
        case "add":
          v = E.add4(value.get(e.a!)!, value.get(e.b!)!);
          break;
        case "sub":
          v = E.sub4(value.get(e.a!)!, value.get(e.b!)!);
          break;
        case "mul":
          v = E.mul4(value.get(e.a!)!, value.get(e.b!)!);
          break;
      }
      value.set(e, v);
    }
    let acc: E.Ext = E.ZERO;
    shape.constraints.forEach((c, j) => {
      acc = E.add4(acc, E.mul4(E.getAt(ctx.alphaPowers, j), value.get(c.expr)!));
    });
    return acc;
  };
}

/** alpha^0 … alpha^(n−1), interleaved (4 words each): the folding weights of n constraints. */
export function alphaPowers(alpha: E.Ext, n: number): Uint32Array {
  const out = new Uint32Array(4 * n);
  let p: E.Ext = E.ONE;
  for (let j = 0; j < n; j++) {
    E.setAt(out, j, p);
    p = E.mul4(p, alpha);
  }
  return out;
}
