import { useId } from 'react';
import type { EnvironmentInfo } from '../../../main/src/api/environments.js';
import { useEnvironmentsIfAny, useHasEnvironments } from './environment-context.js';

const NONE_LABEL = '— none (image / default) —';

/**
 * The step's environment, picked by name (the value is its uuid). None: the step's old `image`,
 * else the configured default image.
 */
export function EnvironmentField({ value, onChange }: { value: string | undefined; onChange: (uuid: string | undefined) => void }) {
  const id = useId();
  const hasStore = useHasEnvironments();
  const list = useEnvironmentsIfAny<EnvironmentInfo[] | null>((s) => s.list, null);
  const current = value ?? '';
  const known = list?.some((e) => e.uuid === current) ?? false;
  const missing = current !== '' && list !== null && !known;
  return (
    <div className="field">
      <label htmlFor={id}>Environment</label>
      <select
        id={id}
        value={current}
        onChange={(e) => onChange(e.target.value || undefined)}
        aria-invalid={missing ? true : undefined}
        aria-describedby={missing ? `${id}-error` : undefined}
      >
        <option value="">{NONE_LABEL}</option>
        {(list ?? []).map((env) => (
          <option key={env.uuid} value={env.uuid}>
            {env.name}
          </option>
        ))}
        {current !== '' && !known ? <option value={current}>{list === null ? current : `${current} (not in this project)`}</option> : null}
      </select>
      {missing ? (
        <p id={`${id}-error`} className="field-error">
          This project has no environment {current}: pick one, or none.
        </p>
      ) : null}
      {hasStore && list !== null && list.length === 0 ? <p className="field-hint">No environments yet: create one under Environments.</p> : null}
    </div>
  );
}
