/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or those named on the command line), each of
 * which prints its table and writes its JSON to bench/results/.
 *
 * Each file runs in a fresh process of its own (`--one <file>`): a benchmark that leaves the
 * WebAssembly heap grown and fragmented (the wide ZK proof fills its 4 GiB) or the JavaScript
 * heap full would otherwise slow the next one (measured: the 2^20-cycle loop proved in 10–13 s
 * after the core benchmarks, 9.4 s in a process of its own).
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const args = process.argv.slice(2);

if (args[0] === "--one") {
  const mod = (await import(`./${args[1]}`)) as { run: () => Promise<void> };
  await mod.run();
} else {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => args.length === 0 || args.some((w) => f.startsWith(w)))
    .sort();
  const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
  for (const file of files) {
    console.log(`\n== ${file} ==`);
    const r = spawnSync(tsx, [fileURLToPath(import.meta.url), "--one", file], {
      stdio: "inherit",
    });
    if (r.error) throw new Error(`bench: cannot start ${tsx} for ${file}: ${r.error.message}`);
    if (r.status !== 0) {
      console.error(`bench: ${file} failed (exit ${r.status ?? r.signal})`);
      process.exit(1);
    }
  }
}
