import './environments.css';
import { keepEditorKeys } from '../common/keep-editor-keys.js';
import { EnvironmentEditor } from './EnvironmentEditor.js';
import { EnvironmentTable } from './EnvironmentTable.js';
import { PackageIndexSettings } from './PackageIndexSettings.js';
import { useEnvironmentActions, useEnvironments } from './environment-context.js';
import { NEW_ENVIRONMENT, selectEnvironment } from './environment-store.js';

/** The environments screen: in place of the canvas and the properties panel. */
export function EnvironmentsView() {
  const actions = useEnvironmentActions();
  const list = useEnvironments((s) => s.list);
  const listError = useEnvironments((s) => s.listError);
  const selected = useEnvironments((s) => s.selected);
  const info = useEnvironments(selectEnvironment(selected));
  return (
    <main className="environments-view" aria-label="Environments view" onKeyDown={keepEditorKeys}>
      <section className="env-list-pane" aria-labelledby="environments-heading">
        <div className="section-header">
          <h2 id="environments-heading">Environments</h2>
          <button type="button" onClick={() => actions.select(NEW_ENVIRONMENT)} disabled={selected === NEW_ENVIRONMENT}>
            New environment
          </button>
          <button type="button" onClick={() => actions.show('pipelines')}>
            Back to pipelines
          </button>
        </div>
        {listError ? (
          <p className="env-error" role="alert">
            {listError}
          </p>
        ) : null}
        {list === null ? (
          <p className="muted">Loading environments…</p>
        ) : list.length === 0 ? (
          <p className="muted">
            No environments yet. An environment is a base image plus a setup script; steps that pick it run in the image it builds.
          </p>
        ) : (
          <EnvironmentTable list={list} />
        )}
        <PackageIndexSettings />
      </section>
      <div className="env-detail-pane">
        {selected === NEW_ENVIRONMENT ? (
          <EnvironmentEditor key="new" />
        ) : info ? (
          <EnvironmentEditor key={info.uuid} info={info} />
        ) : (
          <p className="muted">Pick an environment to edit and build it, or create one.</p>
        )}
      </div>
    </main>
  );
}
