/* SPDX-License-Identifier: MIT */
/*
 * sndfuse/pcm-mmap.h - the preload library's PCM_MMAP request by hand (docs/mmap.md): a socket pair per request,
 * the daemon's memfd received with SCM_RIGHTS. For the selftests that check the hand-over without the library.
 */
#ifndef SNDFUSE_PCM_MMAP_H
#define SNDFUSE_PCM_MMAP_H

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../../../preload/src/sndfuse-private.h"

/* PCM_MMAP for a mapping of len bytes at off, the answer sent to socket sock; -errno or 0 */
static inline int sm_request(int fd, uint64_t off, uint64_t len, uint32_t prot, int sock, struct sndfuse_mmap *m)
{
	memset(m, 0, sizeof(*m));
	m->offset = off;
	m->length = len;
	m->prot = prot;
	m->sock = sock;
	return ioctl(fd, SNDFUSE_IOCTL_PCM_MMAP, m) < 0 ? -errno : 0;
}

/* the descriptor one SCM_RIGHTS message on s carries, or -1 */
static inline int sm_recv_fd(int s)
{
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c;
	int fd;

	if (recvmsg(s, &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC) != 1)
		return -1;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(c), sizeof(fd));
	return fd;
}

/* PCM_MMAP through a fresh socket pair: the received memfd (and the answer in *m), or -errno */
static inline int sm_get_memfd(int fd, uint64_t off, uint64_t len, uint32_t prot, struct sndfuse_mmap *m)
{
	int sv[2], r, mfd;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	r = sm_request(fd, off, len, prot, sv[1], m);
	mfd = r < 0 ? r : sm_recv_fd(sv[0]);
	if (r == 0 && mfd < 0)
		mfd = -EIO;
	close(sv[0]);
	close(sv[1]);
	return mfd;
}
#endif
