/* SPDX-License-Identifier: MIT */
/*
 * sndfuse/pcm.h - raw-ioctl helpers for the emulated snd-aloop PCM nodes.
 *
 * Small static inline functions over the PCM ioctl ABI of <sound/asound.h>
 * (x86_64 layouts, protocol 2.0.15), no alsa-lib.  Every function returns
 * what ioctl() returns (-1 with errno set on failure) unless noted.
 *
 * Paths: the mount directory is $SNDFUSE_MOUNT (default /tmp/snd); the PCM
 * nodes are DIR/snd/pcmC0D<dev><p|c>, the control node DIR/snd/controlC0.
 *
 * Deviations of the PCM nodes over FUSE that these helpers code against:
 *  - mmap of the status/control pages is refused, so pointers and state are
 *    read with SYNC_PTR (as alsa-lib does when mmap fails) or STATUS;
 *  - PAUSE takes a POINTER to an int here (FUSE copies 4 bytes from the
 *    argument); the kernel takes the flag by value (the preload library
 *    rewrites it into SNDFUSE_IOCTL_PCM_PAUSE);
 *  - LINK by fd is refused (EINVAL): it goes through SNDFUSE_IOCTL_PCM_LINK
 *    with the other description's HELLO token (selftests/c/pcm-link.c).
 *
 * utimers: CREATE binds the timer to the descriptor it ran on (uinfo.fd comes
 * back -1); TRIGGER goes to that descriptor and closing it destroys the
 * timer.  On a real kernel CREATE returns a new fd, which is used instead.
 */
#ifndef SNDFUSE_PCM_H
#define SNDFUSE_PCM_H

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sndfuse/utimer.h>

/* ------------------------------------------------------------------ */
/* ABI pins (x86_64)                                                   */

#if defined(__x86_64__)
_Static_assert(sizeof(struct snd_pcm_info) == 288, "snd_pcm_info");
_Static_assert(sizeof(struct snd_pcm_hw_params) == 608, "snd_pcm_hw_params");
_Static_assert(sizeof(struct snd_pcm_sw_params) == 136, "snd_pcm_sw_params");
_Static_assert(sizeof(struct snd_pcm_status) == 152, "snd_pcm_status");
_Static_assert(sizeof(struct snd_pcm_sync_ptr) == 136, "snd_pcm_sync_ptr");
_Static_assert(sizeof(struct snd_xferi) == 24, "snd_xferi");
_Static_assert(offsetof(struct snd_pcm_info, subdevices_count) == 200, "info.subdevices_count");
_Static_assert(offsetof(struct snd_pcm_hw_params, intervals) == 260, "hw.intervals");
_Static_assert(offsetof(struct snd_pcm_hw_params, rmask) == 512, "hw.rmask");
_Static_assert(offsetof(struct snd_pcm_sw_params, start_threshold) == 32, "sw.start_threshold");
_Static_assert(offsetof(struct snd_pcm_sw_params, boundary) == 64, "sw.boundary");
_Static_assert(offsetof(struct snd_pcm_status, hw_ptr) == 48, "status.hw_ptr");
_Static_assert(offsetof(struct snd_pcm_status, avail) == 64, "status.avail");
_Static_assert(offsetof(struct snd_pcm_sync_ptr, c) == 72, "sync_ptr.c");
_Static_assert(SNDRV_PCM_IOCTL_PVERSION == 0x80044100u, "PVERSION");
_Static_assert(SNDRV_PCM_IOCTL_INFO == 0x81204101u, "INFO");
_Static_assert(SNDRV_PCM_IOCTL_HW_REFINE == 0xc2604110u, "HW_REFINE");
_Static_assert(SNDRV_PCM_IOCTL_HW_PARAMS == 0xc2604111u, "HW_PARAMS");
_Static_assert(SNDRV_PCM_IOCTL_SW_PARAMS == 0xc0884113u, "SW_PARAMS");
_Static_assert(SNDRV_PCM_IOCTL_STATUS == 0x80984120u, "STATUS");
_Static_assert(SNDRV_PCM_IOCTL_SYNC_PTR == 0xc0884123u, "SYNC_PTR");
_Static_assert(SNDRV_PCM_IOCTL_PAUSE == 0x40044145u, "PAUSE");
_Static_assert(SNDRV_PCM_IOCTL_WRITEI_FRAMES == 0x40184150u, "WRITEI_FRAMES");
_Static_assert(SNDRV_PCM_IOCTL_READI_FRAMES == 0x80184151u, "READI_FRAMES");
#endif

