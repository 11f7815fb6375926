import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Options } from "tsup";

const ROOT = dirname(fileURLToPath(import.meta.url));
const NODE_POOL = join(ROOT, "core/wasm/pool.js");

type EsbuildPlugin = NonNullable<Options["esbuildPlugins"]>[number];

/**
 * The browser's platform module: every import of core/wasm/pool.js (worker_threads, os,
 * process) resolves to core/wasm/pool-browser.ts, the same API on one thread.
 */
const browserPlatform: EsbuildPlugin = {
  name: "zkglue-browser-platform",
  setup(build) {
    build.onResolve({ filter: /(^|\/)pool\.js$/ }, (args) =>
      join(args.resolveDir, args.path) === NODE_POOL
        ? { path: join(ROOT, "core/wasm/pool-browser.ts") }
        : undefined,
    );
  },
};

/**
 * zod's messages in English only: `z` carries every locale (`z.locales`, 170 kB of the bundle's
 * 470 kB minified), and nothing here formats a message in another language. English stays the
 * default (zod/v4/classic sets it from locales/en.js directly).
 */
const zodEnglishOnly: EsbuildPlugin = {
  name: "zkglue-zod-english-only",
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(args.resolveDir, args.path), namespace: "zod-locales" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "zod-locales" }, (args) => ({
      contents: `export { default as en } from "./en.js";`,
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * `zkglue/verify`, the browser verifier (web/verify.ts and its Web Worker, web/worker.ts), with
 * the page of examples/web/ copied beside it: dist/browser/ is a static site as it stands. Its
 * dependencies are bundled (a page loads files, not packages); tests and the benchmark build it
 * with these options too.
 */
export const browserBuild: Options = {
  name: "browser",
  entry: { verify: "web/verify.ts", "verify-worker": "web/worker.ts" },
  outDir: "dist/browser",
  format: ["esm"],
  platform: "browser",
  target: "es2022",
  splitting: true,
  minify: true,
  sourcemap: true,
  noExternal: [/.*/],
  esbuildPlugins: [browserPlatform, zodEnglishOnly],
  publicDir: "examples/web",
  dts: { entry: { verify: "web/verify.ts" } },
  clean: true,
};

/**
 * The library (dist/index.js) and the command (`zkglue`: dist/cli/main.js and its worker
 * script); test/cli/built-cli.test.ts builds it with these options too.
 */
export const nodeBuild: Options = {
  name: "node",
  // worker: the process script of `zkglue prove --workers` and `zkglue worker`, which the
  // commands find beside their own code (`workerScript(new URL(".", import.meta.url), …)`):
  // split into chunks, that code is in dist/, so the script is dist/worker.js (as
  // dist/cli/worker.js, `--workers` failed with "Cannot find module dist/worker.js").
  entry: { index: "index.ts", "cli/main": "cli/main.ts", worker: "cli/worker.ts" },
  format: ["esm"],
  dts: { entry: { index: "index.ts" } },
  target: "node20",
  platform: "node",
  // zod and @noble/hashes bundled in (zod's messages in English only, as in the browser
  // build): loaded as packages, zod's module files alone took ~50 ms of every command's start
  // (~20 ms as one bundled file); `zkglue prove` reached its setup in ~300 ms before, ~250 after
  // (`zkglue --help` 141 → 106 ms), measured on the development machine.
  noExternal: ["zod", /^@noble\/hashes/],
  esbuildPlugins: [zodEnglishOnly],
  // dist/browser/ is the other build's, which runs at the same time.
  clean: ["!browser/**"],
  sourcemap: true,
};

export default defineConfig([nodeBuild, browserBuild]);
