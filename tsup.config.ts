import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "index.ts", "cli/main": "cli/main.ts" },
  format: ["esm"],
  dts: { entry: { index: "index.ts" } },
  target: "node20",
  platform: "node",
  clean: true,
  sourcemap: true,
});
