/** The AIR DSL: buses, layouts, the builder vocabulary, compilation, evaluators, the debugger. */
export { assertDistinctBuses, busIdOf, defineBus, type Bus } from "./bus.js";
export {
  assertConstraints,
  checkConstraints,
  ConstraintCheckError,
  type CheckReport,
  type CheckTable,
  type ConstraintFailure,
  type MessageSource,
  type UnmatchedMessage,
} from "./check.js";
export { compileAir, defineAir } from "./compile.js";
export { describeAir } from "./describe.js";
export { add, constant, Expr, mul, neg, product, sub, sum, type ExprLike } from "./expr.js";
export { layout, type ColumnSpec, type Columns, type Layout, type RowOf } from "./layout.js";
export { alphaPowers } from "./point.js";
export { MAX_DEGREE } from "./symbolic.js";
export type {
  Air,
  AirBuilder,
  AnyAir,
  CompiledAir,
  Constraint,
  Interaction,
  LogUpChallenges,
  Matrix,
  PointContext,
  QuotientContext,
  QuotientEvaluator,
} from "./types.js";
