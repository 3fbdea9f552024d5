/**
 * GNU tar's complaints about members it could not create, one line per
 * member as GNU prints them, with two changes for a terminal: a long run
 * of the same complaint (a full disk gives one per remaining member) is
 * folded to its first lines, a count and its last line, and a disk that
 * filled up is named once at the end, with the limit that made it full.
 */

/** Runs longer than this are folded. */
export const FOLD_AFTER = 8;
/** Lines kept at the head of a folded run (the last line is kept too). */
const FOLD_HEAD = 5;

interface Run {
  /** What the members of the run could not do ("Cannot write: No space left on device"). */
  reason: string;
  /** Every line while the run is short; its first FOLD_HEAD once folded. */
  lines: string[];
  /** Lines folded away: their count only. */
  folded: number;
  /** The run's newest line, once it is folded. */
  last: string | undefined;
}

export class Complaints {
  private readonly runs: Run[] = [];
  private size = 0;
  private total = 0;
  /** The full filesystem, its limit as the first ENOSPC named it, and the members that did not fit. */
  private full: { mount: string; limit: string; members: number } | undefined;

  /** `max` bounds the kept text (just-bash's maxOutputSize). */
  constructor(private readonly max: number) {}

  get count(): number {
    return this.total;
  }

  /** Notes a member that did not fit because `mount` is full, by its limit ("tmpfs.bytes = 96.0 MiB"). */
  diskFull(mount: string, limit: string): void {
    this.full ??= { mount, limit, members: 0 };
    this.full.members++;
  }

  /** False when the line would take the kept text past the limit (it is not kept). */
  add(member: string, reason: string): boolean {
    const line = `tar: ${member}: ${reason}\n`;
    let run = this.runs.at(-1);
    if (run?.reason !== reason) {
      this.runs.push((run = { reason, lines: [], folded: 0, last: undefined }));
    }
    this.total++;
    if (run.last === undefined && run.lines.length < FOLD_AFTER) {
      if (this.size + line.length > this.max) return false;
      run.lines.push(line);
      this.size += line.length;
      return true;
    }
    if (run.last === undefined) {
      // The run just grew too long: keep its head, count the rest.
      const rest = run.lines.splice(FOLD_HEAD);
      run.folded = rest.length;
      for (const l of rest) this.size -= l.length;
    } else {
      run.folded++;
    }
    run.last = line;
    return true;
  }

  get text(): string {
    let s = '';
    for (const run of this.runs) {
      s += run.lines.join('');
      if (run.last === undefined) continue;
      s += `tar: … ${run.folded.toLocaleString('en')} more like this: ${run.reason}\n${run.last}`;
    }
    if (this.full) {
      const { mount, limit, members } = this.full;
      const n = `${members.toLocaleString('en')} member${members === 1 ? '' : 's'}`;
      s += `tar: ${mount} is full at ${limit} (the size of each tmpfs mount): ${n} not written. 'df -h' shows the use; 'rm -r' frees space\n`;
    }
    return s;
  }
}
