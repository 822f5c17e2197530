import type { Job } from '../../../main/src/api/jobs.js';
import { useJobs, useJobsActions } from './jobs-context.js';
import { countsText } from './run-format.js';
import { describeSchedule, formatTime, userTimeZone } from './schedule.js';

/** A job that will not run again (its status is a run's final one). */
export const isJobFinished = (job: Job): boolean => job.status === 'SUCCESS' || job.status === 'FAILURE' || job.status === 'ABORTED';

function JobRow({ job, selected }: { job: Job; selected: boolean }) {
  const actions = useJobsActions();
  const zone = userTimeZone();
  const finished = isJobFinished(job);
  const confirmDelete = () => {
    if (globalThis.confirm?.(`Delete the job “${job.definition.name}” with its runs, snapshots and logs?`) ?? true) void actions.remove(job.uuid);
  };
  return (
    <tr aria-selected={selected} data-job={job.uuid}>
      <th scope="row">
        <button type="button" className="link" onClick={() => actions.filterJob(selected ? null : job.uuid)} title={selected ? 'Show every run' : 'Show this job’s runs'}>
          {job.definition.name}
        </button>
      </th>
      <td>{job.pipelineName}</td>
      <td>
        <span className="status-tag" data-status={job.status} data-testid="job-status">
          {job.status}
        </span>
        {job.message ? <span className="muted job-message"> {job.message}</span> : null}
      </td>
      <td data-testid="job-runs">{countsText(job)}</td>
      <td>
        {describeSchedule(job.definition.schedule, zone)}
        {job.nextRunAt ? <span className="muted"> · next {formatTime(job.nextRunAt, zone)} ({zone})</span> : null}
      </td>
      <td className="row-actions">
        {job.status === 'PAUSED' ? (
          <button type="button" onClick={() => void actions.command(job.uuid, 'resume')}>
            Resume
          </button>
        ) : !finished ? (
          <button type="button" onClick={() => void actions.command(job.uuid, 'pause')}>
            Pause
          </button>
        ) : null}
        {job.definition.schedule.type !== 'now' && !finished ? (
          <button type="button" onClick={() => void actions.command(job.uuid, 'runNow')}>
            Run now
          </button>
        ) : null}
        {!finished ? (
          <button type="button" onClick={() => void actions.command(job.uuid, 'cancel')}>
            Cancel
          </button>
        ) : null}
        <button type="button" onClick={confirmDelete}>
          Delete
        </button>
      </td>
    </tr>
  );
}

/** Every job of the project: state, runs, schedule, and pause / resume / cancel / delete. */
export function JobsTable() {
  const jobs = useJobs((s) => s.jobs);
  const filter = useJobs((s) => s.jobFilter);
  if (jobs === null) return <p className="muted">Loading jobs…</p>;
  if (jobs.length === 0) return <p className="muted">No jobs yet. A job runs a pipeline over a grid of parameters, now, at a time or on a schedule, each run on its own snapshot of the project.</p>;
  return (
    <table className="jobs-table" aria-label="Jobs">
      <thead>
        <tr>
          <th scope="col">Job</th>
          <th scope="col">Pipeline</th>
          <th scope="col">State</th>
          <th scope="col">Runs</th>
          <th scope="col">Schedule</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => (
          <JobRow key={job.uuid} job={job} selected={filter === job.uuid} />
        ))}
      </tbody>
    </table>
  );
}
