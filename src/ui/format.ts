/** Byte counts for people: the one formatter the machine's messages use too (binary units). */
export { formatBytes as formatSize } from '../common/byte-size';
