/** Names Kubernetes and Argo accept, made from what the user typed (titles, folder names). */

/** Lower-case letters, digits and "-", starting and ending with one of the first two, at most `max` long. */
export function kubeSlug(text: string, max = 63): string {
  const slug = text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
  return slug;
}

/**
 * One DAG task (and template) name per step: its title made a name, and 8 characters of its uuid
 * (titles repeat; uuids may share a prefix, hence the counter as a last resort).
 */
export function taskNames(steps: ReadonlyArray<{ uuid: string; title: string }>): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>(RESERVED_TASKS);
  for (const step of steps) {
    const id = step.uuid.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 8) || 'x';
    const base = `${kubeSlug(step.title, 40) || 'step'}-${id}`;
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
    taken.add(name);
    names.set(step.uuid, name);
  }
  return names;
}

/** Our own templates' names, which no step's may take. */
export const RUNTIME_TASK = 'orchest-runtime';
export const DAG_TEMPLATE = 'pipeline';
const RESERVED_TASKS = [RUNTIME_TASK, DAG_TEMPLATE];

/** A safe folder name on the volume for a project (its folder's name; Orchest used projects/<name>). */
export function projectFolderName(rootName: string): string {
  const name = rootName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return name || 'project';
}
