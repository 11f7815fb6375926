/**
 * The savings page's stylesheet, inlined into the page. System fonts only (the page must render
 * offline); the SVG text classes (label, sublabel, total, tick) are styled here too.
 */
export const PAGE_STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f7f9; color: #1d2433;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 960px; margin: 0 auto; padding: 28px 32px 40px; background: #fff; min-height: 100vh; }
header { margin-bottom: 20px; }
.kicker { text-transform: uppercase; letter-spacing: .12em; font-size: 12px; color: #6b7485; }
h1 { margin: 4px 0 2px; font-size: 26px; font-weight: 650; }
h2 { margin: 30px 0 6px; font-size: 18px; font-weight: 650; }
.sub { margin: 0; color: #4a5365; }
.ok { color: #1b7f3b; font-weight: 600; }
.bad { color: #c0392b; font-weight: 600; }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 14px; }
.tile { background: #f1f7f3; border-radius: 10px; padding: 14px 16px 12px; }
.tile .big { font-size: 54px; line-height: 1.05; font-weight: 750; color: #1b7f3b;
  font-variant-numeric: tabular-nums; }
.tile .what { font-size: 16px; font-weight: 600; margin-top: 2px; }
.tile .detail { color: #5b6476; font-size: 13px; margin-top: 2px; font-variant-numeric: tabular-nums; }
.tile.worse { background: #fbf0ef; }
.tile.worse .big { color: #c0392b; }
.note { color: #5b6476; font-size: 13px; margin: 4px 0 8px; }
svg.chart { display: block; width: 100%; height: auto; margin: 6px 0; }
svg .label { font-size: 15px; font-weight: 600; fill: #1d2433; }
svg .sublabel { font-size: 12px; fill: #6b7485; }
svg .total { font-size: 15px; font-weight: 650; fill: #1d2433; }
svg .tick { font-size: 11px; fill: #7b8495; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
table.legend { border-collapse: collapse; width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
table.legend th { text-align: right; font-weight: 600; color: #4a5365; border-bottom: 1px solid #dfe3e8; padding: 4px 8px; }
table.legend td { text-align: right; padding: 3px 8px; border-bottom: 1px solid #f0f2f5; }
table.legend th:first-child, table.legend td:first-child { text-align: left; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; margin-right: 8px;
  vertical-align: -1px; }
.pad { color: #9aa1ad; }
`;
