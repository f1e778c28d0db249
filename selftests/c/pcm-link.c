// SPDX-License-Identifier: MIT
/*
 * pcm-link - PAUSE and LINK as the preload library sends them, issued here directly without the library:
 * SNDFUSE_IOCTL_PCM_PAUSE (the flag behind a pointer) and SNDFUSE_IOCTL_PCM_LINK (the other stream named by
 * the HELLO token of its open file description). Checks the kernel's pause rules and errnos, a position frozen
 * while paused with no frame lost across pause(1)/pause(0) (byte-exact through a utimer-clocked cable), linked
 * playback and capture on different cables starting, pausing and stopping together with one trigger
 * timestamp, a closing member stopping and leaving its group, and LINK/UNLINK's errnos.
 * Each check runs in its own process (check.h); afterwards the card's timer_source is put back.
 * usage: SNDFUSE_MOUNT=DIR pcm-link        TAP output, exit 1 on any failure
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <sndfuse/pcm.h>
#include "tutil.h"
#include "../../preload/src/sndfuse-private.h"

#define CHECK_ERRNAME(e) ((e) == EALREADY ? "EALREADY" : (e) == EPIPE ? "EPIPE" : tu_errname(e))
#include "check.h"

#define RATE		48000u
#define PERIOD		960u		/* 20 ms at 48 kHz */
#define PBYTES		(PERIOD * 4u)	/* S16_LE stereo */

static char g_saved_source[128];

#define STATE(fd, want) do {							\
	int _s = sp_state(fd);							\
	if (_s != (want))							\
		FAILF("state of %s is %s, expected %s", #fd,			\
		      _s < 0 ? tu_errname(errno) : sp_state_name(_s), sp_state_name(want)); \
} while (0)

static int pcm_pause(int fd, int push)
{
	return ioctl(fd, SNDFUSE_IOCTL_PCM_PAUSE, &push);
}

/* The HELLO token of fd's open file description, or 0. */
static uint64_t token_of(int fd)
{
	struct sndfuse_hello h = { .version = SNDFUSE_PRIVATE_VERSION };

	return ioctl(fd, SNDFUSE_IOCTL_HELLO, &h) < 0 || h.kind != SNDFUSE_NODE_PCM ? 0 : h.token;
}

static int pcm_link_token(int fd, uint64_t token)
{
	struct sndfuse_link l = { .token = token };

	return ioctl(fd, SNDFUSE_IOCTL_PCM_LINK, &l);
}

static int pcm_link(int fd, int other)
{
	return pcm_link_token(fd, token_of(other));
}

static int64_t trigger_ns(int fd)
{
	struct snd_pcm_status st;

	if (sp_status(fd, &st) < 0)
		return -1;
	return (int64_t)st.trigger_tstamp.tv_sec * 1000000000 + st.trigger_tstamp.tv_nsec;
}

/* An end configured S16_LE 2ch 48 kHz, PERIOD frames a period, `periods` periods; start at `start` frames. */
static int setup_end(int fd, unsigned int periods, unsigned long start)
{
	struct sp_config c = sp_config_s16(RATE, PERIOD, periods * PERIOD);

	if (sp_set_hw(fd, &c, NULL) < 0)
		return -1;
	return sp_set_sw(fd, PERIOD, start, 0, NULL); /* stop_threshold = boundary: no xrun */
}

static long wait_avail(int fd, long want)
{
	int64_t end = tu_now_ms() + 5000;
	long a;

	while ((a = sp_avail(fd)) >= 0 && a < want && tu_now_ms() < end)
		tu_msleep(2);
	return a;
}

/* Whether proc/asound/card0/<rel>/status reads "closed" within 5 s (the release is asynchronous to close()). */
static bool wait_closed(const char *rel)
{
	char path[96], buf[256];
	int64_t end = tu_now_ms() + 5000;

	snprintf(path, sizeof(path), "proc/asound/card0/%s/status", rel);
	while (sp_read_text(path, buf, sizeof(buf)) < 0 || strcmp(buf, "closed\n") != 0) {
		if (tu_now_ms() >= end)
			return false;
		tu_msleep(5);
	}
	return true;
}

/* ------------------------------------------------------------------ */

