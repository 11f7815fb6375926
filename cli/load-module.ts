/**
 * Loads a user's TypeScript or JavaScript module with no build step, so that its
 * `import { ... } from "zkglue"` is the very package instance the CLI runs from.
 *
 * esbuild bundles the module (its relative imports and the npm packages it uses) into one ES
 * module, TypeScript types stripped, whatever the user's package.json says about module types;
 * the bare specifier "zkglue" stays an import, rewritten to the running package's own entry (the
 * sources' index.ts when the CLI runs from them under tsx, dist/index.js when installed). The
 * bundle is written to a temporary folder, imported, and the folder removed. Two copies of the
 * package would be two sets of expression classes and buses: an AIR built with one could not be
 * compiled by the other, which is why "zkglue" is never bundled — nor is the package's entry
 * reached by a relative path, as a module inside the repository imports it
 * (examples/coprocessors/keccak: `from "../../../index.js"`, or `"../../../index"`): whatever
 * esbuild resolves to the package's entry is the same import.
 *
 * esbuild rather than a Node resolve hook plus tsx: a hook does not see `require`, and tsx loads
 * a `.ts` file outside a `"type": "module"` package as CommonJS, where the hook never runs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { InputError } from "./io.js";

/**
 * The URL of the running package's entry: index.ts beside its package.json when this file is
 * itself TypeScript (run from the sources), else dist/index.js (the installed build).
 */
export function packageEntry(): string {
  const self = fileURLToPath(import.meta.url);
  for (let dir = dirname(self); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "zkglue") {
      const entry = self.endsWith(".ts") ? join(dir, "index.ts") : join(dir, "dist", "index.js");
      return pathToFileURL(entry).href;
    }
    if (dirname(dir) === dir) throw new Error(`no zkglue package.json above ${self}`);
  }
}

interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number } | null;
}

/** A path esbuild reports (relative to the working folder): relative inside it, else absolute. */
function shownPath(file: string): string {
  const rel = relative(process.cwd(), resolve(file));
  return rel.startsWith("..") || isAbsolute(rel) ? resolve(file) : rel;
}

/** esbuild's errors, one per line, each at file:line:column. */
function buildErrors(path: string, e: unknown): InputError {
  const errors = (e as { errors?: EsbuildMessage[] }).errors;
  if (!Array.isArray(errors)) return new InputError(`${path}: ${(e as Error).message}`);
  const lines = errors.map((m) =>
    m.location
      ? `${shownPath(m.location.file)}:${m.location.line}:${m.location.column}: ${m.text}`
      : m.text,
  );
  return new InputError(`cannot load module "${path}":\n  ${lines.join("\n  ")}`);
}

/** Marks the plugin's own `build.resolve` of a relative import, which it must not see again. */
const RESOLVING = Symbol("zkglue-package resolving");

/** The files that are the package's entry, `entry` being one: index.ts, index.js, dist/index.js. */
function ownEntries(entry: string): ReadonlySet<string> {
  const root = dirname(fileURLToPath(entry)).replace(/[\\/]dist$/, "");
  return new Set(["index.ts", "index.js", "dist/index.js"].map((f) => join(root, f)));
}

/** The module at `path` as one ES module's source, "zkglue" pointing at `entry`. */
async function bundle(path: string, entry: string): Promise<string> {
  const esbuild = await import("esbuild");
  try {
    const result = await esbuild.build({
      entryPoints: [path],
      bundle: true,
      write: false,
      format: "esm",
      platform: "node",
      target: "node20",
      sourcemap: "inline",
      logLevel: "silent",
      plugins: [
        {
          name: "zkglue-package",
          setup(build) {
            const own = ownEntries(entry);
            // A relative import is the package's entry if esbuild resolves it to one, however
            // it is spelled: "../index", "../index.js" (naming index.ts), "..", "../index.ts".
            build.onResolve({ filter: /^\.\.?(\/|$)/ }, async (args) => {
              if (args.pluginData === RESOLVING) return undefined;
              const { path, errors } = await build.resolve(args.path, {
                kind: args.kind,
                importer: args.importer,
                resolveDir: args.resolveDir,
                pluginData: RESOLVING,
              });
              return errors.length === 0 && own.has(path)
                ? { path: entry, external: true }
                : undefined;
            });
            build.onResolve({ filter: /^zkglue(\/|$)/ }, (args) =>
              args.path === "zkglue"
                ? { path: entry, external: true }
                : { errors: [{ text: `"${args.path}": import "zkglue" itself` }] },
            );
          },
        },
      ],
    });
    return result.outputFiles[0].text;
  } catch (e) {
    throw buildErrors(path, e);
  }
}

/**
 * Imports the module at `path` (TypeScript or JavaScript) and returns its namespace. A missing
 * file, a syntax error or an unresolved import is an `InputError` naming the file; an error the
 * module throws while it loads, too.
 *
 * @example
 * const mod = await importUserModule("./increment.ts");
 * mod.default; // what the module exports by default
 */
export async function importUserModule(path: string): Promise<Record<string, unknown>> {
  const file = resolve(path);
  if (!existsSync(file)) throw new InputError(`cannot read module "${path}": ENOENT`);
  const source = await bundle(file, packageEntry());
  const dir = mkdtempSync(join(tmpdir(), "zkglue-module-"));
  try {
    const out = join(dir, `${basename(file).replace(/\.[^.]*$/, "")}.mjs`);
    writeFileSync(out, source);
    process.setSourceMapsEnabled(true); // stack traces at the user's lines, not the bundle's
    return (await import(pathToFileURL(out).href)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`module "${path}" failed to load: ${(e as Error).message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
