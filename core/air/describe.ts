/**
 * A readable summary of a compiled AIR — columns, constraints with their degrees, bus
 * interactions with their LogUp groups — for AIR authors and per-chip READMEs.
 */
import type { CompiledAir } from "./types.js";

/**
 * Describes a compiled AIR in a few lines.
 *
 * @example
 * console.log(describeAir(compileAir(fibonacci)));
 * // AIR "fibonacci": 2 main columns, 0 preprocessed, 3 public values, max degree 2
 * // …
 */
export function describeAir(air: CompiledAir): string {
  const lines = [
    `AIR "${air.name}": ${air.mainWidth} main columns, ${air.preprocessedWidth} preprocessed, ` +
      `${air.numPublicValues} public values, max degree ${air.maxDegree}`,
    `  main: ${air.mainColumns.join(", ")}`,
  ];
  if (air.preprocessedWidth > 0)
    lines.push(`  preprocessed: ${air.preprocessedColumns.join(", ")}`);
  lines.push(
    `  constraints (${air.numAirConstraints} + ${air.constraints.length - air.numAirConstraints} LogUp):`,
  );
  air.constraints.forEach((c, j) => lines.push(`    ${j}. ${c.name} (degree ${c.degree})`));
  if (air.interactions.length > 0) {
    lines.push(
      `  interactions (${air.auxWidth} extension aux columns: ${air.auxWidth - 1} groups + accumulator):`,
    );
    for (const it of air.interactions) {
      lines.push(
        `    ${it.kind} "${it.name}" on bus "${it.bus.name}" (width ${it.bus.width}, id ${it.bus.id}), group ${it.group}`,
      );
    }
  }
  return lines.join("\n");
}
