import { BarElement, CategoryScale, Chart, LinearScale, Tooltip, type ChartOptions, type TooltipItem } from 'chart.js';
import { useMemo } from 'react';
import { Bar } from 'react-chartjs-2';
import type { RunRecord } from '../../../main/src/api/jobs.js';
import type { RunStatus } from '../../../main/src/api/runs.js';
import { isRunFinished } from '../../../main/src/common/statuses.js';
import { useColorScheme } from '../common/use-color-scheme.js';
import { useNow } from '../common/use-now.js';
import { formatDuration } from '../runs/duration.js';
import { STATUS_COLOR_VARS, timelineChartData, timelineModel, type StatusColors, type TimelineModel } from './timeline.js';

Chart.register(BarElement, CategoryScale, LinearScale, Tooltip);

const ROW_HEIGHT = 28;

function statusColors(): StatusColors {
  const css = typeof document !== 'undefined' ? getComputedStyle(document.documentElement) : null;
  const out = {} as StatusColors;
  for (const [status, [name, fallback]] of Object.entries(STATUS_COLOR_VARS)) out[status as RunStatus] = css?.getPropertyValue(name).trim() || fallback;
  return out;
}

function options(model: TimelineModel, text: string, grid: string): ChartOptions<'bar'> {
  return {
    indexAxis: 'y',
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    scales: {
      x: { type: 'linear', min: 0, suggestedMax: Math.max(1, model.span), title: { display: true, text: 'seconds since the run started', color: text }, ticks: { color: text }, grid: { color: grid } },
      y: { type: 'category', ticks: { color: text }, grid: { display: false } },
    },
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          label: (item: TooltipItem<'bar'>) => {
            const seg = model.segments.find((s) => s.row === item.dataIndex && s.attempt === item.datasetIndex + 1);
            if (!seg) return '';
            return `${item.dataset.label}: ${seg.status}, ${formatDuration((seg.to - seg.from) * 1000)}${seg.running ? ' so far' : ''}`;
          },
        },
      },
    },
  };
}

/** Each step's attempts as text: the chart's content for screen readers, tests and copying. */
function TimelineTable({ run, model }: { run: RunRecord; model: TimelineModel }) {
  return (
    <table className="timeline-table" aria-label="Steps of the run">
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col">State</th>
          <th scope="col">Attempts</th>
          <th scope="col">Duration</th>
        </tr>
      </thead>
      <tbody>
        {run.steps.map((step, row) => {
          const segs = model.segments.filter((s) => s.row === row);
          return (
            <tr key={step.uuid} data-step={step.uuid}>
              <th scope="row">{model.rows[row]}</th>
              <td>
                <span className="status-tag" data-status={step.status}>
                  {step.status}
                </span>
              </td>
              <td>{step.attempts}</td>
              <td>{segs.length === 0 ? '—' : segs.map((s) => formatDuration((s.to - s.from) * 1000)).join(' + ')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** One bar per step, start to end, coloured by state; each retry its own segment on the step's row. */
export function RunTimeline({ run }: { run: RunRecord }) {
  const running = !isRunFinished(run.status);
  const now = useNow(running, 1000);
  const scheme = useColorScheme();
  const model = useMemo(() => timelineModel(run, now), [run, now]);
  // Colours are read again when the OS theme flips.
  const colors = useMemo(statusColors, [scheme]);
  const data = useMemo(() => timelineChartData(model, colors), [model, colors]);
  const text = scheme === 'dark' ? '#9aa4b2' : '#667085';
  const grid = scheme === 'dark' ? '#323944' : '#d9dde3';
  const opts = useMemo(() => options(model, text, grid), [model, text, grid]);
  return (
    <section className="run-timeline" aria-label="Timeline">
      <div className="run-timeline-chart" style={{ height: Math.max(80, model.rows.length * ROW_HEIGHT + 50) }}>
        <Bar data={data} options={opts} aria-label={`Timeline of ${model.rows.length} steps`} role="img" fallbackContent={<p>One bar per step, from its start to its end.</p>} />
      </div>
      <TimelineTable run={run} model={model} />
    </section>
  );
}
