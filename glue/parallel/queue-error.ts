/**
 * The error of a queued job, apart from the queue client (glue/parallel/queue.ts) so that the
 * command line can recognise it without loading BullMQ and ioredis (~0.2 s of every start).
 */

/** A job that failed for good, or whose result could not be read; names the segment or chunk. */
export class QueueJobError extends Error {
  override name = "QueueJobError";
}
