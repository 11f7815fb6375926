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

export default defineConfig([
  {
    // cli/worker: the thread script of `zkglue prove --workers`, loaded beside cli/main.js.
    entry: { index: "index.ts", "cli/main": "cli/main.ts", "cli/worker": "cli/worker.ts" },
    format: ["esm"],
    dts: { entry: { index: "index.ts" } },
    target: "node20",
    platform: "node",
    // dist/browser/ is the other build's, which runs at the same time.
    clean: ["!browser/**"],
    sourcemap: true,
  },
  browserBuild,
]);
