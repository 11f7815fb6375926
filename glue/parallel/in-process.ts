/**
 * A task runner without workers: runs every segment task in this process, in order, when it is
 * submitted. The coordinator's two rounds then prove a run with the memory of one segment at a
 * time (each segment is generated from its checkpoint in both rounds), which is what a long run
 * or a large chunk needs on one machine.
 */
import type { TaskBatch, TaskRunner } from "./coordinator.js";
import {
  runSegmentTask,
  runTask,
  type SegmentContext,
  type SegmentTask,
  type TaskResult,
} from "./tasks.js";

/** Runs `ctx`'s segment tasks (and chunk tasks) in this process. */
export function inProcessRunner(ctx: SegmentContext): TaskRunner {
  return {
    async submit(
      tasks: readonly SegmentTask[],
      onResult?: (k: number) => void,
    ): Promise<TaskBatch> {
      const results: TaskResult[] = [];
      for (const [k, t] of tasks.entries()) {
        results.push(t.kind === "chunk" ? await runTask(ctx, t) : runSegmentTask(ctx, t));
        onResult?.(k);
      }
      return { results: Promise.resolve(results) };
    },
  };
}
