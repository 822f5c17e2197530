/**
 * Progress of resources/image/build-offline.sh from its stderr lines: "[k/3]" phases, then apt's
 * package count and its "Get:" / "Setting up" lines inside the docker build. Pure.
 */
export interface OfflineProgressUpdate {
  phase?: string;
  progress?: number;
}

export class OfflineBuildProgress {
  /** 0..1 of this build (before the offset is applied). */
  private local = 0;
  private buildStart = 0;
  private buildPhase = '';
  private packages = 0;
  private lines = 0;

  /** `offset`: where this build starts on the 0..1 bar (e.g. after a pull). */
  constructor(private readonly offset = 0) {}

  private at(local: number): number {
    this.local = Math.max(this.local, Math.min(1, local));
    return this.offset + (1 - this.offset) * this.local;
  }

  feed(line: string): OfflineProgressUpdate {
    let m: RegExpExecArray | null;
    if (/^\[1\/3\] debootstrap/.test(line)) return { phase: 'Making the Debian base image (debootstrap, a few minutes)', progress: this.at(0.02) };
    if ((m = /^\[1\/3\] reusing (\S+)/.exec(line))) return { phase: `Reusing the base image ${m[1]}`, progress: this.at(0) };
    if (/^\[2\/3\] docker import/.test(line)) return { phase: 'Importing the base image', progress: this.at(0.3) };
    if ((m = /^\[3\/3\] docker build (\S+)/.exec(line))) {
      // After a fresh base (debootstrap + import) the build is the last 65 %; on a reused base, all of it.
      this.buildStart = this.local >= 0.3 ? 0.35 : this.local;
      this.buildPhase = `docker build ${m[1]}`;
      return { phase: `${this.buildPhase}: installing Python, nbclient and ipykernel`, progress: this.at(this.buildStart) };
    }
    if ((m = /^(\d+) upgraded, (\d+) newly installed/.exec(line))) {
      this.packages = Number(m[2]);
      return {};
    }
    if (/^(Get:\d+ |Setting up )/.test(line) && this.packages > 0) {
      this.lines++;
      // A package is fetched, then set up: two lines each; the last few % are the image commit.
      const within = Math.min(0.95, this.lines / (2 * this.packages));
      const count = Math.min(this.packages, Math.ceil(this.lines / 2));
      return { phase: `${this.buildPhase}: apt, ${count} of ${this.packages} packages`, progress: this.at(this.buildStart + (1 - this.buildStart) * within) };
    }
    if (/^built \S+/.test(line)) return { progress: this.at(1) };
    return {};
  }
}

/** The line of a builder's output that says what went wrong: apt's "E:", the script's "error:", else the last. */
export function lastError(tail: string): string | undefined {
  const lines = tail.split('\n').map((l) => l.trim()).filter(Boolean);
  return [...lines].reverse().find((l) => /^(E:|error:|ERROR)/.test(l)) ?? lines.at(-1);
}
