/* SPDX-License-Identifier: MIT */
/*
 * sndfuse/utimer.h - ALSA timer ABI additions used by the sndfuse selftests.
 *
 * The distribution's <sound/asound.h> may predate the userspace-driven
 * timers ("utimers", Linux 6.12).  This header pulls in <sound/asound.h>
 * and adds what is missing, each item guarded so that a newer header wins.
 * It also pins the x86_64 struct layouts and request numbers the emulation
 * speaks with compile-time assertions.
 *
 * sndfuse deviation: CREATE binds the new utimer to the open file
 * description it was issued on.  The returned uinfo.fd is -1 and TRIGGER
 * must be issued on that same descriptor; closing its last reference
 * destroys the timer.  A real kernel returns a fresh fd (>= 0) instead.
 */
#ifndef SNDFUSE_UTIMER_H
#define SNDFUSE_UTIMER_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/types.h>
#include <sound/asound.h>

#ifndef SNDRV_TIMER_GLOBAL_UDRIVEN
#define SNDRV_TIMER_GLOBAL_UDRIVEN	4
#endif

#ifndef SNDRV_TIMER_IOCTL_TREAD64
#define SNDRV_TIMER_IOCTL_TREAD64	_IOW('T', 0xa4, int)
#endif

#ifndef SNDRV_TIMER_IOCTL_CREATE
/* Argument of SNDRV_TIMER_IOCTL_CREATE (32 bytes on every ABI). */
struct snd_timer_uinfo {
	__u64 resolution;		/* in: tick period in ns (must be > 0) */
	int fd;				/* out: utimer fd (sndfuse: always -1) */
	unsigned int id;		/* out: utimer id 0..127 = subdevice */
	unsigned char reserved[16];
};
#define SNDRV_TIMER_IOCTL_CREATE	_IOWR('T', 0xa5, struct snd_timer_uinfo)
#endif

#ifndef SNDRV_TIMER_IOCTL_TRIGGER
#define SNDRV_TIMER_IOCTL_TRIGGER	_IO('T', 0xa6)
#endif

/* Protocol version of kernels that know utimers (2.0.8). */
#define SNDFUSE_TIMER_UTIMER_VERSION	SNDRV_PROTOCOL_VERSION(2, 0, 8)
/* Number of utimer ids (0..127). */
#define SNDFUSE_UTIMERS_MAX		128
/* Event bits PARAMS accepts in filter (EARLY and unknown bits are refused). */
#define SNDFUSE_TIMER_FILTER_VALID	0x0006F1BFu

#if defined(__x86_64__)
/* struct sizes */
_Static_assert(sizeof(struct snd_timer_id) == 20, "snd_timer_id");
_Static_assert(sizeof(struct snd_timer_ginfo) == 248, "snd_timer_ginfo");
_Static_assert(sizeof(struct snd_timer_gparams) == 72, "snd_timer_gparams");
_Static_assert(sizeof(struct snd_timer_gstatus) == 80, "snd_timer_gstatus");
_Static_assert(sizeof(struct snd_timer_select) == 52, "snd_timer_select");
_Static_assert(sizeof(struct snd_timer_info) == 232, "snd_timer_info");
_Static_assert(sizeof(struct snd_timer_params) == 80, "snd_timer_params");
_Static_assert(sizeof(struct snd_timer_status) == 96, "snd_timer_status");
_Static_assert(sizeof(struct snd_timer_read) == 8, "snd_timer_read");
_Static_assert(sizeof(struct snd_timer_tread) == 32, "snd_timer_tread");
_Static_assert(sizeof(struct snd_timer_uinfo) == 32, "snd_timer_uinfo");

/* field offsets */
_Static_assert(offsetof(struct snd_timer_ginfo, flags) == 20, "ginfo.flags");
_Static_assert(offsetof(struct snd_timer_ginfo, card) == 24, "ginfo.card");
_Static_assert(offsetof(struct snd_timer_ginfo, id) == 28, "ginfo.id");
_Static_assert(offsetof(struct snd_timer_ginfo, name) == 92, "ginfo.name");
_Static_assert(offsetof(struct snd_timer_ginfo, resolution) == 184, "ginfo.resolution");
_Static_assert(offsetof(struct snd_timer_ginfo, clients) == 208, "ginfo.clients");
_Static_assert(offsetof(struct snd_timer_gparams, period_num) == 24, "gparams.period_num");
_Static_assert(offsetof(struct snd_timer_gstatus, resolution) == 24, "gstatus.resolution");
_Static_assert(offsetof(struct snd_timer_gstatus, resolution_den) == 40, "gstatus.resolution_den");
_Static_assert(offsetof(struct snd_timer_info, id) == 8, "info.id");
_Static_assert(offsetof(struct snd_timer_info, name) == 72, "info.name");
_Static_assert(offsetof(struct snd_timer_info, resolution) == 160, "info.resolution");
_Static_assert(offsetof(struct snd_timer_params, queue_size) == 8, "params.queue_size");
_Static_assert(offsetof(struct snd_timer_params, filter) == 16, "params.filter");
_Static_assert(offsetof(struct snd_timer_status, resolution) == 16, "status.resolution");
_Static_assert(offsetof(struct snd_timer_status, lost) == 20, "status.lost");
_Static_assert(offsetof(struct snd_timer_status, overrun) == 24, "status.overrun");
_Static_assert(offsetof(struct snd_timer_status, queue) == 28, "status.queue");
_Static_assert(offsetof(struct snd_timer_read, ticks) == 4, "read.ticks");
_Static_assert(offsetof(struct snd_timer_tread, tstamp) == 8, "tread.tstamp");
_Static_assert(offsetof(struct snd_timer_tread, val) == 24, "tread.val");
_Static_assert(offsetof(struct snd_timer_uinfo, fd) == 8, "uinfo.fd");
_Static_assert(offsetof(struct snd_timer_uinfo, id) == 12, "uinfo.id");