static int chk_pause_rules(long unused)
{
	static unsigned char data[8 * PBYTES];
	int64_t t0, t1;
	int fd, two = 2;

	(void)unused;
	OK(sp_set_timer_source(""));
	fd = sp_open_sub(0, SP_PLAYBACK, 0, 0);
	REQUIRE(fd >= 0, "open: %s", tu_errname(errno));
	/* No SNDRV_PCM_INFO_PAUSE before HW_PARAMS: the kernel's ENOSYS, which FUSE turns into ENOTTY for an
	 * ioctl (the preload library turns it back). */
	ERR(pcm_pause(fd, 1), ENOTTY);
	OK(setup_end(fd, 8, 1));
	ERR(pcm_pause(fd, 1), EBADFD);			/* SETUP */
	ERR(pcm_pause(fd, 0), EBADFD);
	OK(sp_prepare(fd));
	ERR(pcm_pause(fd, 1), EBADFD);			/* PREPARED */
	REQUIRE(write(fd, data, sizeof(data)) == (ssize_t)sizeof(data), "write: %s", tu_errname(errno));
	STATE(fd, SNDRV_PCM_STATE_RUNNING);
	ERR(pcm_pause(fd, 0), EBADFD);			/* release of a running stream */
	t0 = trigger_ns(fd);
	tu_msleep(5);
	OK(ioctl(fd, SNDFUSE_IOCTL_PCM_PAUSE, &two));	/* any non-zero value pushes */
	STATE(fd, SNDRV_PCM_STATE_PAUSED);
	t1 = trigger_ns(fd);
	REQUIRE(t1 > t0, "the push did not stamp the trigger time (%" PRId64 " -> %" PRId64 ")", t0, t1);
	ERR(pcm_pause(fd, 1), EBADFD);
	/* The kernel's number by value: FUSE fails it before the daemon (the library rewrites it). */
	ERR(ioctl(fd, SNDRV_PCM_IOCTL_PAUSE, 0), EFAULT);
	STATE(fd, SNDRV_PCM_STATE_PAUSED);
	OK(pcm_pause(fd, 0));
	STATE(fd, SNDRV_PCM_STATE_RUNNING);
	REQUIRE(trigger_ns(fd) > t1, "the release did not stamp the trigger time");
	OK(sp_drop(fd));
	close(fd);
	return 0;
}

/*
 * A utimer clocks the cable, one period per TRIGGER. The playback pauses after 2 of its 4 periods: while it is
 * paused its hw_ptr stays, and the capture (still running) gets silence; after the release the periods written
 * before the pause arrive. Captured: P1 P2 silence silence P3 P4, byte for byte.
 */
static int chk_pause_frozen_byte_exact(long unused)
{
	static unsigned char out[4 * PBYTES], in[6 * PBYTES], want[6 * PBYTES];
	struct snd_pcm_status st;
	int tfd, id = -1, p, c;

	(void)unused;
	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (unsigned char)(i * 7 + i / 251 + 1);
	tfd = sp_utimer_create(sp_period_ns(RATE, PERIOD), &id, NULL);
	REQUIRE(tfd >= 0, "utimer: %s", tu_errname(errno));
	OK(sp_use_utimer(id));
	p = sp_open_sub(0, SP_PLAYBACK, 1, 0);
	c = sp_open_sub(1, SP_CAPTURE, 1, 0);
	REQUIRE(p >= 0 && c >= 0, "open the cable of subdevice 1: %s", tu_errname(errno));
	OK(setup_end(p, 8, 1));
	OK(setup_end(c, 8, 1));
	OK(sp_prepare(p));
	OK(sp_prepare(c));
	OK(sp_start(c));
	REQUIRE(write(p, out, sizeof(out)) == (ssize_t)sizeof(out), "write: %s", tu_errname(errno));
	STATE(p, SNDRV_PCM_STATE_RUNNING);
	for (int i = 0; i < 2; i++)
		OK(sp_utimer_trigger(tfd));
	REQUIRE(wait_avail(c, 2 * PERIOD) == 2 * PERIOD, "capture after 2 triggers");
	OK(pcm_pause(p, 1));
	STATE(p, SNDRV_PCM_STATE_PAUSED);
	REQUIRE(sp_hw_ptr(p) == 2 * PERIOD, "paused at hw_ptr %ld, expected %u", sp_hw_ptr(p), 2 * PERIOD);
	for (int i = 0; i < 2; i++)
		OK(sp_utimer_trigger(tfd));
	REQUIRE(wait_avail(c, 4 * PERIOD) == 4 * PERIOD, "capture after 4 triggers");
	OK(sp_status(p, &st));
	REQUIRE(st.hw_ptr == 2 * PERIOD && st.state == SNDRV_PCM_STATE_PAUSED,
		"playback moved while paused: hw_ptr %lu state %s", st.hw_ptr, sp_state_name(st.state));
	OK(pcm_pause(p, 0));
	STATE(p, SNDRV_PCM_STATE_RUNNING);
	for (int i = 0; i < 2; i++)
		OK(sp_utimer_trigger(tfd));
	REQUIRE(wait_avail(c, 6 * PERIOD) == 6 * PERIOD, "capture after 6 triggers");
	REQUIRE(sp_hw_ptr(p) == 4 * PERIOD, "playback hw_ptr %ld after the release, expected %u", sp_hw_ptr(p),
		4 * PERIOD);
	REQUIRE(read(c, in, sizeof(in)) == (ssize_t)sizeof(in), "read: %s", tu_errname(errno));
	memcpy(want, out, 2 * PBYTES);
	memset(want + 2 * PBYTES, 0, 2 * PBYTES);
	memcpy(want + 4 * PBYTES, out + 2 * PBYTES, 2 * PBYTES);
	for (size_t i = 0; i < sizeof(in); i++)
		REQUIRE(in[i] == want[i], "captured byte %zu (period %zu) is %u, expected %u", i, i / PBYTES + 1,
			in[i], want[i]);
	close(p);
	close(c);
	close(tfd);
	return 0;
}