#define SP_PLAYBACK	SNDRV_PCM_STREAM_PLAYBACK	/* 0 */
#define SP_CAPTURE	SNDRV_PCM_STREAM_CAPTURE	/* 1 */

/* ------------------------------------------------------------------ */
/* paths and opening                                                   */

/* The mount directory: $SNDFUSE_MOUNT if set and non-empty, else /tmp/snd. */
static inline const char *sp_mount(void)
{
	const char *env = getenv("SNDFUSE_MOUNT");

	return env && *env ? env : "/tmp/snd";
}

/* DIR/<rel> in a caller buffer. */
static inline const char *sp_path(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/%s", sp_mount(), rel);
	return buf;
}

/* Path of the PCM node of a device/stream ("DIR/snd/pcmC0D1c"), static buffer. */
static inline const char *sp_node_path(int device, int stream)
{
	static __thread char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/snd/pcmC0D%d%c", sp_mount(), device,
		 stream == SP_PLAYBACK ? 'p' : 'c');
	return path;
}

/* Open a PCM node by path (O_RDWR|O_CLOEXEC plus extra flags); fd or -1. */
static inline int sp_open_path(const char *path, int extra_flags)
{
	return open(path, O_RDWR | O_CLOEXEC | extra_flags);
}

/* Open the first free substream of a device/stream; fd or -1. */
static inline int sp_open(int device, int stream, int extra_flags)
{
	return sp_open_path(sp_node_path(device, stream), extra_flags);
}

static inline int sp_info(int fd, struct snd_pcm_info *info)
{
	memset(info, 0, sizeof(*info));
	return ioctl(fd, SNDRV_PCM_IOCTL_INFO, info);
}

/* The subdevice number an open PCM descriptor got, or -1. */
static inline int sp_subdevice(int fd)
{
	struct snd_pcm_info info;

	return sp_info(fd, &info) < 0 ? -1 : (int)info.subdevice;
}

/*
 * Open one particular substream: PCM_PREFER_SUBDEVICE on the control node
 * (remembered for this process while the control descriptor stays open),
 * then open the PCM node.  Fails with EBUSY/EAGAIN if that substream is taken
 * and O_NONBLOCK is given; a different subdevice than asked for -> EBUSY.
 */
