/**
 * Byte counts for people, in binary units as the kernel's tools print them
 * (xz -l, free -h, ls -lh count in 1024s): "3.8 MiB". One formatter for the
 * page and the machine's messages, so a size reads the same everywhere.
 */
const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${UNITS[unit]}`;
}
