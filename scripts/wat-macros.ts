/**
 * A tiny macro expander for our WAT sources, run by build-wasm before assembling.
 *
 * Why: V8 (Node 20) does not inline calls between WebAssembly functions, and a Montgomery
 * reduction called per product costs more than the reduction itself. A macro keeps the source
 * readable while the binary gets the arithmetic inline.
 *
 *   ;;@define MONT (x) (i64.shr_u (i64.add (local.tee $mt %x) ...) (i64.const 32))
 *   ... (MONT (i64.mul (local.get $a) (local.get $b))) ...
 *
 * A definition is one line: `;;@define NAME (param …) body`; a use is `(NAME arg …)` where each
 * argument is one S-expression or atom; `%param` in the body is replaced by the argument.
 * Bodies may use other macros (expanded afterwards, up to a fixed depth).
 *
 * `;;@include <path>` (a line of its own) inserts another file's lines, relative to the
 * including file: macros shared by several kernels live in one place (`includeFiles`).
 */

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

interface Macro {
  params: string[];
  body: string;
}

/** Splits `s` (the inside of a list) into top-level S-expressions and atoms. */
function splitArgs(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    const start = i;
    if (s[i] === "(") {
      let depth = 0;
      for (; i < s.length; i++) {
        if (s[i] === "(") depth++;
        else if (s[i] === ")" && --depth === 0) break;
      }
      i++;
    } else {
      while (i < s.length && !/[\s()]/.test(s[i])) i++;
    }
    out.push(s.slice(start, i));
  }
  return out;
}

function expandOnce(src: string, macros: Map<string, Macro>): string {
  let out = "";
  let i = 0;
  while (i < src.length) {
    const m = /^\(([A-Z][A-Z0-9_]*)[\s)]/.exec(src.slice(i, i + 64));
    const macro = m && macros.get(m[1]);
    if (!m || !macro) {
      out += src[i++];
      continue;
    }
    let depth = 0;
    let j = i;
    for (; j < src.length; j++) {
      if (src[j] === "(") depth++;
      else if (src[j] === ")" && --depth === 0) break;
    }
    const args = splitArgs(src.slice(i + 1 + m[1].length, j));
    if (args.length !== macro.params.length) {
      throw new Error(`macro ${m[1]} takes ${macro.params.length} arguments, got ${args.length}`);
    }
    let body = macro.body;
    macro.params.forEach((p, k) => (body = body.split(`%${p}`).join(args[k])));
    out += body;
    i = j + 1;
  }
  return out;
}

/** Replaces each `;;@include <path>` line of the file at `path` by that file (recursively). */
export function includeFiles(path: string, seen: string[] = []): string {
  if (seen.includes(path)) throw new Error(`include cycle: ${[...seen, path].join(" -> ")}`);
  return readFileSync(path, "utf8")
    .split("\n")
    .map((line) => {
      const inc = /^\s*;;@include\s+(\S+)\s*$/.exec(line);
      return inc ? includeFiles(join(dirname(path), inc[1]), [...seen, path]) : line;
    })
    .join("\n");
}

/** Expands every macro defined in `src` (see the module comment). */
export function expandMacros(src: string): string {
  const macros = new Map<string, Macro>();
  const lines = src.split("\n").filter((line) => {
    const d = /^\s*;;@define\s+([A-Z][A-Z0-9_]*)\s+\(([^)]*)\)\s+(.*)$/.exec(line);
    if (!d) return true;
    macros.set(d[1], { params: d[2].trim().split(/\s+/).filter(Boolean), body: d[3] });
    return false;
  });
  let out = lines.join("\n");
  for (let depth = 0; depth < 16; depth++) {
    const next = expandOnce(out, macros);
    if (next === out) return out;
    out = next;
  }
  throw new Error("macro expansion did not terminate (recursive macro?)");
}
