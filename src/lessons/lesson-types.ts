/**
 * What a lesson is: steps, each a share link's state (what the machine, the
 * terminal and the viewer should show) plus a few sentences. Text may name
 * sizes as {archive}, {core}, {object}, {configgz}, {tar}, {files},
 * {release}: they are filled from the demo's manifest when shown.
 */
import { DEFAULT_CONFIG } from '../common/kernel-config';
import type { ShareState } from '../share/share-state';

/** What a step sets up: everything a link carries except version, archive and lesson. */
export type StepState = Omit<ShareState, 'v' | 'archive' | 'lesson'>;

export interface LessonStep {
  title: string;
  /** Paragraphs; `code` in backticks. */
  text: string[];
  state: StepState;
  /** Show the three-designs memory timeline beside the text. */
  timeline?: boolean;
  /** Messages this step reproduces, for "paste an error, find the step" (error-search.ts). */
  finds?: ErrorSignature[];
}

/**
 * One message as a tool prints it, with the demo's release and paths in it
 * (`{release}`): the search normalises both sides, so another machine's
 * release, paths and temp suffixes still find it.
 */
export interface ErrorSignature {
  message: string;
  /** Why it happens, in one line. */
  cause: string;
  /** Printed after several different failures (BCC's last words): ranks low, names no cause when a specific line matched. */
  generic?: boolean;
}

export interface Lesson {
  id: string;
  title: string;
  steps: LessonStep[];
  /** Where a teacher's lesson came from (its URL, or the dropped file's name); built-in lessons have none. */
  source?: { kind: 'url' | 'file'; where: string };
}

/** The demo's usual config: kheaders as a module in sysfs, config.gz in /proc. */
export const SYSFS = DEFAULT_CONFIG;

export const ARCHIVE = '/sys/kernel/kheaders.tar.xz';
/** BCC's search for headers, as the machine carries it (src/worker/vfs/bcc-loader-script.ts). */
export const BCC_FIND = 'bash /usr/share/bcc/find-kheaders.sh';
