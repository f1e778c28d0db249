/* The private requests between the sndfuse preload library and the daemon (docs/preload.md).
 * They exist only because plain FUSE files cannot carry what the kernel's ALSA devices do: a new
 * descriptor, a value argument, SIGIO, a shared mapping. Each is an ordinary restricted FUSE ioctl whose
 * argument is a pointer to a fixed-size struct, so FUSE copies it both ways. Only sndfuse nodes answer
 * them; on any other file the library never sends them. Type byte 'S', numbers from 0xf0 (no ALSA device
 * sndfuse serves uses 'S'). Also included by the daemon's tests; the Java side mirrors the numbers in
 * org.sndfuse.abi.preload.PreloadIoctl. */
#ifndef SNDFUSE_PRIVATE_H
#define SNDFUSE_PRIVATE_H
#include <stdint.h>
#include <sys/ioctl.h>

#define SNDFUSE_PRIVATE_VERSION 2

/* Node kinds a HELLO answers with. */
#define SNDFUSE_NODE_TIMER   1
#define SNDFUSE_NODE_PCM     2
#define SNDFUSE_NODE_CONTROL 3

/* HELLO: the library announces itself on a descriptor it just saw opened. In: version, the caller's pid.
 * Out: the node kind, and a token naming this open file description (unique while it is open; LINK names
 * the other stream by it). A descriptor that said HELLO is served as "preloaded" (PCM: MMAP access types
 * are offered to it). Any error means: not a sndfuse node, leave it alone. */
struct sndfuse_hello {
	uint32_t version;
	uint32_t kind;
	uint64_t token;
	uint32_t reserved[4];
};
#define SNDFUSE_IOCTL_HELLO _IOWR('S', 0xf0, struct sndfuse_hello)

/* PAUSE with its value behind a pointer (the kernel's SNDRV_PCM_IOCTL_PAUSE takes it by value). */
#define SNDFUSE_IOCTL_PCM_PAUSE _IOW('S', 0xf1, int)

/* LINK with the other stream named by its HELLO token (the kernel's SNDRV_PCM_IOCTL_LINK takes an fd by
 * value, which the daemon could not resolve anyway). */
struct sndfuse_link {
	uint64_t token;
};
#define SNDFUSE_IOCTL_PCM_LINK _IOW('S', 0xf2, struct sndfuse_link)

/* ASYNC: the O_ASYNC state of the open file description after the caller's fcntl, as the kernel's VFS holds it
 * (F_GETFL & O_ASYNC, F_GETSIG, F_GETOWN_EX), so the daemon signals the owner once per event the kernel's
 * kill_fasync would (docs/preload.md, "SIGIO"). fd is the descriptor number for si_fd (the one O_ASYNC was
 * switched on through, as fasync_helper records it), or -1 to keep the one the daemon has. Served by timer, PCM
 * and control nodes; EINVAL for a signal number F_SETSIG refuses, ESRCH/EPERM when the owner cannot be
 * signalled (the library ignores these: the kernel's F_SETOWN also succeeds and the signal never comes). */
struct sndfuse_async {
	int32_t on;
	int32_t signo;       /* F_GETSIG: 0 = plain SIGIO */
	int32_t owner_type;  /* F_OWNER_TID 0, F_OWNER_PID 1, F_OWNER_PGRP 2 (process groups get nothing) */
	int32_t owner;       /* 0 = no owner: nothing is sent */
	int32_t fd;
	int32_t pid;         /* the caller's getpid() */
	int32_t reserved[2];
};
#define SNDFUSE_IOCTL_ASYNC _IOW('S', 0xf4, struct sndfuse_async)

/* PCM_MMAP: the memory behind a PCM mapping (docs/mmap.md). The library asks before it maps any offset of a PCM
 * descriptor: the data buffer (SNDRV_PCM_MMAP_OFFSET_DATA and up), the status page or the control page (the
 * _OLD and _NEW offsets). The daemon applies the kernel's checks (snd_pcm_mmap_data: EBADFD before HW_PARAMS,
 * ENXIO without INFO_MMAP, EINVAL for an RW access or a range outside the buffer; snd_pcm_mmap_status/control:
 * EINVAL unless one readable page) and sends a sealed memfd holding that memory to `sock`, one end of a unix
 * socket pair the caller made (SCM_RIGHTS; the daemon takes the end with pidfd_getfd and checks SO_PEERCRED:
 * EPERM for a pair that is not the caller's). The library maps the received descriptor at file_offset;
 * SNDFUSE_MMAP_READ_ONLY (the status page) means without PROT_WRITE. */
struct sndfuse_mmap {
	uint64_t offset;      /* in: the mmap offset */
	uint64_t length;      /* in: the mapping's length in bytes */
	uint32_t prot;        /* in: PROT_READ | PROT_WRITE of the mapping */
	int32_t sock;         /* in: the caller's end of its socket pair */
	uint64_t size;        /* out: the memory's size (whole pages) */
	uint64_t file_offset; /* out: where in the received descriptor the mapping starts */
	uint32_t flags;       /* out: SNDFUSE_MMAP_READ_ONLY */
	uint32_t reserved;
};
#define SNDFUSE_MMAP_READ_ONLY 1
#define SNDFUSE_IOCTL_PCM_MMAP _IOWR('S', 0xf5, struct sndfuse_mmap)

#endif
