/**
 * ShareState: what a share link remembers, and its text form in the URL
 * fragment (no server sees it). Versioned so that a link copied today still
 * opens in years:
 *
 *   v0  `#file=/path&L10-L20`          the viewer's first form (location-hash.ts)
 *   v1  `#v=1&a=6.1.192:144c08f8&k=smy1&m=kheaders&f=/path&L10-L20&p=viewer&x=cmd&l=id.2`
 *
 * v1 fields, each optional except `v`:
 *   a  demo archive: manifest release ":" first 8 hex digits of its sha256
 *   u  an archive by URL instead of the demo
 *   k  config: era (s = sysfs 5.2-rc4, p = proc 5.2-rc1), IKHEADERS, IKCONFIG
 *      (y/m/n), IKCONFIG_PROC (1/0)
 *   m  modules loaded, comma-separated, in load order
 *   f  open file; `L<from>-L<to>` its selected lines
 *   p  panel layout
 *   x  a shell command to replay (repeated, in order)
 *   d  the shell's directory once the commands have run
 *   z  all the fields after `a`, compressed (link-codec.ts); read before decoding
 *   l  lesson id "." step number (1-based)
 *   lesson-url  where a teacher's lesson file is (http(s) or a path); `l` names its step
 *   s  the terminal's share of the terminal/viewer split, in percent (10-90)
 *   embed  one pane alone, for an <iframe>: terminal, viewer or lesson
 *   r  `1`: the terminal talks to the real kernel (setup's i386 Linux in v86)
 *   w  the user the shell runs as once the commands have run (`su - <user>`)
 *   t  packages the machine's image lacks, comma-separated (kh-image --without)
 * A decoder never throws: a link it cannot read becomes an error in words.
 */
import type { Era, KernelConfig, ModuleName, Tristate } from '../shared/worker-api';
import { IMAGE_PACKAGES, OTHER_USERS } from '../common/machine-image';
import { parseViewerHash } from './location-hash';
import { LINK_LIMITS, limitName } from './link-limits';

export const SHARE_VERSION = 1;
/** Hex digits of the archive's sha256 kept in a link: enough to tell builds apart. */
export const SHA_PREFIX = 8;

export type ArchiveRef =
  { kind: 'demo'; release: string; sha: string } | { kind: 'url'; url: string };

/** How the panels share the screen. */
export type PanelLayout = 'split' | 'viewer' | 'terminal' | 'presenter';
export const LAYOUTS: readonly PanelLayout[] = ['split', 'viewer', 'terminal', 'presenter'];
export const MODULES: readonly ModuleName[] = ['kheaders', 'configs'];
/** The panes an embedded view may show alone. */
export type EmbedPane = 'terminal' | 'viewer' | 'lesson';
export const EMBED_PANES: readonly EmbedPane[] = ['terminal', 'viewer', 'lesson'];

export interface ShareState {
  /** The link's version as read (0 or 1); encoding always writes the newest. */
  v: number;
  archive?: ArchiveRef;
  config?: KernelConfig;
  modules?: ModuleName[];
  file?: string;
  from?: number;
  to?: number;
  layout?: PanelLayout;
  commands?: string[];
  /** The shell's directory after the commands. */
  cwd?: string;
  lesson?: { id: string; step: number };
  /** A teacher's lesson file that `lesson` refers to. */
  lessonUrl?: string;
  /** Percent of the terminal/viewer height the terminal takes. */
  split?: number;
  embed?: EmbedPane;
  /** The terminal talks to the real kernel rather than the simulation. */
  real?: boolean;
  /** `#error=<text>`: the lessons' error search, filled with what a machine printed. */
  errorText?: string;
  /** The shell's user after the commands (root when absent). */
  user?: string;
  /** Packages the image lacks (all there when absent). */
  absent?: string[];
}

export type DecodeResult = { ok: true; state: ShareState } | { ok: false; error: string };

const ERAS: Record<string, Era> = { s: 'sysfs-5.2-rc4', p: 'proc-5.2-rc1' };
const TRI = new Set<string>(['y', 'm', 'n']);
const LESSON_ID = /^[a-z0-9-]{1,40}$/;
/** Who a link may make the shell (the accounts besides root). */
export const USERS = OTHER_USERS;
/** What a link may take out of the image (kh-image's packages). */
export const PACKAGES: readonly string[] = Object.keys(IMAGE_PACKAGES);

