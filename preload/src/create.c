/* CREATE hands out a new descriptor (docs/preload.md, "CREATE"). The kernel's SNDRV_TIMER_IOCTL_CREATE
 * (snd_utimer_ioctl_create) installs a new O_RDWR|O_CLOEXEC descriptor that owns the utimer and puts it in
 * uinfo.fd; a FUSE daemon cannot install descriptors, and binds the utimer to the description CREATE was
 * issued on. So the library opens a fresh description of the same node, issues CREATE there and hands that
 * descriptor back: TRIGGER works on it, closing it destroys the timer, and the original descriptor stays a
 * plain timer descriptor. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include "sndfuse-preload.h"
#include "sndfuse-private.h"

/* The kernel's struct snd_timer_uinfo and request number (docs/kernel-facts.md T3). */
struct sf_uinfo {
	uint64_t resolution;
	int fd;
	unsigned int id;
	unsigned char reserved[16];
};
#define SF_TIMER_IOCTL_CREATE _IOWR('T', 0xa5, struct sf_uinfo)

/* A fresh open file description of the node fd names: reopening /proc/self/fd/N opens the node again
 * (not a dup). The kernel's utimer descriptor is O_RDWR; a node the caller may only read is reopened so. */
static int reopen(int fd)
{
	char path[32];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	int (*real_open)(const char *, int, ...) = sf_real("open");
	int nfd = real_open(path, O_RDWR | O_CLOEXEC);
	if (nfd < 0 && errno == EACCES)
		nfd = real_open(path, O_RDONLY | O_CLOEXEC);
	return nfd;
}

int sf_create_ioctl(int fd, const struct sf_fd *f, unsigned long request, void *arg, int *ret)
{
	if (f->kind != SNDFUSE_NODE_TIMER || request != SF_TIMER_IOCTL_CREATE)
		return 0;
	int nfd = reopen(fd);
	if (nfd < 0) {
		*ret = -1; /* EMFILE and the like, the caller's struct untouched, as the kernel */
		return 1;
	}
	struct sndfuse_hello h = { .version = SNDFUSE_PRIVATE_VERSION };
	if (sf_real_ioctl(nfd, SNDFUSE_IOCTL_HELLO, &h) != 0 || h.kind != SNDFUSE_NODE_TIMER) {
		close(nfd);
		return 0; /* not the node we took it for: let the request go through unchanged */
	}
	sf_track(nfd, (int)h.kind, h.token);
	/* The kernel copies the struct in and out; a bad pointer fails here with EFAULT, as there. */
	if (sf_real_ioctl(nfd, request, arg) != 0) {
		int e = errno;
		close(nfd); /* untracks it */
		errno = e;
		*ret = -1;
		return 1;
	}
	((struct sf_uinfo *)arg)->fd = nfd;
	*ret = 0; /* snd_utimer_ioctl_create returns 0; the descriptor is in uinfo.fd */
	return 1;
}
