/**
 * A throwaway Redis server for tests: `redis-server` on a free loopback port, nothing saved to
 * disk, stopped after. A missing `redis-server` is an error, not a skip (scripts/setup.sh
 * installs it): the job-queue tests are part of the suite.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";

/** A running server: its URL and how to stop it. */
export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A port the system has just handed out on 127.0.0.1 (free unless someone takes it first). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once the server prints that it accepts connections; rejects if it exits first. */
function whenReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes("Ready to accept connections")) resolve();
    };
    child.stdout!.on("data", onData);
    child.on("exit", (code) =>
      reject(new Error(`redis-server exited (${code}): ${out.slice(-500)}`)),
    );
    child.on("error", reject);
  });
}

/**
 * Starts `redis-server` on a free loopback port without persistence.
 *
 * @example
 * const redis = await startRedis();
 * try { ... redis.url ... } finally { await redis.stop(); }
 */
export async function startRedis(): Promise<TestRedis> {
  if (spawnSync("redis-server", ["--version"]).error !== undefined)
    throw new Error(
      "redis-server is not installed: run scripts/setup.sh (apt-get install redis-server)",
    );
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      await whenReady(child);
    } catch (e) {
      if (attempt < 3) continue; // the port was taken in between: another one
      throw e;
    }
    const exited = new Promise<void>((done) => child.once("exit", () => done()));
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
        await exited;
      },
    };
  }
}
