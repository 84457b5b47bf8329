/**
 * Server-rendered SVG charts (SPEC MGT-2, WEB-2). Each chart is drawn from a table that stays on the
 * page: the table is the accessible form, the chart points to it (aria-describedby) and says what
 * it shows in its title. Colours never carry meaning alone: every series is named in the legend and
 * in the table. Geometry only; the template draws it.
 */
export interface Bar {
  label: string;
  value: number;
  /** What the bar's value says in words, e.g. "42%". */
  display: string;
}

export interface HorizontalBarChart {
  id: string;
  title: string;
  tableId: string;
  width: number;
  height: number;
  bars: { label: string; display: string; y: number; labelY: number; width: number; x: number; barHeight: number; valueX: number }[];
}

const LABEL_WIDTH = 190;
const VALUE_SPACE = 70;
const ROW = 30;

export function horizontalBars(id: string, title: string, tableId: string, bars: Bar[], max?: number): HorizontalBarChart {
  const width = 640;
  const plot = width - LABEL_WIDTH - VALUE_SPACE;
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), 0);
  return {
    id, title, tableId, width, height: Math.max(ROW, bars.length * ROW + 10),
    bars: bars.map((b, i) => {
      const w = top > 0 ? Math.round((b.value / top) * plot) : 0;
      return { label: b.label, display: b.display, x: LABEL_WIDTH, y: i * ROW + 5, barHeight: ROW - 10, labelY: i * ROW + 20, width: w, valueX: LABEL_WIDTH + w + 6 };
    }),
  };
}

export interface StackSeries {
  name: string;
  colour: string;
}

export interface StackedColumnChart {
  id: string;
  title: string;
  tableId: string;
  width: number;
  height: number;
  baseline: number;
  legend: { name: string; colour: string; x: number }[];
  columns: { label: string; labelX: number; total: number; totalY: number; segments: { x: number; y: number; width: number; height: number; colour: string; name: string; value: number }[] }[];
  gridlines: { y: number; value: number }[];
}

/** Columns (e.g. weeks) each stacked by series (e.g. RED, AMBER, GREEN). */
export function stackedColumns(id: string, title: string, tableId: string, series: StackSeries[], columns: { label: string; values: number[] }[]): StackedColumnChart {
  const width = 900;
  const plotTop = 40;
  const plotHeight = 220;
  const baseline = plotTop + plotHeight;
  const left = 50;
  const max = Math.max(1, ...columns.map((c) => c.values.reduce((s, v) => s + v, 0)));
  const step = columns.length ? (width - left - 10) / columns.length : 0;
  const colWidth = Math.max(4, Math.min(40, step * 0.7));
  const scale = plotHeight / max;
  const niceStep = Math.max(1, Math.ceil(max / 4));
  const gridlines = [0, 1, 2, 3, 4].map((k) => k * niceStep).filter((v) => v <= max).map((v) => ({ value: v, y: Math.round(baseline - v * scale) }));
  return {
    id, title, tableId, width, height: baseline + 40, baseline,
    legend: series.map((s, i) => ({ ...s, x: left + i * 140 })),
    gridlines,
    columns: columns.map((c, i) => {
      const x = Math.round(left + i * step + (step - colWidth) / 2);
      let y = baseline;
      const segments = c.values.map((v, k) => {
        const h = Math.round(v * scale);
        y -= h;
        return { x, y, width: Math.round(colWidth), height: h, colour: series[k].colour, name: series[k].name, value: v };
      });
      const total = c.values.reduce((s, v) => s + v, 0);
      return { label: c.label, labelX: x + Math.round(colWidth / 2), total, totalY: y - 4, segments };
    }),
  };
}
