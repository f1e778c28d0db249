/* The preload library's core, shared by its pieces (docs/preload.md). The core wraps open/openat/close/
 * dup/dup2/dup3/fcntl/ioctl/mmap, recognises sndfuse nodes by a HELLO answered by the daemon, and keeps a table of
 * the process's sndfuse descriptors. Each piece handles one thing FUSE cannot carry and is called by the
 * core's wrappers:
 *   create.c    SNDRV_TIMER_IOCTL_CREATE hands out a new descriptor
 *   valuearg.c  PAUSE and LINK (value arguments) become private requests
 *   mmap.c      the PCM data buffer is shared memory the daemon maps too
 *   sigio.c     O_ASYNC/F_SETOWN/F_SETSIG: one signal per event the kernel's fasync would signal
 */
#ifndef SNDFUSE_PRELOAD_H
#define SNDFUSE_PRELOAD_H
#include <stdint.h>
#include <sys/types.h>

struct sf_fd {
	int kind;        /* SNDFUSE_NODE_*, 0 = not a sndfuse node */
	uint64_t token;  /* HELLO's token for the open file description */
};

/* The sndfuse descriptor fd, or NULL when fd is not one. */
const struct sf_fd *sf_lookup(int fd);
/* As sf_lookup, but also checks (fstat) that fd still names the node it was tracked for; drops a stale entry. */
const struct sf_fd *sf_lookup_checked(int fd);
/* Whether another tracked descriptor names fd's open file description (a dup: the same HELLO token). */
int sf_shared(int fd);

/* The next definition of a libc symbol (dlsym RTLD_NEXT), resolved once. */
void *sf_real(const char *name);

/* Registers fd as a sndfuse node (after a successful HELLO); the core does this on open and dup. */
void sf_track(int fd, int kind, uint64_t token);
void sf_untrack(int fd);

/* Calls the real ioctl (no wrapping). */
int sf_real_ioctl(int fd, unsigned long request, void *arg);

/* Pieces. Each returns 1 when it handled the call (result in *ret, errno set), 0 to let the core pass it on. */
int sf_create_ioctl(int fd, const struct sf_fd *f, unsigned long request, void *arg, int *ret);
int sf_valuearg_ioctl(int fd, const struct sf_fd *f, unsigned long request, void *arg, int *ret);
int sf_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off, void **ret);
int sf_munmap(void *addr, size_t len, int *ret);
int sf_sigio_fcntl(int fd, const struct sf_fd *f, int cmd, long arg, int *ret);
void sf_sigio_close(int fd);
#endif