/** Escapes a value for the fragment, leaving `/`, `:` and `,` readable. */
function esc(s: string): string {
  return encodeURIComponent(s).replace(/%2F/g, '/').replace(/%3A/g, ':').replace(/%2C/g, ',');
}

export function encodeShareState(s: ShareState): string {
  const parts = [`v=${SHARE_VERSION}`];
  const a = s.archive;
  if (a?.kind === 'demo') parts.push(`a=${esc(a.release)}:${a.sha}`);
  else if (a?.kind === 'url') parts.push(`u=${esc(a.url)}`);
  const c = s.config;
  if (c) {
    const era = c.era === 'proc-5.2-rc1' ? 'p' : 's';
    parts.push(`k=${era}${c.IKHEADERS}${c.IKCONFIG}${c.IKCONFIG_PROC ? 1 : 0}`);
  }
  if (s.modules?.length) parts.push(`m=${s.modules.join(',')}`);
  if (s.file) {
    parts.push(`f=${esc(s.file)}`);
    if (s.from) parts.push(s.to && s.to !== s.from ? `L${s.from}-L${s.to}` : `L${s.from}`);
  }
  if (s.layout && s.layout !== 'split') parts.push(`p=${s.layout}`);
  for (const cmd of s.commands ?? []) parts.push(`x=${esc(cmd)}`);
  if (s.cwd) parts.push(`d=${esc(s.cwd)}`);
  if (s.split) parts.push(`s=${s.split}`);
  if (s.embed) parts.push(`embed=${s.embed}`);
  if (s.real) parts.push('r=1');
  if (s.absent?.length) parts.push(`t=${s.absent.join(',')}`);
  if (s.user) parts.push(`w=${s.user}`);
  if (s.lessonUrl) parts.push(`lesson-url=${esc(s.lessonUrl)}`);
  if (s.lesson) parts.push(`l=${s.lesson.id}.${s.lesson.step}`);
  return `#${parts.join('&')}`;
}

/** Reads any version of link; an empty fragment is an empty state. */
export function decodeShareState(hash: string): DecodeResult {
  const body = hash.replace(/^#/, '');
  const fail = (why: string): DecodeResult => ({
    ok: false,
    error: `This link could not be read (${why}). The playground opened as usual; ask for a fresh link.`,
  });
  const { maxFragmentChars, maxCommands } = LINK_LIMITS;
  if (body.length > maxFragmentChars)
    return fail(
      `it is ${body.length.toLocaleString('en')} characters long; links are read up to ${limitName('link', 'maxFragmentChars', maxFragmentChars)}`,
    );
  if (body.startsWith('error=')) {
    try {
      return { ok: true, state: { v: 0, errorText: decodeURIComponent(body.slice(6)) } };
    } catch {
      return fail('the error field has a broken %-escape');
    }
  }
  if (!/^v=/.test(body)) return { ok: true, state: { v: 0, ...parseViewerHash(body) } };
  const state: ShareState = { v: SHARE_VERSION };
  const parts = body.split('&');
  const replays = parts.filter((p) => p.startsWith('x=')).length;
  if (replays > maxCommands)
    return fail(
      `it carries ${replays.toLocaleString('en')} commands; a link may replay at most ${limitName('link', 'maxCommands', maxCommands)}`,
    );
  const version = parts[0].slice(2);
  if (!/^\d+$/.test(version)) return fail(`"${parts[0]}" is not a link version`);
  if (Number(version) > SHARE_VERSION)
    return fail(
      `it is a version ${version} link, newer than this playground (version ${SHARE_VERSION})`,
    );
  if (Number(version) < 1) return fail(`version ${version} links have no v= field`);
  for (const part of parts.slice(1)) {
    const lines = /^L(\d{1,9})(?:-L(\d{1,9}))?$/.exec(part);
    if (lines) {
      const a = Number(lines[1]);
      const b = lines[2] ? Number(lines[2]) : a;
      if (a < 1 || b < a) return fail(`the line range ${part} is backwards or starts at 0`);
      state.from = a;
      state.to = b;
      continue;
    }
    const eq = part.indexOf('=');
    if (eq < 1) return fail(`"${part.slice(0, 40)}" is not a field`);
    const key = part.slice(0, eq);
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1));
    } catch {
      return fail(`the ${key} field has a broken %-escape`);
    }
    const why = readField(state, key, value);
    if (why) return fail(why);
  }
  if (state.from && !state.file) return fail('it selects lines but names no file');
  return { ok: true, state };
}

