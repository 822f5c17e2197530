import './setup.css';
import { useState } from 'react';
import { useEditor } from '../editor/store/editor-context.js';
import { BuildProgress } from '../environments/BuildProgress.js';
import { LogView } from '../logs/LogView.js';
import { useRunActions } from '../runs/run-context.js';
import { setupBanner, type SetupBanner as Banner } from './setup-banner.js';
import { useSetupActions, useSetupIfAny } from './setup-context.js';

function BuildLogView() {
  const log = useSetupIfAny((s) => s.log, null);
  const version = useSetupIfAny((s) => s.logVersion, 0);
  const [follow, setFollow] = useState(true);
  if (!log) return null;
  return (
    <div className="setup-log">
      <LogView buffer={log} version={version} follow={follow} onFollowChange={setFollow} label="Default image build log" placeholder="Waiting for output…" />
    </div>
  );
}

function Command({ command }: { command: string }) {
  return <code className="setup-command">{command}</code>;
}

function BannerBody({ banner }: { banner: Exclude<Banner, { kind: 'none' }> }) {
  const actions = useSetupActions();
  const runs = useRunActions();
  switch (banner.kind) {
    case 'missing-image':
      return (
        <>
          <h2>No image for steps yet</h2>
          <p>
            Steps without an environment run in the Docker image <strong>{banner.image}</strong>, which this engine does not have. Build it once: Debian with Python,
            nbclient and ipykernel, a few minutes. From a terminal: <Command command="orchest setup" />.
          </p>
          <div className="setup-actions">
            <button type="button" className="primary" onClick={() => void actions.build()}>
              Build default image
            </button>
          </div>
        </>
      );
    case 'building': {
      const percent = banner.build.progress === undefined ? '' : ` — ${Math.round(banner.build.progress * 100)}%`;
      return (
        <>
          <h2>Building the default image {banner.image}</h2>
          <p className="setup-phase" aria-live="polite">
            {banner.build.phase ?? 'Starting…'}
            {percent}
          </p>
          <BuildProgress progress={banner.build.progress} label={`Building ${banner.image}`} />
          <div className="setup-actions">
            <button type="button" onClick={() => void actions.cancel()}>
              Cancel build
            </button>
          </div>
          <BuildLogView />
        </>
      );
    }
    case 'ready':
      return (
        <>
          <h2>The default image {banner.image} is ready</h2>
          <p>Steps without an environment run in it: run the pipeline with "Run all".</p>
          <div className="setup-actions">
            <button type="button" onClick={() => actions.dismiss()}>
              Dismiss
            </button>
          </div>
          <BuildLogView />
        </>
      );
    case 'failed':
      return (
        <>
          <h2>Could not build {banner.image}</h2>
          <p>{banner.message}</p>
          {banner.command ? (
            <p>
              Run this in a terminal, then come back: <Command command={banner.command} />
            </p>
          ) : null}
          <div className="setup-actions">
            <button type="button" onClick={() => void actions.build()}>
              Try again
            </button>
          </div>
          <BuildLogView />
        </>
      );
    case 'docker-unreachable':
      return (
        <>
          <h2>{banner.problem.kind === 'not-installed' ? 'Docker is not installed' : 'Docker is not reachable'}</h2>
          <p>{banner.problem.message}</p>
          <p>{banner.problem.hint}</p>
          <div className="setup-actions">
            <button type="button" onClick={() => void runs.start('full', { runner: 'local' })}>
              Run with the local runner (not isolated)
            </button>
            <button type="button" onClick={() => void actions.refresh()}>
              Check again
            </button>
          </div>
          <p className="setup-note">The local runner runs each step as a process on this machine, with its own Python: no containers, no isolation.</p>
        </>
      );
  }
}

/** Above the canvas on a first run: no default image (build it here), or no Docker (how to get it, or run locally). */
export function SetupBanner() {
  const engine = useSetupIfAny((s) => s.engine, null);
  const build = useSetupIfAny((s) => s.build, null);
  const startError = useSetupIfAny((s) => s.startError, null);
  const pipeline = useEditor((s) => s.doc?.pipeline ?? null);
  const runner = useEditor((s) => s.config?.default_runner ?? null);
  const banner = setupBanner({ engine, build, startError, pipeline, runner });
  if (banner.kind === 'none') return null;
  return (
    <section className={`setup-banner is-${banner.kind}`} role="region" aria-label="First run">
      <BannerBody banner={banner} />
    </section>
  );
}
