/**
 * Names a link, a lesson and the machine share about who runs the shell and
 * what its image holds: the users besides root (worker/kernel/users.ts has
 * their accounts) and the packages an image may lack (kh-image).
 */
export const OTHER_USERS: readonly string[] = ['student'];

/** Debian packages kh-image can leave out, each with the programs it puts in /usr/bin. */
export const IMAGE_PACKAGES: Readonly<Record<string, readonly string[]>> = {
  kmod: ['modprobe', 'rmmod', 'insmod', 'lsmod', 'modinfo'],
  'xz-utils': ['xz', 'unxz', 'xzcat'],
};