/* request numbers as seen on the wire */
_Static_assert(SNDRV_TIMER_IOCTL_PVERSION == 0x80045400u, "PVERSION");
_Static_assert(SNDRV_TIMER_IOCTL_NEXT_DEVICE == 0xC0145401u, "NEXT_DEVICE");
_Static_assert(SNDRV_TIMER_IOCTL_TREAD_OLD == 0x40045402u, "TREAD_OLD");
_Static_assert(SNDRV_TIMER_IOCTL_GINFO == 0xC0F85403u, "GINFO");
_Static_assert(SNDRV_TIMER_IOCTL_GPARAMS == 0x40485404u, "GPARAMS");
_Static_assert(SNDRV_TIMER_IOCTL_GSTATUS == 0xC0505405u, "GSTATUS");
_Static_assert(SNDRV_TIMER_IOCTL_SELECT == 0x40345410u, "SELECT");
_Static_assert(SNDRV_TIMER_IOCTL_INFO == 0x80E85411u, "INFO");
_Static_assert(SNDRV_TIMER_IOCTL_PARAMS == 0x40505412u, "PARAMS");
_Static_assert(SNDRV_TIMER_IOCTL_STATUS == 0x80605414u, "STATUS");
_Static_assert(SNDRV_TIMER_IOCTL_START == 0x54A0u, "START");
_Static_assert(SNDRV_TIMER_IOCTL_STOP == 0x54A1u, "STOP");
_Static_assert(SNDRV_TIMER_IOCTL_CONTINUE == 0x54A2u, "CONTINUE");
_Static_assert(SNDRV_TIMER_IOCTL_PAUSE == 0x54A3u, "PAUSE");
_Static_assert(SNDRV_TIMER_IOCTL_TREAD64 == 0x400454A4u, "TREAD64");
_Static_assert(SNDRV_TIMER_IOCTL_CREATE == 0xC02054A5u, "CREATE");
_Static_assert(SNDRV_TIMER_IOCTL_TRIGGER == 0x54A6u, "TRIGGER");
#endif /* __x86_64__ */

/*
 * Path of the emulated timer node:
 *   $SNDFUSE_TIMER                 if set and non-empty, else
 *   $SNDFUSE_MOUNT/snd/timer       if SNDFUSE_MOUNT is set and non-empty, else
 *   /tmp/snd/snd/timer
 * The result lives in a buffer of the calling thread's own: parked-readers opens the node from 2,000 threads at
 * once, and a shared buffer being rewritten made one open in a few runs see a torn path (ENOENT).
 */
static inline const char *sndfuse_timer_path(void)
{
	static __thread char path[PATH_MAX];
	const char *env = getenv("SNDFUSE_TIMER");

	if (env && *env)
		return env;
	env = getenv("SNDFUSE_MOUNT");
	if (env && *env) {
		snprintf(path, sizeof(path), "%s/snd/timer", env);
		return path;
	}
	return "/tmp/snd/snd/timer";
}

/*
 * Open the timer node and listen to utimer id: SELECT it, PARAMS (AUTO, one
 * tick, queue_size records), START.  The descriptor, or -1 with errno.
 */
static inline int sndfuse_utimer_listen(int id, unsigned int queue_size)
{
	struct snd_timer_select sel;
	struct snd_timer_params p;
	int fd = open(sndfuse_timer_path(), O_RDONLY), e;

	if (fd < 0)
		return -1;
	memset(&sel, 0, sizeof(sel));
	sel.id.dev_class = SNDRV_TIMER_CLASS_GLOBAL;
	sel.id.card = -1;
	sel.id.device = SNDRV_TIMER_GLOBAL_UDRIVEN;
	sel.id.subdevice = id;
	memset(&p, 0, sizeof(p));
	p.flags = SNDRV_TIMER_PSFLG_AUTO;
	p.ticks = 1;
	p.queue_size = queue_size;
	if (ioctl(fd, SNDRV_TIMER_IOCTL_SELECT, &sel) < 0 || ioctl(fd, SNDRV_TIMER_IOCTL_PARAMS, &p) < 0 ||
	    ioctl(fd, SNDRV_TIMER_IOCTL_START) < 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

#endif /* SNDFUSE_UTIMER_H */
