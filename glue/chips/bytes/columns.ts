/**
 * The column layout of the byte/range table (`rv.bytes`): the preprocessed byte pair (x, y) with
 * its AND, OR, XOR and u14 flag, and one main multiplicity column per lookup service.
 */
import { layout } from "../../../core/air/layout.js";

/** Preprocessed: the row's bytes, their bitwise results, and whether x + 256·y < 2^14. */
export const bytesPrepCols = layout(["x", "y", "and", "or", "xor", "small"] as const);
/** Main: how often each service was looked up at this row. */
export const bytesCols = layout(["mU16", "mU14", "mPair", "mAnd", "mOr", "mXor"] as const);
