/**
 * `npm run bench`: runs every `bench/*.bench.ts` (or those named on the command line), each of
 * which prints its table and writes its JSON to bench/results/.
 */
import { readdirSync } from "node:fs";

const dir = new URL(".", import.meta.url).pathname;
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
for (const file of files) {
  console.log(`\n== ${file} ==`);
  const mod = (await import(`./${file}`)) as { run: () => Promise<void> };
  await mod.run();
}