static int chk_link_errnos(long unused)
{
	int p, c, p2, tfd, fds[2];
	uint64_t tp, tc, t2;

	(void)unused;
	OK(sp_set_timer_source(""));
	p = sp_open_sub(0, SP_PLAYBACK, 2, 0);
	c = sp_open_sub(0, SP_CAPTURE, 2, 0);
	p2 = sp_open_sub(1, SP_PLAYBACK, 3, 0);
	REQUIRE(p >= 0 && c >= 0 && p2 >= 0, "open: %s", tu_errname(errno));
	tp = token_of(p);
	tc = token_of(c);
	REQUIRE(tp && tc && tp != tc, "HELLO tokens %" PRIu64 " and %" PRIu64, tp, tc);
	ERR(pcm_link_token(p, 0), EBADFD);		/* no open PCM */
	ERR(pcm_link_token(p, tp + tc + 1000), EBADFD);
	ERR(pcm_link_token(p, tp), EINVAL);		/* the same substream */
	ERR(pcm_link(p, c), EBADFD);			/* OPEN */
	OK(setup_end(p, 4, 1));
	ERR(pcm_link(p, c), EBADFD);			/* SETUP with OPEN */
	OK(setup_end(c, 4, 1));
	OK(sp_prepare(c));
	ERR(pcm_link(p, c), EBADFD);			/* SETUP with PREPARED */
	OK(sp_prepare(p));
	ERR(ioctl(p, SNDRV_PCM_IOCTL_UNLINK), EALREADY);
	ERR(ioctl(p, SNDRV_PCM_IOCTL_LINK, &c), EINVAL);	/* the kernel's number: an fd means nothing here */
	OK(pcm_link(p, c));
	ERR(pcm_link(p, c), EALREADY);
	ERR(pcm_link(c, p), EALREADY);
	OK(ioctl(c, SNDRV_PCM_IOCTL_UNLINK));
	ERR(ioctl(p, SNDRV_PCM_IOCTL_UNLINK), EALREADY);	/* a group of one is dissolved */
	/* a closed description's token names nothing (p2 in p's state, so only its release can refuse it) */
	t2 = token_of(p2);
	OK(setup_end(p2, 4, 1));
	OK(sp_prepare(p2));
	close(p2);
	REQUIRE(wait_closed("pcm1p/sub3"), "pcm1p/sub3 still open 5 s after close");
	ERR(pcm_link_token(p, t2), EBADFD);
	/* so does a timer's or a pipe's descriptor */
	tfd = open(sndfuse_timer_path(), O_RDONLY);
	REQUIRE(tfd >= 0 && pipe(fds) == 0, "open a timer and a pipe");
	ERR(pcm_link(p, tfd), EBADFD);
	ERR(pcm_link(p, fds[0]), EBADFD);
	close(tfd);
	close(fds[0]);
	close(fds[1]);
	close(p);
	close(c);
	return 0;
}

/*
 * Playback and capture of `device`'s substream `sub` (two cables: the playback feeds the other device, the
 * capture is fed by it), system clock, 8 periods, prepared; the playback starts by a write when `autostart`.
 */
static int open_prepared_pair(int device, int sub, bool autostart, int *p, int *c)
{
	unsigned long boundary = 0;

	if (sp_set_timer_source("") < 0)
		return -1;
	*p = sp_open_sub(device, SP_PLAYBACK, sub, 0);
	*c = sp_open_sub(device, SP_CAPTURE, sub, 0);
	if (*p < 0 || *c < 0 || setup_end(*p, 8, 1) < 0 || setup_end(*c, 8, 1) < 0)
		return -1;
	if (!autostart && (sp_set_sw(*p, PERIOD, ~0ul >> 1, 0, &boundary) < 0 ||
			   sp_set_sw(*p, PERIOD, boundary, 0, NULL) < 0))
		return -1;
	return sp_prepare(*p) < 0 ? -1 : sp_prepare(*c);
}

