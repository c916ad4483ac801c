/*
 * Geometry of the report's inline SVG charts. Only numbers (formatted with a fixed number of decimals, so the
 * output is deterministic) and class names from fixed tables reach the template; the template draws the
 * <svg> elements itself, so no markup is ever built from strings here.
 */
import type { CountView } from './format.js';

/** A donut drawn with one <circle> per part on a circle of circumference 100 (r = 100 / 2π). */
export const DONUT_RADIUS = '15.91549';

export interface DonutSegment {
  cssClass: string;
  label: string;
  count: number;
  /** `stroke-dasharray`: the part's arc, then the rest of the circle. */
  dashArray: string;
  /** `stroke-dashoffset`: starts the arc where the previous part ended, clockwise from 12 o'clock. */
  dashOffset: string;
  percent: string;
}

export interface DonutChart {
  total: number;
  /** Parts with a count (those drawn). */
  segments: DonutSegment[];
  /** Every part, also those at zero, for the legend. */
  legend: DonutSegment[];
  /** One sentence for screen readers and for the SVG <title>. */
  description: string;
}

export function donutChart(parts: readonly CountView[], noun: string): DonutChart {
  const total = parts.reduce((sum, part) => sum + part.count, 0);
  let start = 0;
  const legend = parts.map((part): DonutSegment => {
    const share = total === 0 ? 0 : (part.count / total) * 100;
    const segment = {
      cssClass: part.cssClass,
      label: part.label,
      count: part.count,
      dashArray: `${fixed(share)} ${fixed(100 - share)}`,
      // A positive offset moves the dash start backwards; 25 puts the first arc at the top.
      dashOffset: fixed(25 - start),
      percent: total === 0 ? '0' : fixed(share, 1),
    };
    start += share;
    return segment;
  });
  return {
    total,
    segments: legend.filter((segment) => segment.count > 0),
    legend,
    description: `${total} ${noun}: ${parts.map((part) => `${part.label} ${part.count}`).join(', ')}.`,
  };
}

export interface BarRow {
  cssClass: string;
  label: string;
  count: number;
  /** Bar length in SVG units (0 … BAR_WIDTH). */
  width: string;
  y: number;
  textY: number;
  countX: string;
}

export interface BarChart {
  rows: BarRow[];
  height: number;
  max: number;
  description: string;
}

export const BAR_LABEL_WIDTH = 120;
export const BAR_WIDTH = 220;
const ROW_HEIGHT = 26;
const BAR_HEIGHT = 18;

/** Horizontal bars, one per part, scaled to the largest count. */
export function barChart(parts: readonly CountView[], noun: string): BarChart {
  const max = parts.reduce((most, part) => Math.max(most, part.count), 0);
  const rows = parts.map((part, index): BarRow => {
    const width = max === 0 ? 0 : (part.count / max) * BAR_WIDTH;
    return {
      cssClass: part.cssClass,
      label: part.label,
      count: part.count,
      width: fixed(width),
      y: index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2,
      textY: index * ROW_HEIGHT + ROW_HEIGHT / 2 + 4,
      countX: fixed(BAR_LABEL_WIDTH + width + 6),
    };
  });
  return {
    rows,
    height: parts.length * ROW_HEIGHT,
    max,
    description: `${noun}: ${parts.map((part) => `${part.label} ${part.count}`).join(', ')}.`,
  };
}

export interface StackedSegment {
  cssClass: string;
  label: string;
  count: number;
  /** Left edge and width, in percent of the bar. */
  x: string;
  width: string;
}

/** One horizontal bar split into parts (e.g. a controls matrix by requirement status). */
export function stackedBar(parts: readonly CountView[]): { segments: StackedSegment[]; total: number; description: string } {
  const total = parts.reduce((sum, part) => sum + part.count, 0);
  let x = 0;
  const segments: StackedSegment[] = [];
  for (const part of parts) {
    if (part.count === 0 || total === 0) continue;
    const width = (part.count / total) * 100;
    segments.push({ cssClass: part.cssClass, label: part.label, count: part.count, x: fixed(x), width: fixed(width) });
    x += width;
  }
  return { segments, total, description: parts.map((part) => `${part.label} ${part.count}`).join(', ') };
}

/** Fixed decimals, without a negative zero. */
function fixed(value: number, digits = 3): string {
  const out = value.toFixed(digits);
  return /^-0(\.0+)?$/.test(out) ? out.slice(1) : out;
}
