/* SPDX-License-Identifier: MIT */
/* Small helpers shared by the sndfuse C selftests (raw ioctls, no alsa-lib). */
#ifndef SNDFUSE_TUTIL_H
#define SNDFUSE_TUTIL_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sndfuse/utimer.h>

static inline int64_t tu_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static inline int64_t tu_now_ms(void)
{
	return tu_now_ns() / 1000000LL;
}

static inline void tu_msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Symbolic name of the errno values the timer ABI uses. */
static inline const char *tu_errname(int e)
{
	switch (e) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EINTR: return "EINTR";
	case EIO: return "EIO";
	case EBADF: return "EBADF";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case EMFILE: return "EMFILE";
	case ENOTTY: return "ENOTTY";
	case ENOSPC: return "ENOSPC";
	case ENOSYS: return "ENOSYS";
	case ENOTCONN: return "ENOTCONN";
	case EBADFD: return "EBADFD";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	default: {
		static __thread char buf[32];
		snprintf(buf, sizeof(buf), "errno %d", e);
		return buf;
	}
	}
}

/* Open the emulated timer node (O_RDONLY|O_CLOEXEC plus extra flags). */
static inline int tu_open(int extra_flags)
{
	return open(sndfuse_timer_path(), O_RDONLY | O_CLOEXEC | extra_flags);
}

static inline struct snd_timer_id tu_tid(int dev_class, int sclass, int card,
					 int device, int subdevice)
{
	struct snd_timer_id id;

	memset(&id, 0, sizeof(id));
	id.dev_class = dev_class;
	id.dev_sclass = sclass;
	id.card = card;
	id.device = device;
	id.subdevice = subdevice;
	return id;
}

/* Global timer id (class GLOBAL, card -1). */
static inline struct snd_timer_id tu_gtid(int device, int subdevice)
{
	return tu_tid(SNDRV_TIMER_CLASS_GLOBAL, SNDRV_TIMER_SCLASS_NONE, -1,
		      device, subdevice);
}

static inline int tu_select(int fd, struct snd_timer_id id)
{
	struct snd_timer_select sel;

	memset(&sel, 0, sizeof(sel));
	sel.id = id;
	return ioctl(fd, SNDRV_TIMER_IOCTL_SELECT, &sel);
}

static inline int tu_select_global(int fd, int device, int subdevice)
{
	return tu_select(fd, tu_gtid(device, subdevice));
}

static inline int tu_params(int fd, unsigned int flags, unsigned int ticks,
			    unsigned int queue_size, unsigned int filter)
{
	struct snd_timer_params p;

	memset(&p, 0, sizeof(p));
	p.flags = flags;
	p.ticks = ticks;
	p.queue_size = queue_size;
	p.filter = filter;
	return ioctl(fd, SNDRV_TIMER_IOCTL_PARAMS, &p);
}

static inline int tu_ginfo(int fd, struct snd_timer_id id,
			   struct snd_timer_ginfo *gi)
{
	memset(gi, 0, sizeof(*gi));
	gi->tid = id;
	return ioctl(fd, SNDRV_TIMER_IOCTL_GINFO, gi);
}

/* CREATE a utimer on fd; on success *id gets its id, *ufd the returned fd. */
static inline int tu_create(int fd, uint64_t resolution, int *id, int *ufd)
{
	struct snd_timer_uinfo ui;
	int r;

	if (id)
		*id = -1;
	if (ufd)
		*ufd = -1;
	memset(&ui, 0, sizeof(ui));
	ui.resolution = resolution;
	ui.fd = -1;
	ui.id = (unsigned int)-1;
	r = ioctl(fd, SNDRV_TIMER_IOCTL_CREATE, &ui);
	if (r == 0) {
		if (id)
			*id = (int)ui.id;
		if (ufd)
			*ufd = ui.fd;
	}
	return r;
}

/*
 * The descriptor TRIGGER must be issued on: the fd CREATE returned when a
 * real kernel hands one out (>= 0), else (sndfuse) the fd CREATE ran on.
 */
static inline int tu_trigger_fd(int create_fd, int returned_fd)
{
	return returned_fd >= 0 ? returned_fd : create_fd;
}

static inline int tu_trigger(int fd)
{
	return ioctl(fd, SNDRV_TIMER_IOCTL_TRIGGER);
}

#endif /* SNDFUSE_TUTIL_H */
