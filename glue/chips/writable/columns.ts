/**
 * The column layout of the writable-range table (`rv.writable`): isReal, the buffer's first word
 * index and word count, which side of the text it lies on, and the distance's limbs.
 */
import { layout } from "../../../core/air/layout.js";

export const writableCols = layout(["isReal", "w", "n", "above", "dLo", "dHi"] as const);