/** Puts one field into state; returns what is wrong with it, if anything. */
function readField(state: ShareState, key: string, value: string): string | undefined {
  switch (key) {
    case 'a': {
      const m = /^([\w.+~-]{1,64}):([0-9a-f]{4,64})$/.exec(value);
      if (!m) return 'the archive field is not release:sha256-prefix';
      state.archive = { kind: 'demo', release: m[1], sha: m[2] };
      return;
    }
    case 'u':
      if (!/^(https?:\/\/|\.{0,2}\/)/.test(value))
        return 'the archive URL is not http(s) or a path';
      state.archive = { kind: 'url', url: value };
      return;
    case 'k': {
      const [era, h, c, p] = value;
      if (value.length !== 4 || !ERAS[era] || !TRI.has(h) || !TRI.has(c) || !/[01]/.test(p))
        return `the config field "${value}" is not era + two of y/m/n + 0/1`;
      state.config = {
        era: ERAS[era],
        IKHEADERS: h as Tristate,
        IKCONFIG: c as Tristate,
        IKCONFIG_PROC: p === '1',
      };
      return;
    }
    case 'm': {
      const names = value.split(',');
      const bad = names.find((n) => !(MODULES as string[]).includes(n));
      if (bad !== undefined) return `there is no module "${bad}" in this machine`;
      state.modules = names as ModuleName[];
      return;
    }
    case 'f':
      if (!value.startsWith('/')) return 'the file is not an absolute path';
      state.file = value;
      return;
    case 'p':
      if (!(LAYOUTS as string[]).includes(value)) return `there is no layout "${value}"`;
      state.layout = value as PanelLayout;
      return;
    case 'x':
      if (!value.trim() || value.includes('\n'))
        return 'a command to replay is empty or spans lines';
      if (value.length > LINK_LIMITS.maxCommandChars)
        return `a command to replay is ${value.length.toLocaleString('en')} characters; at most ${limitName('link', 'maxCommandChars', LINK_LIMITS.maxCommandChars)}`;
      (state.commands ??= []).push(value);
      return;
    case 'd':
      if (!value.startsWith('/')) return 'the directory is not an absolute path';
      state.cwd = value;
      return;
    case 'z':
      return 'it holds a compressed part inside a compressed part';
    case 'w':
      if (!USERS.includes(value)) return `there is no user "${value.slice(0, 20)}" in this machine`;
      state.user = value;
      return;
    case 't': {
      const names = value.split(',');
      const bad = names.find((n) => !PACKAGES.includes(n));
      if (bad !== undefined) return `there is no package "${bad.slice(0, 20)}" to leave out`;
      state.absent = names;
      return;
    }
    case 'l': {
      const m = /^(.+)\.(\d{1,3})$/.exec(value);
      if (!m || !LESSON_ID.test(m[1]) || Number(m[2]) < 1)
        return `the lesson "${value}" is not id.step`;
      state.lesson = { id: m[1], step: Number(m[2]) };
      return;
    }
    case 'lesson-url':
      // http(s), or a path (relative to the page, like lessons/x.md): no other scheme.
      if (!/^https?:\/\//i.test(value) && /^[a-z][a-z\d+.-]*:/i.test(value))
        return 'the lesson URL is not http(s) or a path';
      state.lessonUrl = value;
      return;
    case 's': {
      const pct = /^\d{2}$/.test(value) ? Number(value) : 0;
      if (pct < 10 || pct > 90) return `the split "${value}" is not a percentage from 10 to 90`;
      state.split = pct;
      return;
    }
    case 'embed':
      if (!(EMBED_PANES as string[]).includes(value))
        return `there is no pane "${value.slice(0, 20)}" to embed (terminal, viewer or lesson)`;
      state.embed = value as EmbedPane;
      return;
    case 'r':
      if (value !== '1')
        return `the machine field "${value.slice(0, 20)}" is not 1 (the real kernel)`;
      state.real = true;
      return;
    default:
      return `it has an unknown field "${key.slice(0, 20)}"`;
  }
}

/** The short form of an archive's sha256 that links carry. */
export const shaPrefix = (sha256: string) => sha256.slice(0, SHA_PREFIX);
