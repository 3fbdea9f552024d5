/** The page entry: the UI only; the machine starts in its worker on demand. */
import './ui/kh-app';

// Offline after the first visit (public/sw.js); the dev server has no precache list.
if (import.meta.env.PROD && 'serviceWorker' in navigator)
  void navigator.serviceWorker.register('./sw.js').catch(() => undefined);
