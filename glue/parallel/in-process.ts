/**
 * A task runner without workers: runs every segment task in this process, in order, when it is
 * submitted. The coordinator's two rounds then prove a run with the memory of one segment at a
 * time (each segment is generated from its checkpoint in both rounds), which is what a long run
 * or a large chunk needs on one machine.
 */
import type { TaskBatch, TaskRunner } from "./coordinator.js";
import { runSegmentTask, type SegmentContext, type SegmentTask } from "./tasks.js";

/** Runs `ctx`'s segment tasks in this process. */
export function inProcessRunner(ctx: SegmentContext): TaskRunner {
  return {
    submit(tasks: readonly SegmentTask[], onResult?: (k: number) => void): Promise<TaskBatch> {
      const results = tasks.map((t, k) => {
        const r = runSegmentTask(ctx, t);
        onResult?.(k);
        return r;
      });
      return Promise.resolve({ results: Promise.resolve(results) });
    },
  };
}