/* Playback on cable 0 of subdevice 4, capture on cable 1 of it: linked, one START, PAUSE and DROP for both. */
static int chk_link_start_pause_stop(long unused)
{
	static unsigned char data[4 * PBYTES];
	int p = -1, c = -1;

	(void)unused;
	REQUIRE(open_prepared_pair(0, 4, false, &p, &c) == 0, "open and prepare: %s", tu_errname(errno));
	OK(pcm_link(c, p));
	REQUIRE(write(p, data, sizeof(data)) == (ssize_t)sizeof(data), "write: %s", tu_errname(errno));
	STATE(p, SNDRV_PCM_STATE_PREPARED);
	OK(sp_start(c));				/* starts the playback too */
	STATE(p, SNDRV_PCM_STATE_RUNNING);
	STATE(c, SNDRV_PCM_STATE_RUNNING);
	REQUIRE(trigger_ns(p) == trigger_ns(c), "START: trigger_tstamp %" PRId64 " vs %" PRId64, trigger_ns(p),
		trigger_ns(c));
	tu_msleep(30);
	OK(pcm_pause(p, 1));
	STATE(c, SNDRV_PCM_STATE_PAUSED);
	REQUIRE(trigger_ns(p) == trigger_ns(c), "PAUSE: trigger_tstamps differ");
	OK(pcm_pause(c, 0));
	STATE(p, SNDRV_PCM_STATE_RUNNING);
	ERR(sp_start(p), EBADFD);			/* both running: the group's pre-check */
	OK(sp_drop(p));
	STATE(p, SNDRV_PCM_STATE_SETUP);
	STATE(c, SNDRV_PCM_STATE_SETUP);
	REQUIRE(trigger_ns(p) == trigger_ns(c), "DROP: trigger_tstamps differ");
	OK(sp_prepare(c));				/* prepares both */
	STATE(p, SNDRV_PCM_STATE_PREPARED);
	close(p);
	close(c);
	return 0;
}

/* Closing a linked stream drops its group (snd_pcm_release_substream) and unlinks it. */
static int chk_link_close_leaves(long unused)
{
	static unsigned char data[4 * PBYTES];
	int p = -1, c = -1;

	(void)unused;
	REQUIRE(open_prepared_pair(1, 5, true, &p, &c) == 0, "open and prepare: %s", tu_errname(errno));
	OK(pcm_link(p, c));
	REQUIRE(write(p, data, sizeof(data)) == (ssize_t)sizeof(data), "write: %s", tu_errname(errno));
	STATE(c, SNDRV_PCM_STATE_RUNNING);		/* the write started the group */
	close(p);
	/* the release reaches the daemon after close() returns (FUSE_RELEASE is asynchronous) */
	REQUIRE(wait_closed("pcm1p/sub5"), "pcm1p/sub5 still open 5 s after close");
	STATE(c, SNDRV_PCM_STATE_SETUP);
	ERR(ioctl(c, SNDRV_PCM_IOCTL_UNLINK), EALREADY);
	close(c);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(long);
} checks[] = {
	{ "PCM_PAUSE: ENOSYS (as ENOTTY) before HW_PARAMS, EBADFD outside RUNNING/PAUSED, trigger time stamped", chk_pause_rules },
	{ "PCM_PAUSE mid-stream: hw_ptr frozen, no frame lost (utimer clock, byte-exact)", chk_pause_frozen_byte_exact },
	{ "PCM_LINK/UNLINK errnos (EBADFD, EINVAL, EALREADY)", chk_link_errnos },
	{ "linked playback+capture on two cables: START, PAUSE, DROP, PREPARE together, one trigger_tstamp",
	  chk_link_start_pause_stop },
	{ "closing a linked stream stops its group and leaves it", chk_link_close_leaves },
};

int main(void)
{
	int failed = 0, n = (int)(sizeof(checks) / sizeof(checks[0]));

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (sp_read_text("proc/asound/card0/timer_source", g_saved_source, sizeof(g_saved_source)) < 0) {
		printf("not ok 1 - %s/proc/asound/card0/timer_source readable: %s\n1..1\n", sp_mount(),
		       strerror(errno));
		return 1;
	}
	g_saved_source[strcspn(g_saved_source, "\n")] = '\0';
	for (int i = 0; i < n; i++) {
		failed += check_run(i + 1, checks[i].name, checks[i].fn, 0, 30);
		sp_set_timer_source(g_saved_source);
		tu_msleep(50); /* the closed substreams' releases */
	}
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
