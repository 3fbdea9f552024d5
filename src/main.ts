/** The page entry: the UI only; the machine starts in its worker on demand. */
import './ui/kh-app';
import { KERNEL_ARRIVED } from './client/machine-client';

// Offline after the first visit (public/sw.js); the dev server has no precache list.
// Registered once the kernel's bytes are in: its precache downloads would
// otherwise share a first visit's link with the archive the page waits for.
if (import.meta.env.PROD && 'serviceWorker' in navigator)
  addEventListener(
    KERNEL_ARRIVED,
    () => void navigator.serviceWorker.register('./sw.js').catch(() => undefined),
    { once: true },
  );
