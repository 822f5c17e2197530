/**
 * The commands our messages tell users to run, spelled as the README lists them: one place, so a
 * message never names a script path or a command the README does not mention.
 */
export const SETUP_COMMAND = 'orchest setup';

export function buildOfflineCommand(image: string, packages: readonly string[] = []): string {
  return `orchest image build-offline ${image}${packages.length ? ` --packages "${packages.join(' ')}"` : ''}`;
}

export const INSTALL_DEBOOTSTRAP = 'sudo apt-get install -y debootstrap';
export const INSTALL_DOCKER_DEBIAN = 'sudo apt-get install -y docker.io';
export const START_DOCKER_SYSTEMD = 'sudo systemctl start docker';

/** What to do about images a run needs and Docker lacks: the default one has its own command. */
export function missingImageAdvice(missing: readonly string[], defaultImage: string): string {
  const other = missing.find((m) => m !== defaultImage);
  const how = [
    ...(missing.includes(defaultImage) ? [`build the default image ${defaultImage} with "${SETUP_COMMAND}" (or "Build default image" in the app)`] : []),
    ...(other ? [`build ${other} with "${buildOfflineCommand(other)}"`] : []),
  ];
  return `To fix it, ${how.join(', or ')}; map the name to a local image with "image_aliases" in the config; or run with another image (--image).`;
}
