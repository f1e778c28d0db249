/* The mmap piece of the preload library (docs/mmap.md). A FUSE file cannot share pages, so the daemon keeps each
 * mappable part of a PCM substream (the data buffer, the status page, the control page) in a sealed memfd; mmap of
 * a PCM descriptor asks the daemon for that memfd (SNDFUSE_IOCTL_PCM_MMAP), receives it over a socket pair made for
 * the call (SCM_RIGHTS), and maps it. Every process that maps the substream, the daemon included, then shares the
 * same pages, as the kernel's DMA buffer and status/control pages are shared: alsa-lib reads hw_ptr and writes
 * appl_ptr in memory and makes no SYNC_PTR. The library maps only a memfd the daemon handed it and sealed against
 * resizing. munmap is passed through: the mapping is an ordinary shared mapping. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#include <sound/asound.h>

#include "sndfuse-preload.h"
#include "sndfuse-private.h"

#ifndef F_SEAL_SHRINK
#define F_SEAL_SHRINK 0x0002
#define F_SEAL_GROW 0x0004
#endif
#ifndef F_GET_SEALS
#define F_GET_SEALS 1034
#endif

static void *fail(int err)
{
	errno = err;
	return MAP_FAILED;
}

/* The one descriptor an SCM_RIGHTS message on s carries, or -1 (errno set). */
static int receive_fd(int s)
{
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	if (recvmsg(s, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) != 1)
		return -1;
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS || c->cmsg_len != CMSG_LEN(sizeof(int)) ||
	    (msg.msg_flags & MSG_CTRUNC)) {
		errno = EIO;
		return -1;
	}
	int fd;
	memcpy(&fd, CMSG_DATA(c), sizeof(fd));
	return fd;
}

static void *map_part(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void *(*real_mmap)(void *, size_t, int, int, int, off_t) =
		(void *(*)(void *, size_t, int, int, int, off_t))sf_real("mmap");
	if (!real_mmap)
		return fail(ENOSYS);
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return MAP_FAILED;
	struct sndfuse_mmap m;
	memset(&m, 0, sizeof(m));
	m.offset = (uint64_t)off;
	m.length = len;
	m.prot = (uint32_t)(prot & (PROT_READ | PROT_WRITE));
	m.sock = sv[1];
	void *p = MAP_FAILED;
	int err = 0;
	int mfd = -1;
	/* the daemon applies the kernel's checks and sends the memory to sv[1]; it arrives on sv[0] */
	if (sf_real_ioctl(fd, SNDFUSE_IOCTL_PCM_MMAP, &m) < 0) {
		err = errno;
	} else if ((mfd = receive_fd(sv[0])) < 0) {
		err = errno;
	} else if ((fcntl(mfd, F_GET_SEALS) & (F_SEAL_SHRINK | F_SEAL_GROW)) != (F_SEAL_SHRINK | F_SEAL_GROW)) {
		err = EIO; /* only memory nobody can resize under the mapping */
	} else {
		/* the status page is read-only, as the kernel clears VM_WRITE on it (snd_pcm_mmap_status) */
		int mprot = (m.flags & SNDFUSE_MMAP_READ_ONLY) ? (prot & ~PROT_WRITE) : prot;
		p = real_mmap(addr, len, mprot, flags, mfd, (off_t)m.file_offset);
		if (p == MAP_FAILED)
			err = errno;
	}
	if (mfd >= 0)
		close(mfd);
	close(sv[0]);
	close(sv[1]);
	if (p == MAP_FAILED)
		errno = err;
	return p;
}

int sf_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off, void **ret)
{
	const struct sf_fd *f = sf_lookup(fd);
	if (!f || f->kind != SNDFUSE_NODE_PCM)
		return 0;
	*ret = map_part(addr, len, prot, flags, fd, off);
	return 1;
}

int sf_munmap(void *addr, size_t len, int *ret)
{
	(void)addr;
	(void)len;
	(void)ret;
	return 0; /* an ordinary shared mapping: the real munmap releases it */
}
