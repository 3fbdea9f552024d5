/** The page entry: the UI only; the machine starts in its worker on demand. */
import './ui/kh-app';
