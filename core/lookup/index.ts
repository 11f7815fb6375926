/** LogUp: fingerprints, the aux trace, the grouping into degree-3 constraints, the count bound. */
export {
  buildAuxTrace,
  checkTrace,
  type AuxShape,
  type AuxTrace,
  type AuxTraceOptions,
} from "./aux-trace.js";
export { lookupCountBound, type BoundTable, type LookupCountBound } from "./bound.js";
export { mulInto as mulExtInto } from "../field/extension.js";
export { accumulateFractions } from "./kernels.js";
export { buildFingerprintKernel, fingerprintKernelSource } from "./fingerprint-kernel.js";
export { betaPowers, fingerprint, messagesSum, type BusMessage } from "./fingerprint.js";
export { buildLogUp, fingerprintExpr, groupDegree, type LogUpLayout } from "./logup.js";
