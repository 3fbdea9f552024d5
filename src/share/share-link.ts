/**
 * The link "Copy link" copies: what is on screen plus the session that made
 * it (the commands since boot, compacted, and the directory), packed when
 * long. What a link cannot carry is said in words, never dropped silently.
 */
import { packLink } from './link-codec';
import { LINK_LIMITS, limitName } from './link-limits';
import { HOME, type Replay } from './session-log';
import { encodeShareState, type ShareState } from './share-state';

export interface ShareLink {
  /** The fragment, `#v=1&…`. */
  hash: string;
  /** What the link leaves out, one sentence each; empty when it carries everything. */
  notes: string[];
}

export interface ShareInputs {
  /** The view: archive, config, file, lines, layout, lesson (no commands, no modules). */
  view: ShareState;
  replay: Replay;
  /** Lines the session log could not keep (see SessionLog.lost). */
  lost: readonly string[];
  /** Archives opened from the user's disk: their files cannot travel. */
  ownArchives: readonly string[];
  /** Whether the open file lies in one of those archives. */
  fileInOwnArchive: boolean;
}

/**
 * Builds the link. When the commands do not fit (`link.maxCommands`, or
 * `link.maxChars` once packed) it keeps the longest run of them from the
 * start that fits, so the receiver's machine is the sender's at an earlier
 * moment, and says how many were left out.
 */
export async function buildShareLink(
  inputs: ShareInputs,
  limits: { maxChars: number; maxCommands: number } = LINK_LIMITS,
): Promise<ShareLink> {
  const { view, replay } = inputs;
  const notes: string[] = [];
  const make = (n: number) => {
    const commands = replay.commands.slice(0, n);
    const state: ShareState = { ...view };
    if (commands.length) state.commands = commands;
    if (replay.cwd !== HOME) state.cwd = replay.cwd;
    return packLink(encodeShareState(state));
  };
  const all = replay.commands.length;
  let fit = Math.min(all, limits.maxCommands);
  let hash = await make(fit);
  if (hash.length > limits.maxChars) {
    // Binary search for the longest prefix that fits.
    let lo = 0;
    let hi = fit - 1;
    hash = await make(0);
    fit = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const h = await make(mid);
      if (h.length <= limits.maxChars) {
        fit = mid;
        hash = h;
        lo = mid + 1;
      } else hi = mid - 1;
    }
  }
  if (fit < all) {
    const why =
      fit === Math.min(all, limits.maxCommands) && all > limits.maxCommands
        ? `a link replays at most ${limitName('link', 'maxCommands', limits.maxCommands)} commands`
        : `a link is at most ${limitName('link', 'maxChars', limits.maxChars)} characters`;
    notes.push(
      `This link carries only the first ${fit} of the ${all} commands that built this machine (${why}); opened elsewhere, the machine will lack what the other ${all - fit} did.`,
    );
  }
  if (inputs.lost.length)
    notes.push(`This link cannot rebuild what was not remembered: ${inputs.lost.join('; ')}.`);
  if (inputs.ownArchives.length)
    notes.push(
      `Files opened from your disk (${inputs.ownArchives.join(', ')}) cannot travel in a link: whoever opens it must open ${inputs.ownArchives.length > 1 ? 'those files' : 'that file'} themselves${inputs.fileInOwnArchive ? ', and until then the open file will not be there' : ''}.`,
    );
  return { hash, notes };
}
