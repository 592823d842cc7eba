/**
 * learnscope/plot: declarative figures (data + marks → SVG), pure TypeScript with no DOM and no `node:` imports,
 * so the CLI, the experiments and the web lab share one renderer. PNG output lives in `png-node.ts` (Node only).
 */
export { plot, type Chart, type PlotOptions, type AxisOptions } from './plot.ts';
export { panels, type PanelOptions } from './panels.ts';
export { line, path, type LineOptions } from './marks/line.ts';
export { dot, type DotOptions, type SymbolName } from './marks/dot.ts';
export { contour, contourLevels, type ContourOptions } from './marks/contour.ts';
export { heatmap, type HeatmapOptions, type HeatmapGrid } from './marks/heatmap.ts';
export { arrow, arrows, type ArrowOptions } from './marks/arrow.ts';
export { ellipse, ellipsePoints, type EllipseOptions, type Matrix2 } from './marks/ellipse.ts';
export { bars, histogram, binCounts, type Bar, type BarOptions, type HistogramOptions } from './marks/bars.ts';
export { ruleX, ruleY } from './marks/rule.ts';
export { text, type TextOptions } from './marks/text.ts';
export { isolines, sampleGrid, linearLevels, logLevels, type Grid } from './contour.ts';
export { palette, categorical, viridis, type Ramp } from './color.ts';
export { tickStep, linearTicks, niceDomain, makeScale, type Scale, type ScaleType, type Tick } from './scale.ts';
export type { Mark, Points, LegendEntry } from './mark.ts';
