/**
 * The name a cluster pulls an image by: a local image (no registry in its name, as docker decides:
 * a first part with a dot or a port, or localhost) goes under `registry`; one already named after a
 * registry stays, and need not be pushed.
 */
export function hasRegistry(image: string): boolean {
  const slash = image.indexOf('/');
  if (slash < 0) return false;
  const first = image.slice(0, slash);
  return first === 'localhost' || first.includes('.') || first.includes(':');
}

export function remoteImageName(local: string, registry: string | undefined): { remote: string; push: boolean } {
  if (!registry || hasRegistry(local)) return { remote: local, push: false };
  return { remote: `${registry.replace(/\/+$/, '')}/${local}`, push: true };
}
