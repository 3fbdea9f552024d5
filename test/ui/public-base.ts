/** Imported before the app: its kernel files resolve against the document's base, served from /public/ here. */
const base = document.createElement('base');
base.href = new URL('/public/', location.href).href;
document.head.append(base);
