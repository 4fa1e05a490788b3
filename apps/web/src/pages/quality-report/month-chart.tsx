import type { QualityCell } from '@hilfenetz/contracts';

export interface MonthValue {
  month: string;
  value: QualityCell;
}

const WIDTH = 560;
const HEIGHT = 180;
const PAD = { top: 16, right: 8, bottom: 32, left: 48 };

/** "2026-11" as "Nov. 26", the only time the report knows. */
export const monthLabel = (month: string) =>
  new Date(`${month}-15T12:00:00Z`).toLocaleDateString('de-DE', { month: 'short', year: '2-digit', timeZone: 'UTC' });

/**
 * A bar per month, drawn as plain SVG (no chart library in the app): a suppressed month shows
 * "< 5" instead of a bar, so a gap is never read as zero. The figures are in the table beside it;
 * the chart is the trend at a glance, with a text alternative for screen readers.
 */
export function MonthChart({ title, unit, values }: { title: string; unit: string; values: readonly MonthValue[] }) {
  const shown = values.map((v) => (typeof v.value === 'number' ? v.value : null));
  const max = Math.max(1, ...shown.filter((v): v is number => v !== null));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, values.length);
  const description = values
    .map((v) => `${monthLabel(v.month)}: ${typeof v.value === 'number' ? `${v.value} ${unit}` : 'weniger als 5 Fälle'}`)
    .join('; ');
  return (
    <figure className="month-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}. ${description}`}>
        <line
          x1={PAD.left}
          x2={WIDTH - PAD.right}
          y1={PAD.top + plotH}
          y2={PAD.top + plotH}
          className="month-chart__axis"
        />
        <text x={PAD.left - 6} y={PAD.top + 4} textAnchor="end" className="month-chart__tick">
          {max}
        </text>
        <text x={PAD.left - 6} y={PAD.top + plotH} textAnchor="end" className="month-chart__tick">
          0
        </text>
        {values.map((v, i) => {
          const x = PAD.left + i * slot + slot * 0.15;
          const w = slot * 0.7;
          const value = shown[i];
          const h = value === null || value === undefined ? 0 : (value / max) * plotH;
          return (
            <g key={v.month}>
              {value === null || value === undefined ? (
                <text x={x + w / 2} y={PAD.top + plotH - 6} textAnchor="middle" className="month-chart__suppressed">
                  &lt; 5
                </text>
              ) : (
                <>
                  <rect x={x} y={PAD.top + plotH - h} width={w} height={h} className="month-chart__bar" />
                  <text x={x + w / 2} y={PAD.top + plotH - h - 4} textAnchor="middle" className="month-chart__value">
                    {value}
                  </text>
                </>
              )}
              <text x={x + w / 2} y={HEIGHT - 10} textAnchor="middle" className="month-chart__tick">
                {monthLabel(v.month)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        {title} ({unit})
      </figcaption>
    </figure>
  );
}
