import { execFileSync } from "node:child_process";

/** Tests may run without `npm test` (e.g. `npx vitest run x`): make sure the WASM kernels exist. */
export default function setup(): void {
  execFileSync("npx", ["tsx", "scripts/build-wasm.ts"], { stdio: "inherit" });
}