static inline int sp_open_sub(int device, int stream, int subdevice, int extra_flags)
{
	char cpath[PATH_MAX];
	int ctl, fd, e;

	ctl = open(sp_path(cpath, sizeof(cpath), "snd/controlC0"), O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return -1;
	if (ioctl(ctl, SNDRV_CTL_IOCTL_PCM_PREFER_SUBDEVICE, &subdevice) < 0) {
		e = errno;
		close(ctl);
		errno = e;
		return -1;
	}
	fd = sp_open(device, stream, extra_flags);
	e = errno;
	close(ctl);
	if (fd >= 0 && subdevice >= 0 && sp_subdevice(fd) != subdevice) {
		close(fd);
		fd = -1;
		e = EBUSY;
	}
	errno = e;
	return fd;
}

/* ------------------------------------------------------------------ */
/* hw_params                                                           */

/* Index of an interval parameter in hw_params.intervals[]. */
#define SP_IVAL(p)	((p) - SNDRV_PCM_HW_PARAM_FIRST_INTERVAL)

/* "any" configuration: every mask full, every interval [0, UINT_MAX], all requested. */
static inline void sp_hw_any(struct snd_pcm_hw_params *p)
{
	memset(p, 0, sizeof(*p));
	for (int m = 0; m <= SNDRV_PCM_HW_PARAM_LAST_MASK - SNDRV_PCM_HW_PARAM_FIRST_MASK; m++)
		memset(p->masks[m].bits, 0xff, sizeof(p->masks[m].bits));
	for (int i = 0; i <= SNDRV_PCM_HW_PARAM_LAST_INTERVAL - SNDRV_PCM_HW_PARAM_FIRST_INTERVAL; i++) {
		p->intervals[i].min = 0;
		p->intervals[i].max = UINT_MAX;
	}
	p->rmask = ~0u;
	p->cmask = 0;
	p->info = ~0u;
}

/* A mask parameter (ACCESS, FORMAT, SUBFORMAT) reduced to one value. */
static inline void sp_hw_set_mask(struct snd_pcm_hw_params *p, int param, unsigned int val)
{
	struct snd_mask *m = &p->masks[param - SNDRV_PCM_HW_PARAM_FIRST_MASK];

	memset(m->bits, 0, sizeof(m->bits));
	m->bits[val / 32] = 1u << (val % 32);
	p->rmask |= 1u << param;
}

/* An interval parameter reduced to one value [val, val], closed and integer. */
static inline void sp_hw_set_int(struct snd_pcm_hw_params *p, int param, unsigned int val)
{
	struct snd_interval *i = &p->intervals[SP_IVAL(param)];

	i->min = val;
	i->max = val;
	i->openmin = 0;
	i->openmax = 0;
	i->integer = 1;
	i->empty = 0;
	p->rmask |= 1u << param;
}

/* Lowest value of a mask parameter, -1 if empty. */
static inline int sp_hw_get_mask(const struct snd_pcm_hw_params *p, int param)
{
	const struct snd_mask *m = &p->masks[param - SNDRV_PCM_HW_PARAM_FIRST_MASK];

	for (unsigned int v = 0; v < 256; v++)
		if (m->bits[v / 32] & (1u << (v % 32)))
			return (int)v;
	return -1;
}

/* Whether a mask parameter contains a value. */
static inline int sp_hw_mask_has(const struct snd_pcm_hw_params *p, int param, unsigned int v)
{
	const struct snd_mask *m = &p->masks[param - SNDRV_PCM_HW_PARAM_FIRST_MASK];

	return (m->bits[v / 32] >> (v % 32)) & 1;
}

static inline unsigned int sp_hw_min(const struct snd_pcm_hw_params *p, int param)
{
	return p->intervals[SP_IVAL(param)].min;
}

static inline unsigned int sp_hw_max(const struct snd_pcm_hw_params *p, int param)
{
	return p->intervals[SP_IVAL(param)].max;
}

static inline void sp_hw_access(struct snd_pcm_hw_params *p, unsigned int access)
{
	sp_hw_set_mask(p, SNDRV_PCM_HW_PARAM_ACCESS, access);
}

static inline void sp_hw_format(struct snd_pcm_hw_params *p, unsigned int format)
{
	sp_hw_set_mask(p, SNDRV_PCM_HW_PARAM_FORMAT, format);
}

static inline void sp_hw_channels(struct snd_pcm_hw_params *p, unsigned int channels)
{
	sp_hw_set_int(p, SNDRV_PCM_HW_PARAM_CHANNELS, channels);
}

static inline void sp_hw_rate(struct snd_pcm_hw_params *p, unsigned int rate)
{
	sp_hw_set_int(p, SNDRV_PCM_HW_PARAM_RATE, rate);
}

static inline void sp_hw_period_size(struct snd_pcm_hw_params *p, unsigned int frames)
{
	sp_hw_set_int(p, SNDRV_PCM_HW_PARAM_PERIOD_SIZE, frames);
}

static inline void sp_hw_buffer_size(struct snd_pcm_hw_params *p, unsigned int frames)
{
	sp_hw_set_int(p, SNDRV_PCM_HW_PARAM_BUFFER_SIZE, frames);
}

static inline int sp_hw_refine(int fd, struct snd_pcm_hw_params *p)
{
	return ioctl(fd, SNDRV_PCM_IOCTL_HW_REFINE, p);
}

static inline int sp_hw_params(int fd, struct snd_pcm_hw_params *p)
{
	return ioctl(fd, SNDRV_PCM_IOCTL_HW_PARAMS, p);
}

static inline int sp_hw_free(int fd)
{
	return ioctl(fd, SNDRV_PCM_IOCTL_HW_FREE);
}

/* A stream configuration, as the tests use it. */
struct sp_config {
	unsigned int access;	/* SNDRV_PCM_ACCESS_* */
	unsigned int format;	/* SNDRV_PCM_FORMAT_* */
	unsigned int channels;
	unsigned int rate;
	unsigned int period;	/* frames */
	unsigned int buffer;	/* frames */
};

/* RW interleaved S16_LE stereo at rate with the given period/buffer sizes. */
static inline struct sp_config sp_config_s16(unsigned int rate, unsigned int period,
					     unsigned int buffer)
{
	struct sp_config c = {
		.access = SNDRV_PCM_ACCESS_RW_INTERLEAVED,
		.format = SNDRV_PCM_FORMAT_S16_LE,
		.channels = 2,
		.rate = rate,
		.period = period,
		.buffer = buffer,
	};
	return c;
}

/* Physical sample width in bits of the formats aloop offers; 0 if unknown. */
static inline int sp_format_width(unsigned int format)
{
	switch (format) {
	case SNDRV_PCM_FORMAT_S8:
	case SNDRV_PCM_FORMAT_U8:
		return 8;
	case SNDRV_PCM_FORMAT_S16_LE:
	case SNDRV_PCM_FORMAT_S16_BE:
	case SNDRV_PCM_FORMAT_U16_LE:
	case SNDRV_PCM_FORMAT_U16_BE:
		return 16;
	case SNDRV_PCM_FORMAT_S24_3LE:
	case SNDRV_PCM_FORMAT_S24_3BE:
		return 24;
	case SNDRV_PCM_FORMAT_S24_LE:
	case SNDRV_PCM_FORMAT_S24_BE:
	case SNDRV_PCM_FORMAT_S32_LE:
	case SNDRV_PCM_FORMAT_S32_BE:
	case SNDRV_PCM_FORMAT_FLOAT_LE:
	case SNDRV_PCM_FORMAT_FLOAT_BE:
		return 32;
	default:
		return 0;
	}
}

/* Bytes per frame of a configuration (whole-byte formats only). */
static inline unsigned int sp_frame_bytes(const struct sp_config *c)
{
	int w = sp_format_width(c->format);

	return w > 0 ? (unsigned int)w / 8 * c->channels : 0;
}

/*
 * HW_PARAMS with every listed value fixed; a 0 in period/buffer leaves
 * that size to the driver's choice.  *out (may be NULL) gets the result.
 */
static inline int sp_set_hw(int fd, const struct sp_config *c, struct snd_pcm_hw_params *out)
{
	struct snd_pcm_hw_params p;
	int r;

	sp_hw_any(&p);
	sp_hw_access(&p, c->access);
	sp_hw_format(&p, c->format);
	sp_hw_set_mask(&p, SNDRV_PCM_HW_PARAM_SUBFORMAT, SNDRV_PCM_SUBFORMAT_STD);
	sp_hw_channels(&p, c->channels);
	sp_hw_rate(&p, c->rate);
	if (c->period)
		sp_hw_period_size(&p, c->period);
	if (c->buffer)
		sp_hw_buffer_size(&p, c->buffer);
	r = sp_hw_params(fd, &p);
	if (out)
		*out = p;
	return r;
}

/* ------------------------------------------------------------------ */
/* sw_params                                                           */

/*
 * SW_PARAMS with the defaults HW_PARAMS installs (tstamp NONE, period_step
 * 1, no silence) but the given avail_min / start / stop thresholds.  Pass 0
 * for stop_threshold to mean "the boundary" (xruns disabled): the helper
 * first learns the boundary from a probe SW_PARAMS (the kernel returns it).
 * *boundary (may be NULL) gets the boundary.
 */
static inline int sp_set_sw(int fd, unsigned long avail_min, unsigned long start_threshold,
			    unsigned long stop_threshold, unsigned long *boundary)
{
	struct snd_pcm_sw_params sw;
	int r;

	memset(&sw, 0, sizeof(sw));
	sw.tstamp_mode = SNDRV_PCM_TSTAMP_NONE;
	sw.period_step = 1;
	sw.avail_min = avail_min ? avail_min : 1;
	sw.start_threshold = start_threshold;
	sw.stop_threshold = stop_threshold;
	sw.proto = SNDRV_PCM_VERSION;
	sw.tstamp_type = SNDRV_PCM_TSTAMP_TYPE_GETTIMEOFDAY;
	if (stop_threshold == 0) {
		/* probe with a harmless threshold to learn the boundary */
		sw.stop_threshold = ~0ul >> 1;
		r = ioctl(fd, SNDRV_PCM_IOCTL_SW_PARAMS, &sw);
		if (r < 0)
			return r;
		sw.stop_threshold = sw.boundary;
	}
	r = ioctl(fd, SNDRV_PCM_IOCTL_SW_PARAMS, &sw);
	if (r == 0 && boundary)
		*boundary = sw.boundary;
	return r;
}

/* ------------------------------------------------------------------ */
/* state changes                                                       */

static inline int sp_prepare(int fd) { return ioctl(fd, SNDRV_PCM_IOCTL_PREPARE); }
static inline int sp_start(int fd)   { return ioctl(fd, SNDRV_PCM_IOCTL_START); }
static inline int sp_drop(int fd)    { return ioctl(fd, SNDRV_PCM_IOCTL_DROP); }
static inline int sp_drain(int fd)   { return ioctl(fd, SNDRV_PCM_IOCTL_DRAIN); }
static inline int sp_reset(int fd)   { return ioctl(fd, SNDRV_PCM_IOCTL_RESET); }
static inline int sp_hwsync(int fd)  { return ioctl(fd, SNDRV_PCM_IOCTL_HWSYNC); }

/* PAUSE push (on != 0) / release.  sndfuse: the flag goes by pointer. */
static inline int sp_pause(int fd, int on)
{
	int flag = on ? 1 : 0;

	return ioctl(fd, SNDRV_PCM_IOCTL_PAUSE, &flag);
}

static inline int sp_pversion(int fd, int *version)
{
	return ioctl(fd, SNDRV_PCM_IOCTL_PVERSION, version);
}

/* ------------------------------------------------------------------ */
/* status and pointers                                                 */

/* STATUS ioctl (64-bit time layout on x86_64). */
static inline int sp_status(int fd, struct snd_pcm_status *st)
{
	memset(st, 0, sizeof(*st));
	return ioctl(fd, SNDRV_PCM_IOCTL_STATUS, st);
}

/*
 * SYNC_PTR that only reads: hardware pointer update (HWSYNC, which fails
 * with EPIPE in XRUN) if hwsync, and appl_ptr / avail_min read back (APPL,
 * AVAIL_MIN set, so nothing is pushed).
 */
static inline int sp_sync_ptr(int fd, int hwsync, struct snd_pcm_sync_ptr *sp)
{
	memset(sp, 0, sizeof(*sp));
	sp->flags = SNDRV_PCM_SYNC_PTR_APPL | SNDRV_PCM_SYNC_PTR_AVAIL_MIN |
		    (hwsync ? SNDRV_PCM_SYNC_PTR_HWSYNC : 0);
	return ioctl(fd, SNDRV_PCM_IOCTL_SYNC_PTR, sp);
}

/* Current state (SNDRV_PCM_STATE_*), or -1 with errno. */
static inline int sp_state(int fd)
{
	struct snd_pcm_sync_ptr sp;

	if (sp_sync_ptr(fd, 0, &sp) < 0)
		return -1;
	return (int)sp.s.status.state;
}

/* Up-to-date hw_ptr through SYNC_PTR (no hwsync outside RUNNING/DRAINING). */
static inline long sp_hw_ptr(int fd)
{
	struct snd_pcm_sync_ptr sp;
	int st = sp_state(fd);

	if (st < 0)
		return -1;
	if (sp_sync_ptr(fd, st == SNDRV_PCM_STATE_RUNNING || st == SNDRV_PCM_STATE_DRAINING, &sp) < 0)
		return -1;
	return (long)sp.s.status.hw_ptr;
}

/* Frames available (STATUS avail), or -1 with errno. */
static inline long sp_avail(int fd)
{
	struct snd_pcm_status st;

	if (sp_status(fd, &st) < 0)
		return -1;
	return (long)st.avail;
}

static inline const char *sp_state_name(int state)
{
	static const char *const names[] = {
		"OPEN", "SETUP", "PREPARED", "RUNNING", "XRUN", "DRAINING",
		"PAUSED", "SUSPENDED", "DISCONNECTED",
	};

	return state >= 0 && state <= 8 ? names[state] : "?";
}

/* ------------------------------------------------------------------ */
/* transfers                                                           */

/* WRITEI_FRAMES: frames written (xferi.result), or -1 with errno. */
static inline long sp_writei(int fd, const void *buf, unsigned long frames)
{
	struct snd_xferi x;

	memset(&x, 0, sizeof(x));
	x.buf = (void *)buf;
	x.frames = frames;
	if (ioctl(fd, SNDRV_PCM_IOCTL_WRITEI_FRAMES, &x) < 0)
		return -1;
	return (long)x.result;
}

/* READI_FRAMES: frames read (xferi.result), or -1 with errno. */
static inline long sp_readi(int fd, void *buf, unsigned long frames)
{
	struct snd_xferi x;

	memset(&x, 0, sizeof(x));
	x.buf = buf;
	x.frames = frames;
	if (ioctl(fd, SNDRV_PCM_IOCTL_READI_FRAMES, &x) < 0)
		return -1;
	return (long)x.result;
}

/* WRITEN_FRAMES: one buffer per channel (bufs[c] NULL = silence); frames written, or -1 with errno. */
static inline long sp_writen(int fd, void **bufs, unsigned long frames)
{
	struct snd_xfern x;

	memset(&x, 0, sizeof(x));
	x.bufs = bufs;
	x.frames = frames;
	if (ioctl(fd, SNDRV_PCM_IOCTL_WRITEN_FRAMES, &x) < 0)
		return -1;
	return (long)x.result;
}

/* READN_FRAMES: one buffer per channel; frames read, or -1 with errno. */
static inline long sp_readn(int fd, void **bufs, unsigned long frames)
{
	struct snd_xfern x;

	memset(&x, 0, sizeof(x));
	x.bufs = bufs;
	x.frames = frames;
	if (ioctl(fd, SNDRV_PCM_IOCTL_READN_FRAMES, &x) < 0)
		return -1;
	return (long)x.result;
}

/*
 * Write all of len bytes with write(), retrying after short writes and
 * EINTR; returns len or -1 (errno) if nothing at all could be written
 * (else the bytes written before the error).
 */
static inline ssize_t sp_write_all(int fd, const void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(fd, (const char *)buf + done, len - done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return done ? (ssize_t)done : -1;
		}
		done += (size_t)n;
	}
	return (ssize_t)done;
}

