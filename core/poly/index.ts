/**
 * Polynomials over BabyBear in evaluation form: DFT/iDFT of matrix columns, single-column NTTs,
 * coset low-degree extensions in bit-reversed order, and the twiddle cache they share.
 */
export { bitReverseRows, dft, idft, intt, ntt } from "./dft.js";
export { type LdeOptions, cosetLde, cosetLdeCoeffs, cosetLdeRandomized } from "./lde.js";
export { type Twiddles, twiddles } from "./domain.js";
export { dftNaive, inttRef, nttRef, reverseBits } from "./reference.js";
