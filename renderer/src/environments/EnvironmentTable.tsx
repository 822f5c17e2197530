import type { EnvironmentInfo } from '../../../main/src/api/environments.js';
import type { BuildView } from './build-log.js';
import { useEnvironmentActions, useEnvironments } from './environment-context.js';
import { BuildState } from './BuildState.js';
import { shownStatus } from './environment-store.js';
import { formatRelativeTime, formatSizeMB } from './format.js';
import { useNow } from '../common/use-now.js';

function Row({ env, view, selected, now }: { env: EnvironmentInfo; view: BuildView | undefined; selected: boolean; now: number }) {
  const actions = useEnvironmentActions();
  const status = shownStatus(env, view);
  const builtAt = env.build.builtAt;
  return (
    <tr aria-current={selected ? 'true' : undefined} className={selected ? 'is-selected' : undefined} data-uuid={env.uuid}>
      <th scope="row">
        <button type="button" className="link-button env-open" onClick={() => actions.select(env.uuid)} title={`Edit ${env.name}`}>
          {env.name}
        </button>
      </th>
      <td>{env.language}</td>
      <td className="env-image" title={env.base_image}>
        {env.base_image}
      </td>
      <td>
        <BuildState info={env} view={view} />
      </td>
      <td title={builtAt ? new Date(builtAt).toLocaleString() : undefined}>{builtAt && status === 'SUCCESS' ? formatRelativeTime(builtAt, now) : '—'}</td>
      <td className="env-size">{status === 'SUCCESS' ? formatSizeMB(env.build.sizeBytes) : '—'}</td>
      <td>{env.isDefault ? <span className="badge badge-default">Default</span> : null}</td>
    </tr>
  );
}

/** The project's environments: click a name to edit and build it. */
export function EnvironmentTable({ list }: { list: EnvironmentInfo[] }) {
  const builds = useEnvironments((s) => s.builds);
  const selected = useEnvironments((s) => s.selected);
  const now = useNow(true, 30_000);
  return (
    <table className="env-table" aria-label="Environments">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Language</th>
          <th scope="col">Base image</th>
          <th scope="col">Build</th>
          <th scope="col">Built</th>
          <th scope="col">Size</th>
          <th scope="col">Default</th>
        </tr>
      </thead>
      <tbody>
        {list.map((env) => (
          <Row key={env.uuid} env={env} view={builds[env.uuid]} selected={selected === env.uuid} now={now} />
        ))}
      </tbody>
    </table>
  );
}
