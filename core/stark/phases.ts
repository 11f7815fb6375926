/** Wall-clock and CPU time per prover phase, for profiles and progress. */

/** Process CPU time in ms (all threads), or 0 where there is no `process` (a browser). */
function cpuMs(): number {
  const p = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } })
    .process;
  if (!p?.cpuUsage) return 0;
  const u = p.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Milliseconds per phase into `profile` (and CPU ms into `cpu`), summed over parts. */
export function phaseTimer(
  profile: Record<string, number> | undefined,
  cpu: Record<string, number> | undefined,
): (name: string) => void {
  let t0 = performance.now();
  let c0 = cpu ? cpuMs() : 0;
  return (name) => {
    const now = performance.now();
    if (profile) profile[name] = (profile[name] ?? 0) + (now - t0);
    t0 = now;
    if (cpu) {
      const c = cpuMs();
      cpu[name] = (cpu[name] ?? 0) + (c - c0);
      c0 = c;
    }
  };
}