/* read() counterpart of sp_write_all. */
static inline ssize_t sp_read_all(int fd, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, (char *)buf + done, len - done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return done ? (ssize_t)done : -1;
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

/* ------------------------------------------------------------------ */
/* timing                                                              */

static inline unsigned long sp_gcd(unsigned long a, unsigned long b)
{
	while (b) {
		unsigned long t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/*
 * The period time in ns exactly as the PCM core derives a stream's timer
 * resolution: reduce 1e9/rate by their gcd, then rate/period by theirs,
 * halve the numerator (remembering the factor) while numerator x period
 * would overflow 64 bits, and divide.  48000 Hz x 960 -> 20000000,
 * 48000 x 1024 -> 21333333, 8000 x 4410 -> 551250000.  0 if rate or period
 * is 0.  A utimer clocking the loopback must have exactly this resolution.
 */
static inline unsigned long sp_period_ns(unsigned long rate, unsigned long period)
{
	unsigned long num = 1000000000ul, den = rate, frames = period, scale = 1, g;

	if (!rate || !period)
		return 0;
	g = sp_gcd(num, den);
	num /= g;
	den /= g;
	g = sp_gcd(den, frames);
	den /= g;
	frames /= g;
	while (num && frames && num > ULONG_MAX / frames) {
		num /= 2;
		scale *= 2;
	}
	return num * frames / den * scale;
}

/* ------------------------------------------------------------------ */
/* utimers and the loopback clock                                      */

/*
 * Create a utimer of resolution ns.  Returns the descriptor TRIGGER must be
 * issued on (sndfuse: the creating descriptor; kernel: the returned fd) and
 * stores the id in *id; -1 with errno on failure.  Closing the returned
 * descriptor destroys the timer (*ctl_fd, may be NULL, gets the creating
 * descriptor when it differs, else -1: close it too).
 */
static inline int sp_utimer_create(unsigned long resolution, int *id, int *ctl_fd)
{
	struct snd_timer_uinfo ui;
	int fd, e;

	if (ctl_fd)
		*ctl_fd = -1;
	fd = open(sndfuse_timer_path(), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	memset(&ui, 0, sizeof(ui));
	ui.resolution = resolution;
	ui.fd = -1;
	if (ioctl(fd, SNDRV_TIMER_IOCTL_CREATE, &ui) < 0) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (id)
		*id = (int)ui.id;
	if (ui.fd >= 0) {
		if (ctl_fd)
			*ctl_fd = fd;
		else
			close(fd);
		return ui.fd;
	}
	return fd;
}

static inline int sp_utimer_trigger(int fd)
{
	return ioctl(fd, SNDRV_TIMER_IOCTL_TRIGGER);
}

/*
 * Write the loopback card's timer source (DIR/proc/asound/card0/timer_source):
 * "" = system clock, "-1.4.<id>" = utimer <id>.  Applies to cables created
 * afterwards.  0 or -1 with errno.
 */
static inline int sp_set_timer_source(const char *src)
{
	char path[PATH_MAX], line[80];
	int fd, n, e;

	fd = open(sp_path(path, sizeof(path), "proc/asound/card0/timer_source"), O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = snprintf(line, sizeof(line), "%s\n", src);
	if (write(fd, line, (size_t)n) != n) {
		e = errno;
		close(fd);
		errno = e ? e : EIO;
		return -1;
	}
	return close(fd);
}

/* Point the loopback at utimer id (writes "-1.4.<id>"). */
static inline int sp_use_utimer(int id)
{
	char src[32];

	snprintf(src, sizeof(src), "-1.4.%d", id);
	return sp_set_timer_source(src);
}

/*
 * Read a small text file below the mount (e.g. "proc/asound/card0/pcm0p/
 * sub0/status") into buf (NUL-terminated); bytes read or -1.
 */
static inline ssize_t sp_read_text(const char *rel, char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n, total = 0;
	int fd, e;

	fd = open(sp_path(path, sizeof(path), rel), O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	while ((size_t)total + 1 < len && (n = read(fd, buf + total, len - 1 - (size_t)total)) > 0)
		total += n;
	e = errno;
	close(fd);
	buf[total] = '\0';
	errno = e;
	return total;
}

#endif /* SNDFUSE_PCM_H */
