/**
 * How the savings report writes numbers, shared by the terminal table and the HTML page so both
 * say the same thing: counts with thousands separators or in compact form (1.23 M), ratios as
 * "27.4×", times in ms or s, sizes in KB.
 */

/**
 * A count with thousands separators.
 *
 * @example
 * grouped(1234567); // "1,234,567"
 */
export function grouped(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/**
 * A count in at most four significant digits with a unit prefix.
 *
 * @example
 * compact(1234567); // "1.23 M"
 * compact(950); // "950"
 */
export function compact(n: number): string {
  const units: [number, string][] = [
    [1e9, " G"],
    [1e6, " M"],
    [1e3, " k"],
  ];
  for (const [size, unit] of units)
    if (Math.abs(n) >= size) return `${+(n / size).toPrecision(3)}${unit}`;
  return String(+n.toPrecision(3));
}

/**
 * A ratio as "27.4×" (three significant digits); "—" when there is none.
 *
 * @example
 * times(27.436); // "27.4×"
 * times(null); // "—"
 */
export function times(r: number | null): string {
  if (r === null) return "—";
  return `${r >= 100 ? Math.round(r) : +r.toPrecision(3)}×`;
}

/**
 * Milliseconds as "812 ms" or "3.42 s".
 *
 * @example
 * duration(3420); // "3.42 s"
 */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${+(ms / 1000).toPrecision(3)} s`;
}

/**
 * Bytes as "512 B", "612 KB" or "1.2 MB" (powers of 1000, as proof sizes are usually quoted).
 *
 * @example
 * size(612_345); // "612 KB"
 */
export function size(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  return bytes < 1e6
    ? `${+(bytes / 1e3).toPrecision(3)} KB`
    : `${+(bytes / 1e6).toPrecision(3)} MB`;
}
