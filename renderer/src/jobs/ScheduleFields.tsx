import { cronFirings, formatTime, type ScheduleDraft } from './schedule.js';

/** Now, once at a time, or on a cron schedule, read and shown in the user's time zone. */
export function ScheduleFields({ draft, timeZone, onChange }: { draft: ScheduleDraft; timeZone: string; onChange: (draft: ScheduleDraft) => void }) {
  const firings = draft.type === 'cron' ? cronFirings(draft.cron, timeZone) : null;
  const choice = (type: ScheduleDraft['type'], label: string) => (
    <label className="radio">
      <input type="radio" name="job-schedule" checked={draft.type === type} onChange={() => onChange({ ...draft, type })} /> {label}
    </label>
  );
  return (
    <fieldset className="job-schedule">
      <legend>Schedule</legend>
      <div className="radio-row">
        {choice('now', 'Now')}
        {choice('at', 'At a time')}
        {choice('cron', 'Cron')}
      </div>
      {draft.type === 'at' ? (
        <label className="field">
          Run at ({timeZone})
          <input type="datetime-local" value={draft.at} onChange={(e) => onChange({ ...draft, at: e.target.value })} />
        </label>
      ) : null}
      {draft.type === 'cron' ? (
        <>
          <label className="field">
            Cron expression ({timeZone})
            <input type="text" value={draft.cron} spellCheck={false} placeholder="0 9 * * 1-5" onChange={(e) => onChange({ ...draft, cron: e.target.value })} />
          </label>
          {firings?.ok ? (
            <p className="field-hint" data-testid="cron-next">
              Next: {firings.value.map((ms) => formatTime(ms, timeZone)).join(' · ')}
            </p>
          ) : (
            <p className="field-error">{firings?.message}</p>
          )}
          <label className="check">
            <input type="checkbox" checked={draft.runMissed} onChange={(e) => onChange({ ...draft, runMissed: e.target.checked })} /> Run a firing missed while the app was closed once it starts again
          </label>
        </>
      ) : null}
    </fieldset>
  );
}
