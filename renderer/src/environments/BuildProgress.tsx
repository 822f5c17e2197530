/** A progress bar for a build: determinate when the core knows how far it is, else indeterminate. */
export function BuildProgress({ progress, label }: { progress: number | undefined; label: string }) {
  const percent = progress === undefined ? undefined : Math.round(progress * 100);
  return (
    <div
      className={percent === undefined ? 'build-progress is-indeterminate' : 'build-progress'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={percent === undefined ? 'Working…' : `${percent}%`}
    >
      <div className="build-progress-bar" style={percent === undefined ? undefined : { width: `${percent}%` }} />
    </div>
  );
}
