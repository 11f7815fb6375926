/**
 * The Web Worker behind `createWorkerVerifier` (built as dist/browser/verify-worker.js): answers
 * each job with `verifyReceiptBytes`'s report. One worker keeps its compiled kernels and AIRs
 * warm across verifications; a failure that is not a verdict (a bug) is sent back as `failure`.
 */
import { type WorkerJob, type WorkerReply, verifyReceiptBytes } from "./verify.js";

/** The worker's global scope, as far as it is used here. */
const scope = globalThis as unknown as {
  addEventListener(type: "message", listener: (event: { data: WorkerJob }) => void): void;
  postMessage(message: WorkerReply): void;
};

scope.addEventListener("message", ({ data: { id, request } }) => {
  try {
    scope.postMessage({ id, report: verifyReceiptBytes(request) });
  } catch (e) {
    scope.postMessage({ id, failure: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
