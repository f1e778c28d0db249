// SPDX-License-Identifier: MIT
/*
 * pcm-conformance - checks of the sndfuse snd-aloop PCM nodes against the
 * kernel's PCM core and snd-aloop behaviour, over raw ioctls (no alsa-lib).
 *
 * Every check runs in its own forked process (own process group) with an
 * alarm() watchdog inside and a kill timeout outside, so a hang or a crash
 * fails that check only.  Between checks the runner waits until every
 * substream is closed again (proc/.../subN/status reads "closed") and puts
 * the card's timer_source back to what it was at start.  Output is TAP:
 *   ok N - name
 *   not ok N - name: detail
 * then the plan "1..N".  Exit status 0 only if all passed.
 *
 * usage: pcm-conformance [-l] [-t SECONDS] [-x PATTERN]... [PATTERN...]
 *   -l          list the checks and exit
 *   -t SECONDS  longest watchdog per check (default 120)
 *   -x PATTERN  skip checks whose name contains PATTERN (repeatable)
 *   PATTERN     run only checks whose name contains one of the patterns
 * Environment: SNDFUSE_MOUNT (default /tmp/snd).
 *
 * Clocks: each check chooses the loopback clock itself by writing
 * proc/asound/card0/timer_source before it opens PCMs: "" (system clock) or
 * "-1.4.<id>" for a utimer it created (one TRIGGER = one period).  So any
 * daemon started with default options works; the system-clock checks need
 * the real clock (not --clock virtual).
 *
 * sndfuse deviations coded against: no mmap of the status/control pages
 * (SYNC_PTR and STATUS are used), PAUSE gets a pointer to the flag, utimer
 * CREATE binds the timer to the creating descriptor (uinfo.fd = -1).
 */
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include <sndfuse/pcm.h>
#include "tutil.h"

#define RATE		48000u
#define PERIOD		960u		/* 20 ms at 48 kHz */
#define FRAME_BYTES	4u		/* S16_LE stereo */
#define PERIOD_BYTES	(PERIOD * FRAME_BYTES)

static int g_subs = 8;			/* substreams per node (pcm_substreams) */
static char g_saved_source[128];

/* ------------------------------------------------------------------ */
/* check plumbing                                                      */

/* tu_errname() plus the errnos of PCM transfers. */
static const char *errname(int e)
{
	switch (e) {
	case EPIPE: return "EPIPE";
	case ESTRPIPE: return "ESTRPIPE";
	default: return tu_errname(e);
	}
}

#define CHECK_ERRNAME(e) errname(e)
#include "check.h"


/* expected state */
#define STATE(fd, want) do {						\
	int _s = sp_state(fd);						\
	if (_s != (want))						\
		FAILF("state of %s is %s (%s), expected %s", #fd,	\
		      _s < 0 ? "error" : sp_state_name(_s),		\
		      _s < 0 ? errname(errno) : "ok",		\
		      sp_state_name(want));				\
} while (0)

/* ------------------------------------------------------------------ */
/* helpers                                                             */

static struct sp_config cfg(unsigned int period, unsigned int buffer)
{
	return sp_config_s16(RATE, period, buffer);
}

/* One cable: dir 0 = pcmC0D0p subN -> pcmC0D1c subN, dir 1 = D1p -> D0c. */
struct cable {
	int p, c;
};

static int open_cable(struct cable *k, int dir, int sub, int pflags, int cflags)
{
	k->p = sp_open_sub(dir, SP_PLAYBACK, sub, pflags);
	if (k->p < 0)
		return -1;
	k->c = sp_open_sub(1 - dir, SP_CAPTURE, sub, cflags);
	if (k->c < 0) {
		int e = errno;

		close(k->p);
		errno = e;
		return -1;
	}
	return 0;
}

static void close_cable(struct cable *k)
{
	if (k->p >= 0)
		close(k->p);
	if (k->c >= 0)
		close(k->c);
	k->p = k->c = -1;
}

/* A utimer of the stream's exact period time as the loopback's clock. */
static int clock_utimer(unsigned int period, int *id)
{
	int fd = sp_utimer_create(sp_period_ns(RATE, period), id, NULL);

	if (fd < 0)
		return -1;
	if (sp_use_utimer(*id) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static int clock_system(void)
{
	return sp_set_timer_source("");
}

/* Wait until an end's status satisfies avail >= want (or timeout); returns avail. */
static long wait_avail(int fd, long want, int timeout_ms)
{
	int64_t end = tu_now_ms() + timeout_ms;
	long a;

	for (;;) {
		a = sp_avail(fd);
		if (a < 0 || a >= want || tu_now_ms() >= end)
			return a;
		tu_msleep(2);
	}
}

/* Wait until the state is want; returns the last state seen. */
static int wait_state(int fd, int want, int timeout_ms)
{
	int64_t end = tu_now_ms() + timeout_ms;
	struct snd_pcm_status st;
	int s;

	for (;;) {
		/* STATUS brings the pointers (and so the state) up to date */
		s = sp_status(fd, &st) < 0 ? -1 : (int)st.state;
		if (s == want || tu_now_ms() >= end)
			return s;
		tu_msleep(5);
	}
}

static bool proc_closed(int dev, int stream, int sub)
{
	char rel[96], buf[256];

	snprintf(rel, sizeof(rel), "proc/asound/card0/pcm%d%c/sub%d/status", dev,
		 stream == SP_PLAYBACK ? 'p' : 'c', sub);
	return sp_read_text(rel, buf, sizeof(buf)) >= 0 && strcmp(buf, "closed\n") == 0;
}

/* xorshift64* stream per cable */
static uint64_t prng_next(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * 0x2545F4914F6CDD1DULL;
}

static void prng_fill(uint64_t *s, unsigned char *buf, size_t len)
{
	for (size_t i = 0; i < len; i += 8) {
		uint64_t v = prng_next(s);

		memcpy(buf + i, &v, len - i < 8 ? len - i : 8);
	}
}

static void on_signal(int sig)
{
	(void)sig;
}

/* ------------------------------------------------------------------ */
/* checks: identity                                                    */

static int chk_pversion(void)
{
	for (int d = 0; d < 2; d++) {
		for (int s = 0; s < 2; s++) {
			int fd = sp_open(d, s, 0), v = 0;

			REQUIRE(fd >= 0, "open %s: %s", sp_node_path(d, s), errname(errno));
			OK(sp_pversion(fd, &v));
			REQUIRE(v == SNDRV_PROTOCOL_VERSION(2, 0, 15),
				"PVERSION of %s is 0x%x, expected 0x2000f", sp_node_path(d, s), v);
			close(fd);
		}
	}
	return 0;
}

static int chk_info(void)
{
	for (int d = 0; d < 2; d++) {
		for (int s = 0; s < 2; s++) {
			struct snd_pcm_info in;
			int fd = sp_open(d, s, 0);

			REQUIRE(fd >= 0, "open %s: %s", sp_node_path(d, s), errname(errno));
			OK(sp_info(fd, &in));
			REQUIRE(in.card == 0 && in.device == (unsigned int)d && in.stream == s,
				"%s: card %d device %u stream %d", sp_node_path(d, s), in.card,
				in.device, in.stream);
			REQUIRE(strcmp((char *)in.id, "Loopback PCM") == 0, "%s: id '%s'",
				sp_node_path(d, s), (char *)in.id);
			REQUIRE(strcmp((char *)in.name, "Loopback PCM") == 0, "%s: name '%s'",
				sp_node_path(d, s), (char *)in.name);
			REQUIRE(in.subdevices_count == (unsigned int)g_subs,
				"%s: subdevices_count %u, expected %d", sp_node_path(d, s),
				in.subdevices_count, g_subs);
			REQUIRE(in.subdevices_avail == (unsigned int)g_subs - 1,
				"%s: subdevices_avail %u with one open, expected %d",
				sp_node_path(d, s), in.subdevices_avail, g_subs - 1);
			REQUIRE(in.subdevice == 0, "%s: first open got subdevice %u", sp_node_path(d, s),
				in.subdevice);
			close(fd);
		}
	}
	return 0;
}

static int chk_open_beyond(void)
{
	int fds[8];

	for (int d = 0; d < 2; d++) {
		for (int s = 0; s < 2; s++) {
			for (int i = 0; i < g_subs; i++) {
				fds[i] = sp_open(d, s, O_NONBLOCK);
				REQUIRE(fds[i] >= 0, "open #%d of %s: %s", i + 1, sp_node_path(d, s),
					errname(errno));
				REQUIRE(sp_subdevice(fds[i]) == i, "open #%d of %s got subdevice %d",
					i + 1, sp_node_path(d, s), sp_subdevice(fds[i]));
			}
			ERR(sp_open(d, s, O_NONBLOCK), EBUSY);
			for (int i = 0; i < g_subs; i++)
				close(fds[i]);
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* checks: state errors                                                */

static int chk_write_before_setup(void)
{
	struct sp_config c = cfg(PERIOD, 4 * PERIOD);
	unsigned char buf[PERIOD_BYTES] = { 0 };
	int fd;

	OK(clock_system());
	fd = sp_open_sub(0, SP_PLAYBACK, 0, 0);
	REQUIRE(fd >= 0, "open: %s", errname(errno));
	STATE(fd, SNDRV_PCM_STATE_OPEN);
	ERR(write(fd, buf, sizeof(buf)), EBADFD);
	ERR(sp_writei(fd, buf, PERIOD), EBADFD);
	OK(sp_set_hw(fd, &c, NULL));
	STATE(fd, SNDRV_PCM_STATE_SETUP);
	ERR(write(fd, buf, sizeof(buf)), EBADFD);
	ERR(sp_writei(fd, buf, PERIOD), EBADFD);
	OK(sp_prepare(fd));
	REQUIRE(write(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf), "write after PREPARE: %s",
		errname(errno));
	close(fd);
	return 0;
}

static int chk_start_in_setup(void)
{
	struct sp_config c = cfg(PERIOD, 4 * PERIOD);
	int fd;

	OK(clock_system());
	fd = sp_open_sub(1, SP_CAPTURE, 0, 0);
	REQUIRE(fd >= 0, "open: %s", errname(errno));
	ERR(sp_start(fd), EBADFD);		/* OPEN */
	OK(sp_set_hw(fd, &c, NULL));
	ERR(sp_start(fd), EBADFD);		/* SETUP */
	STATE(fd, SNDRV_PCM_STATE_SETUP);
	close(fd);
	return 0;
}

static int chk_hw_params_running(void)
{
	struct sp_config c = cfg(PERIOD, 4 * PERIOD);
	struct snd_pcm_hw_params hp;
	int fd;

	OK(clock_system());
	fd = sp_open_sub(1, SP_CAPTURE, 0, 0);
	REQUIRE(fd >= 0, "open: %s", errname(errno));
	OK(sp_set_hw(fd, &c, NULL));
	OK(sp_prepare(fd));
	OK(sp_start(fd));
	STATE(fd, SNDRV_PCM_STATE_RUNNING);
	ERR(sp_set_hw(fd, &c, &hp), EBADFD);
	ERR(sp_hw_free(fd), EBADFD);
	ERR(sp_prepare(fd), EBUSY);
	STATE(fd, SNDRV_PCM_STATE_RUNNING);
	OK(sp_drop(fd));
	STATE(fd, SNDRV_PCM_STATE_SETUP);
	OK(sp_set_hw(fd, &c, &hp));
	close(fd);
	return 0;
}

static int chk_sw_params_open(void)
{
	struct sp_config c = cfg(PERIOD, 4 * PERIOD);
	unsigned long boundary = 0;
	int fd;

	OK(clock_system());
	fd = sp_open_sub(0, SP_PLAYBACK, 0, 0);
	REQUIRE(fd >= 0, "open: %s", errname(errno));
	ERR(sp_set_sw(fd, PERIOD, 1, 4 * PERIOD, NULL), EBADFD);
	OK(sp_set_hw(fd, &c, NULL));
	OK(sp_set_sw(fd, PERIOD, 1, 4 * PERIOD, &boundary));
	/* boundary = buffer x 2^k, the largest such value <= LONG_MAX - buffer */
	REQUIRE(boundary % (4 * PERIOD) == 0 &&
		((boundary / (4 * PERIOD)) & (boundary / (4 * PERIOD) - 1)) == 0 &&
		boundary <= (unsigned long)LONG_MAX - 4 * PERIOD &&
		boundary * 2 > (unsigned long)LONG_MAX - 4 * PERIOD,
		"boundary %lu for buffer %u", boundary, 4 * PERIOD);
	close(fd);
	return 0;
}

static int chk_unknown_ioctl(void)
{
	int fd = sp_open(0, SP_PLAYBACK, 0), v = 0;

	REQUIRE(fd >= 0, "open: %s", errname(errno));
	ERR(ioctl(fd, _IO('A', 0x7e)), ENOTTY);
	ERR(ioctl(fd, _IOR('A', 0x7d, int), &v), ENOTTY);
	ERR(ioctl(fd, _IOW('Z', 0x01, int), &v), ENOTTY);
	close(fd);
	return 0;
}

static int chk_link_einval(void)
{
	int p = sp_open(0, SP_PLAYBACK, 0), c = sp_open(1, SP_CAPTURE, 0);

	REQUIRE(p >= 0 && c >= 0, "open: %s", errname(errno));
	/* sndfuse: LINK is refused; FUSE copies 4 bytes from the argument, so pass a pointer */
	ERR(ioctl(p, SNDRV_PCM_IOCTL_LINK, &c), EINVAL);
	close(p);
	close(c);
	return 0;
}

/* ------------------------------------------------------------------ */
/* checks: the cable                                                   */

static int chk_param_mismatch(void)
{
	struct sp_config c48 = cfg(PERIOD, 4 * PERIOD);
	struct sp_config c44 = sp_config_s16(44100, 441, 4 * 441);
	struct snd_pcm_hw_params hp;
	struct cable k;

	OK(clock_system());
	OK(open_cable(&k, 0, 0, 0, 0));
	OK(sp_set_hw(k.p, &c48, NULL));
	OK(sp_prepare(k.p));
	ERR(sp_set_hw(k.c, &c44, NULL), EINVAL);
	STATE(k.c, SNDRV_PCM_STATE_OPEN);
	sp_hw_any(&hp);
	OK(sp_hw_refine(k.c, &hp));
	REQUIRE(sp_hw_min(&hp, SNDRV_PCM_HW_PARAM_RATE) == RATE &&
		sp_hw_max(&hp, SNDRV_PCM_HW_PARAM_RATE) == RATE,
		"capture refine: rate [%u, %u], expected fixed 48000",
		sp_hw_min(&hp, SNDRV_PCM_HW_PARAM_RATE), sp_hw_max(&hp, SNDRV_PCM_HW_PARAM_RATE));
	REQUIRE(sp_hw_min(&hp, SNDRV_PCM_HW_PARAM_CHANNELS) == 2 &&
		sp_hw_max(&hp, SNDRV_PCM_HW_PARAM_CHANNELS) == 2,
		"capture refine: channels [%u, %u], expected 2",
		sp_hw_min(&hp, SNDRV_PCM_HW_PARAM_CHANNELS), sp_hw_max(&hp, SNDRV_PCM_HW_PARAM_CHANNELS));
	for (unsigned int f = 0; f < 64; f++)
		REQUIRE(sp_hw_mask_has(&hp, SNDRV_PCM_HW_PARAM_FORMAT, f) == (f == SNDRV_PCM_FORMAT_S16_LE),
			"capture refine: format %u %s", f,
			f == SNDRV_PCM_FORMAT_S16_LE ? "missing" : "still offered");
	/* the other cable (D1p -> D0c) and another subdevice are not narrowed */
	{
		int other = sp_open_sub(1, SP_CAPTURE, 1, 0);

		REQUIRE(other >= 0, "open D1c sub1: %s", errname(errno));
		OK(sp_set_hw(other, &c44, NULL));
		close(other);
	}
	OK(sp_set_hw(k.c, &c48, NULL));
	close_cable(&k);
	return 0;
}

static int chk_one_period_per_trigger(void)
{
	enum { K = 5 };
	struct sp_config c = cfg(PERIOD, 8 * PERIOD);
	unsigned char *buf = malloc(K * PERIOD_BYTES), *in = malloc(K * PERIOD_BYTES);
	struct snd_pcm_sync_ptr sp;
	struct snd_pcm_status st;
	int tfd, id = -1;
	struct cable k;
	uint64_t seed = 42;

	REQUIRE(buf && in, "malloc");
	tfd = clock_utimer(PERIOD, &id);
	REQUIRE(tfd >= 0, "utimer clock: %s", errname(errno));
	OK(open_cable(&k, 0, 0, 0, O_NONBLOCK));
	OK(sp_set_hw(k.p, &c, NULL));
	OK(sp_set_hw(k.c, &c, NULL));
	OK(sp_set_sw(k.p, PERIOD, 1, 0, NULL));	/* no xrun when the ring empties */
	OK(sp_prepare(k.p));
	OK(sp_prepare(k.c));
	OK(sp_start(k.c));
	prng_fill(&seed, buf, K * PERIOD_BYTES);
	REQUIRE(sp_writei(k.p, buf, K * PERIOD) == K * PERIOD, "WRITEI of %d periods: %s", K,
		errname(errno));
	STATE(k.p, SNDRV_PCM_STATE_RUNNING);
	OK(sp_status(k.c, &st));
	REQUIRE(st.hw_ptr == 0 && st.avail == 0, "before any trigger: capture hw_ptr %lu avail %lu",
		st.hw_ptr, st.avail);
	for (int i = 0; i < K; i++)
		OK(sp_utimer_trigger(tfd));
	wait_avail(k.c, K * PERIOD, 5000);
	tu_msleep(300);		/* anything extra would show up now */
	OK(sp_status(k.c, &st));
	REQUIRE(st.avail == K * PERIOD && st.hw_ptr == K * PERIOD,
		"after %d triggers: capture avail %lu hw_ptr %lu, expected %u", K, st.avail, st.hw_ptr,
		K * PERIOD);
	OK(sp_sync_ptr(k.p, 1, &sp));
	REQUIRE(sp.s.status.hw_ptr == K * PERIOD, "playback hw_ptr %lu, expected %u",
		sp.s.status.hw_ptr, K * PERIOD);
	OK(sp_sync_ptr(k.c, 1, &sp));
	REQUIRE(sp.s.status.hw_ptr == K * PERIOD && sp.c.control.appl_ptr == 0,
		"capture SYNC_PTR hw_ptr %lu appl_ptr %lu", sp.s.status.hw_ptr, sp.c.control.appl_ptr);
	REQUIRE(read(k.c, in, K * PERIOD_BYTES) == K * PERIOD_BYTES, "read %d periods: %s", K,
		errname(errno));
	REQUIRE(memcmp(in, buf, K * PERIOD_BYTES) == 0, "captured data differs from the written");
	ERR(read(k.c, in, PERIOD_BYTES), EAGAIN);
	close_cable(&k);
	close(tfd);
	free(buf);
	free(in);
	return 0;
}

/*
 * Every cable in both directions at once, a long PRNG stream.  Each cable
 * gets its own utimer (timer_source is switched before each cable is
 * opened): several cables on one utimer would not start together, see
 * shared-utimer-delayed-start.
 */
static int chk_byte_exact_all(void)
{
	enum { PERIODS = 256 };
	int n = g_subs;
	struct sp_config c = cfg(PERIOD, 4 * PERIOD);
	struct cable k[2][8];
	int tfd[2][8], id[2][8];
	uint64_t wseed[2][8], rseed[2][8];
	unsigned char *out = malloc(PERIOD_BYTES), *in = malloc(PERIOD_BYTES), *want = malloc(PERIOD_BYTES);

	REQUIRE(out && in && want, "malloc");
	for (int d = 0; d < 2; d++) {
		for (int s = 0; s < n; s++) {
			tfd[d][s] = clock_utimer(PERIOD, &id[d][s]);
			REQUIRE(tfd[d][s] >= 0, "utimer clock for dir %d sub %d: %s", d, s, errname(errno));
			REQUIRE(open_cable(&k[d][s], d, s, 0, 0) == 0, "open cable dir %d sub %d: %s", d, s,
				errname(errno));
			OK(sp_set_hw(k[d][s].p, &c, NULL));
			OK(sp_set_hw(k[d][s].c, &c, NULL));
			OK(sp_set_sw(k[d][s].p, PERIOD, 1, 0, NULL));
			OK(sp_prepare(k[d][s].p));
			OK(sp_prepare(k[d][s].c));
			OK(sp_start(k[d][s].c));
			wseed[d][s] = rseed[d][s] = 0x9e3779b97f4a7c15ULL * (uint64_t)(1 + d * 8 + s);
		}
	}
	for (int i = 0; i < PERIODS; i++) {
		for (int d = 0; d < 2; d++) {
			for (int s = 0; s < n; s++) {
				prng_fill(&wseed[d][s], out, PERIOD_BYTES);
				if (i % 2)
					REQUIRE(sp_writei(k[d][s].p, out, PERIOD) == PERIOD,
						"WRITEI period %d dir %d sub %d: %s", i, d, s, errname(errno));
				else
					REQUIRE(write(k[d][s].p, out, PERIOD_BYTES) == PERIOD_BYTES,
						"write period %d dir %d sub %d: %s", i, d, s, errname(errno));
				OK(sp_utimer_trigger(tfd[d][s]));
			}
		}
		for (int d = 0; d < 2; d++) {
			for (int s = 0; s < n; s++) {
				memset(in, 0x5a, PERIOD_BYTES);
				if (i % 2)
					REQUIRE(read(k[d][s].c, in, PERIOD_BYTES) == PERIOD_BYTES,
						"read period %d dir %d sub %d: %s", i, d, s, errname(errno));
				else
					REQUIRE(sp_readi(k[d][s].c, in, PERIOD) == PERIOD,
						"READI period %d dir %d sub %d: %s", i, d, s, errname(errno));
				prng_fill(&rseed[d][s], want, PERIOD_BYTES);
				if (memcmp(in, want, PERIOD_BYTES)) {
					size_t b = 0;

					while (in[b] == want[b])
						b++;
					FAILF("%s sub%d -> %s sub%d: period %d differs at byte %zu (0x%02x, want 0x%02x)",
					      sp_node_path(d, SP_PLAYBACK), s, sp_node_path(1 - d, SP_CAPTURE), s,
					      i, b, in[b], want[b]);
				}
			}
		}
	}
	note("%d cables x %d periods x %u bytes compared", 2 * n, PERIODS, PERIOD_BYTES);
	for (int d = 0; d < 2; d++) {
		for (int s = 0; s < n; s++) {
			close_cable(&k[d][s]);
			close(tfd[d][s]);
		}
	}
	free(out);
	free(in);
	free(want);
	return 0;
}

/*
 * Two cables on one utimer (kernel-facts T2): the first instance started
 * on an idle timer runs at once; an instance started while the timer runs
 * is a delayed start and only runs from the tick after the next one.  So
 * the first TRIGGER moves only the first cable (its capture gets silence,
 * no playback runs), the second moves both.
 */
static int chk_shared_utimer(void)
{
	struct sp_config c = cfg(PERIOD, 4 * PERIOD);
	unsigned char in[PERIOD_BYTES];
	struct cable a, b;
	long va, vb;
	int tfd, id = -1;

	tfd = clock_utimer(PERIOD, &id);
	REQUIRE(tfd >= 0, "utimer clock: %s", errname(errno));
	OK(open_cable(&a, 0, 0, 0, O_NONBLOCK));
	OK(open_cable(&b, 0, 1, 0, O_NONBLOCK));
	OK(sp_set_hw(a.c, &c, NULL));
	OK(sp_set_hw(b.c, &c, NULL));
	OK(sp_prepare(a.c));
	OK(sp_prepare(b.c));
	OK(sp_start(a.c));
	OK(sp_start(b.c));
	OK(sp_utimer_trigger(tfd));
	va = wait_avail(a.c, PERIOD, 5000);
	tu_msleep(200);
	va = sp_avail(a.c);
	vb = sp_avail(b.c);
	REQUIRE(va == PERIOD && vb == 0, "after one TRIGGER: capture avail %ld and %ld, expected %u and 0",
		va, vb, PERIOD);
	OK(sp_utimer_trigger(tfd));
	wait_avail(b.c, PERIOD, 5000);
	tu_msleep(200);
	va = sp_avail(a.c);
	vb = sp_avail(b.c);
	REQUIRE(va == 2 * PERIOD && vb == PERIOD,
		"after two TRIGGERs: capture avail %ld and %ld, expected %u and %u", va, vb, 2 * PERIOD,
		PERIOD);
	memset(in, 0x5a, sizeof(in));
	REQUIRE(read(a.c, in, PERIOD_BYTES) == PERIOD_BYTES, "read: %s", errname(errno));
	for (unsigned int i = 0; i < PERIOD_BYTES; i++)
		REQUIRE(in[i] == 0, "capture without playback: byte %u is 0x%02x", i, in[i]);
	close_cable(&a);
	close_cable(&b);
	close(tfd);
	return 0;
}

static int chk_capture_silence(void)
{
	enum { FRAMES = RATE / 2 };		/* 0.5 s */
	struct sp_config c = cfg(PERIOD, 4 * PERIOD);
	struct snd_pcm_hw_params hp;
	unsigned char *buf = malloc(FRAMES * FRAME_BYTES);
	long got = 0;
	int fd;

	REQUIRE(buf, "malloc");
	OK(clock_system());
	fd = sp_open_sub(1, SP_CAPTURE, 0, 0);
	REQUIRE(fd >= 0, "open: %s", errname(errno));
	/* U8 is not among aloop's formats */
	sp_hw_any(&hp);
	sp_hw_format(&hp, SNDRV_PCM_FORMAT_U8);
	ERR(sp_hw_refine(fd, &hp), EINVAL);
	OK(sp_set_hw(fd, &c, NULL));
	OK(sp_prepare(fd));
	OK(sp_start(fd));
	memset(buf, 0xa5, FRAMES * FRAME_BYTES);
	while (got < FRAMES) {
		long r = sp_readi(fd, buf + got * FRAME_BYTES, FRAMES - got);

		REQUIRE(r > 0, "READI after %ld frames: %s", got, errname(errno));
		got += r;
	}
	for (long i = 0; i < FRAMES * (long)FRAME_BYTES; i++)
		REQUIRE(buf[i] == 0, "byte %ld of the capture is 0x%02x, expected silence", i, buf[i]);
	close(fd);
	free(buf);
	return 0;
}

/* ------------------------------------------------------------------ */
/* checks: system clock stream control                                 */

static int chk_xrun(void)
{
	struct sp_config c = cfg(PERIOD, 2 * PERIOD);
	unsigned char buf[2 * PERIOD_BYTES] = { 0 };
	int fd, s;

	OK(clock_system());
	fd = sp_open_sub(0, SP_PLAYBACK, 0, 0);
	REQUIRE(fd >= 0, "open: %s", errname(errno));
	OK(sp_set_hw(fd, &c, NULL));
	OK(sp_prepare(fd));
	REQUIRE(write(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf), "write: %s", errname(errno));
	STATE(fd, SNDRV_PCM_STATE_RUNNING);
	s = wait_state(fd, SNDRV_PCM_STATE_XRUN, 3000);
	REQUIRE(s == SNDRV_PCM_STATE_XRUN, "no XRUN 3 s after the buffer ran dry (state %s)",
		sp_state_name(s));
	ERR(write(fd, buf, PERIOD_BYTES), EPIPE);
	ERR(sp_writei(fd, buf, PERIOD), EPIPE);
	ERR(sp_hwsync(fd), EPIPE);
	STATE(fd, SNDRV_PCM_STATE_XRUN);
	OK(sp_prepare(fd));
	STATE(fd, SNDRV_PCM_STATE_PREPARED);
	REQUIRE(write(fd, buf, PERIOD_BYTES) == PERIOD_BYTES, "write after PREPARE: %s",
		errname(errno));
	STATE(fd, SNDRV_PCM_STATE_RUNNING);
	OK(sp_drop(fd));
	close(fd);
	return 0;
}

static int chk_drain(void)
{
	enum { NP = 10 };			/* 200 ms of audio */
	struct sp_config c = cfg(PERIOD, NP * PERIOD);
	unsigned char *buf = calloc(NP, PERIOD_BYTES);
	struct snd_pcm_status st;
	int64_t t0, dt;
	int fd;

	REQUIRE(buf, "calloc");
	OK(clock_system());
	fd = sp_open_sub(0, SP_PLAYBACK, 0, 0);
	REQUIRE(fd >= 0, "open: %s", errname(errno));
	OK(sp_set_hw(fd, &c, NULL));
	OK(sp_set_sw(fd, PERIOD, NP * PERIOD, NP * PERIOD, NULL));	/* starts when full */
	OK(sp_prepare(fd));
	REQUIRE(write(fd, buf, NP * PERIOD_BYTES) == NP * PERIOD_BYTES, "write: %s", errname(errno));
	t0 = tu_now_ms();
	STATE(fd, SNDRV_PCM_STATE_RUNNING);
	OK(sp_drain(fd));
	dt = tu_now_ms() - t0;
	STATE(fd, SNDRV_PCM_STATE_SETUP);
	REQUIRE(dt >= 170 && dt < 3000, "DRAIN of 200 ms returned after %" PRId64 " ms", dt);
	OK(sp_status(fd, &st));
	note("DRAIN of %u frames took %" PRId64 " ms", NP * PERIOD, dt);
	/* an empty stream drains at once */
	OK(sp_prepare(fd));
	t0 = tu_now_ms();
	OK(sp_drain(fd));
	REQUIRE(tu_now_ms() - t0 < 1000, "DRAIN of an empty stream blocked");
	STATE(fd, SNDRV_PCM_STATE_SETUP);
	close(fd);
	free(buf);
	return 0;
}

static int chk_pause(void)
{
	struct sp_config c = cfg(PERIOD, 50 * PERIOD);	/* 1 s buffer */
	unsigned char *buf = calloc(50, PERIOD_BYTES);
	long h1, h2, h3;
	int fd;

	REQUIRE(buf, "calloc");
	OK(clock_system());
	fd = sp_open_sub(0, SP_PLAYBACK, 0, 0);
	REQUIRE(fd >= 0, "open: %s", errname(errno));
	OK(sp_set_hw(fd, &c, NULL));
	OK(sp_prepare(fd));
	REQUIRE(write(fd, buf, 50 * PERIOD_BYTES) == 50 * PERIOD_BYTES, "write: %s", errname(errno));
	STATE(fd, SNDRV_PCM_STATE_RUNNING);
	tu_msleep(100);
	OK(sp_pause(fd, 1));
	STATE(fd, SNDRV_PCM_STATE_PAUSED);
	h1 = sp_hw_ptr(fd);
	REQUIRE(h1 > 0, "hw_ptr %ld after 100 ms of playing", h1);
	tu_msleep(100);
	h2 = sp_hw_ptr(fd);
	REQUIRE(h2 == h1, "hw_ptr moved while paused: %ld -> %ld", h1, h2);
	ERR(sp_pause(fd, 1), EBADFD);
	OK(sp_pause(fd, 0));
	STATE(fd, SNDRV_PCM_STATE_RUNNING);
	ERR(sp_pause(fd, 0), EBADFD);
	tu_msleep(100);
	h3 = sp_hw_ptr(fd);
	REQUIRE(h3 >= h1 + 2400 && h3 <= h1 + 48000, "hw_ptr after resume + 100 ms: %ld -> %ld", h1, h3);
	note("paused at %ld, %ld frames 100 ms after resume", h1, h3);
	close(fd);
	free(buf);
	return 0;
}

/*
 * A blocking write of more than the ring holds (system clock, a ring of two
 * 20 ms periods, 1 s of audio in one call): the PCM core wakes the writer
 * each time a period of room appears (avail >= avail_min) and the writer
 * fills it from the pointer it was woken at, so the call returns the full
 * count after about 1 s and the stream keeps RUNNING, for WRITEI_FRAMES and
 * for write().  The writer has one period (20 ms) to react.
 */
/*
 * One blocking WRITEI far larger than the ring. The ring holds 4 periods: with the system clock the pointer
 * moves at period boundaries, and a boundary timer that fires late (as a jiffies timer can) leaves appl_ptr off
 * the period grid, so later wake-ups come with avail just below avail_min; a 2-period ring then underruns on
 * sndfuse as it can on the kernel's jiffies-driven aloop.
 */
static int chk_big_blocking_write(void)
{
	enum { P = PERIOD, FRAMES = RATE };
	struct sp_config c = cfg(P, 4 * P);
	unsigned char *buf = calloc(FRAMES, FRAME_BYTES);
	int64_t t0, dt;
	long r;
	int fd;

	REQUIRE(buf, "calloc");
	OK(clock_system());
	fd = sp_open_sub(0, SP_PLAYBACK, 0, 0);
	REQUIRE(fd >= 0, "open: %s", errname(errno));
	OK(sp_set_hw(fd, &c, NULL));
	OK(sp_prepare(fd));
	t0 = tu_now_ms();
	r = sp_writei(fd, buf, FRAMES);
	dt = tu_now_ms() - t0;
	REQUIRE(r == FRAMES, "WRITEI of %d frames into a %d-frame ring: %s after %" PRId64 " ms (state %s)",
		FRAMES, 4 * P, r < 0 ? errname(errno) : "short", dt, sp_state_name(sp_state(fd)));
	REQUIRE(dt >= 800 && dt < 5000, "WRITEI of 1 s returned after %" PRId64 " ms", dt);
	STATE(fd, SNDRV_PCM_STATE_RUNNING);
	t0 = tu_now_ms();
	r = (long)write(fd, buf, FRAMES * FRAME_BYTES);
	dt = tu_now_ms() - t0;
	REQUIRE(r == FRAMES * (long)FRAME_BYTES, "write() of %u bytes: %s after %" PRId64 " ms (state %s)",
		FRAMES * FRAME_BYTES, r < 0 ? errname(errno) : "short", dt, sp_state_name(sp_state(fd)));
	STATE(fd, SNDRV_PCM_STATE_RUNNING);
	close(fd);
	free(buf);
	return 0;
}

/* ------------------------------------------------------------------ */
/* checks: going away                                                  */

struct kicker {
	pthread_t target;
	int delay_ms;
};

static void *kick(void *arg)
{
	struct kicker *k = arg;

	tu_msleep(k->delay_ms);
	pthread_kill(k->target, SIGUSR1);
	return NULL;
}

static int chk_utimer_close(void)
{
	struct sp_config c = cfg(PERIOD, 4 * PERIOD);
	unsigned char out[2 * PERIOD_BYTES], in[PERIOD_BYTES];
	struct sigaction sa;
	struct kicker kk;
	pthread_t th;
	struct cable k;
	long h1, h2, r;
	int tfd, id = -1, e;
	int64_t t0, dt, end;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: the read must return */
	sigaction(SIGUSR1, &sa, NULL);
	memset(out, 'u', sizeof(out));
	tfd = clock_utimer(PERIOD, &id);
	REQUIRE(tfd >= 0, "utimer clock: %s", errname(errno));
	OK(open_cable(&k, 0, 0, 0, 0));
	OK(sp_set_hw(k.p, &c, NULL));
	OK(sp_set_hw(k.c, &c, NULL));
	OK(sp_prepare(k.p));
	OK(sp_prepare(k.c));
	OK(sp_start(k.c));
	REQUIRE(write(k.p, out, sizeof(out)) == (ssize_t)sizeof(out), "write: %s", errname(errno));
	OK(sp_utimer_trigger(tfd));
	REQUIRE(read(k.c, in, PERIOD_BYTES) == PERIOD_BYTES, "read of the triggered period: %s",
		errname(errno));
	REQUIRE(in[0] == 'u' && in[PERIOD_BYTES - 1] == 'u', "captured data wrong");

	/* the clock goes away */
	close(tfd);
	{
		int q = tu_open(0);
		struct snd_timer_ginfo gi;

		end = tu_now_ms() + 10000;
		while (tu_ginfo(q, tu_gtid(SNDRV_TIMER_GLOBAL_UDRIVEN, id), &gi) == 0) {
			REQUIRE(tu_now_ms() < end, "utimer %d still exists 10 s after close", id);
			tu_msleep(10);
		}
		close(q);
	}
	h1 = sp_hw_ptr(k.c);
	tu_msleep(300);
	h2 = sp_hw_ptr(k.c);
	REQUIRE(h1 == PERIOD && h2 == h1, "capture hw_ptr %ld -> %ld without a clock, expected %u",
		h1, h2, PERIOD);
	STATE(k.c, SNDRV_PCM_STATE_RUNNING);
	STATE(k.p, SNDRV_PCM_STATE_RUNNING);

	/*
	 * A blocking read gets no data and returns: EINTR when the reader is
	 * interrupted (here after 300 ms), or EIO when the PCM core's wait
	 * timeout ends it first (modern kernels: max(100 ms, 1.1 x buffer
	 * time); before 6.5: 10 s).
	 */
	kk.target = pthread_self();
	kk.delay_ms = 300;
	for (int pass = 0; pass < 2; pass++) {
		REQUIRE(pthread_create(&th, NULL, kick, &kk) == 0, "pthread_create");
		t0 = tu_now_ms();
		r = pass ? sp_readi(k.c, in, PERIOD) : read(k.c, in, PERIOD_BYTES);
		e = errno;
		dt = tu_now_ms() - t0;
		pthread_join(th, NULL);
		REQUIRE(r == -1 && (e == EINTR || e == EIO), "blocking %s on a stalled stream: %s",
			pass ? "READI" : "read()", r == -1 ? errname(e) : "returned data");
		note("blocking %s on the stalled stream: %s after %" PRId64 " ms",
		     pass ? "READI" : "read()", errname(e), dt);
	}
	/* non-blocking: EAGAIN at once */
	OK(fcntl(k.c, F_SETFL, O_NONBLOCK));
	ERR(read(k.c, in, PERIOD_BYTES), EAGAIN);
	/* starting again on the cable fails: its timer is gone (kernel-facts A2) */
	OK(sp_drop(k.c));
	OK(sp_prepare(k.c));
	ERR(sp_start(k.c), EINVAL);
	close_cable(&k);

	/* once both ends are closed the cable goes; a new open parses the source again */
	end = tu_now_ms() + 10000;
	while (!proc_closed(0, SP_PLAYBACK, 0) || !proc_closed(1, SP_CAPTURE, 0)) {
		REQUIRE(tu_now_ms() < end, "substreams not closed 10 s after close()");
		tu_msleep(10);
	}
	ERR(sp_open_sub(0, SP_PLAYBACK, 0, O_NONBLOCK), ENODEV);
	tfd = clock_utimer(PERIOD, &id);
	REQUIRE(tfd >= 0, "second utimer clock: %s", errname(errno));
	OK(open_cable(&k, 0, 0, 0, 0));
	OK(sp_set_hw(k.p, &c, NULL));
	OK(sp_set_hw(k.c, &c, NULL));
	OK(sp_prepare(k.p));
	OK(sp_prepare(k.c));
	OK(sp_start(k.c));
	REQUIRE(write(k.p, out, sizeof(out)) == (ssize_t)sizeof(out), "write: %s", errname(errno));
	OK(sp_utimer_trigger(tfd));
	REQUIRE(read(k.c, in, PERIOD_BYTES) == PERIOD_BYTES, "read after reopening: %s",
		errname(errno));
	REQUIRE(in[0] == 'u', "captured data wrong after reopening");
	close_cable(&k);
	close(tfd);
	return 0;
}

static int chk_sigkill_client(void)
{
	struct sp_config c = cfg(PERIOD, 8 * PERIOD);
	char buf[256];
	int pfd[2], st, fd;
	pid_t pid;
	int64_t end;

	OK(clock_system());
	OK(pipe(pfd));
	pid = fork();
	REQUIRE(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		enum { NP = 200 };	/* 4 s of audio into a 160 ms ring */
		unsigned char *data = calloc(NP, PERIOD_BYTES);
		int cfd = sp_open_sub(0, SP_PLAYBACK, 0, 0);

		close(pfd[0]);
		if (!data || cfd < 0 || sp_set_hw(cfd, &c, NULL) < 0 || sp_prepare(cfd) < 0)
			_exit(3);
		if (write(pfd[1], "w", 1) != 1)
			_exit(3);
		if (write(cfd, data, NP * PERIOD_BYTES) < 0)
			_exit(4);
		_exit(0);
	}
	close(pfd[1]);
	REQUIRE(read(pfd[0], buf, 1) == 1, "child did not get ready");
	close(pfd[0]);
	tu_msleep(300);
	REQUIRE(waitpid(pid, &st, WNOHANG) == 0, "child is not blocked in write (status 0x%x)", st);
	REQUIRE(sp_read_text("proc/asound/card0/pcm0p/sub0/status", buf, sizeof(buf)) > 0 &&
		strstr(buf, "state: RUNNING"), "status while the child writes: %s", buf);
	ERR(sp_open_sub(0, SP_PLAYBACK, 0, O_NONBLOCK), EBUSY);
	kill(pid, SIGKILL);
	REQUIRE(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
		"child status 0x%x", st);
	end = tu_now_ms() + 10000;
	while (!proc_closed(0, SP_PLAYBACK, 0)) {
		REQUIRE(tu_now_ms() < end, "pcm0p/sub0/status still '%s' 10 s after the kill",
			(sp_read_text("proc/asound/card0/pcm0p/sub0/status", buf, sizeof(buf)), buf));
		tu_msleep(10);
	}
	fd = sp_open_sub(0, SP_PLAYBACK, 0, O_NONBLOCK);
	REQUIRE(fd >= 0, "reopen of sub0 after the kill: %s", errname(errno));
	REQUIRE(sp_subdevice(fd) == 0, "reopen got subdevice %d", sp_subdevice(fd));
	STATE(fd, SNDRV_PCM_STATE_OPEN);
	close(fd);
	return 0;
}

/* ------------------------------------------------------------------ */
/* checks: transfers and clock                                         */

static int chk_writei_readi(void)
{
	struct sp_config c = cfg(PERIOD, 4 * PERIOD);
	unsigned char out[3 * PERIOD_BYTES], in[4 * PERIOD_BYTES];
	struct snd_xferi x;
	struct cable k;
	uint64_t seed = 7;
	int tfd, id = -1;

	tfd = clock_utimer(PERIOD, &id);
	REQUIRE(tfd >= 0, "utimer clock: %s", errname(errno));
	OK(open_cable(&k, 1, 0, 0, O_NONBLOCK));	/* D1p -> D0c */
	OK(sp_set_hw(k.p, &c, NULL));
	OK(sp_set_hw(k.c, &c, NULL));
	OK(sp_set_sw(k.p, PERIOD, 1, 0, NULL));
	OK(sp_prepare(k.p));
	OK(sp_prepare(k.c));
	OK(sp_start(k.c));
	prng_fill(&seed, out, sizeof(out));
	memset(&x, 0, sizeof(x));
	x.buf = out;
	x.frames = 3 * PERIOD;
	x.result = -12345;
	OK(ioctl(k.p, SNDRV_PCM_IOCTL_WRITEI_FRAMES, &x));
	REQUIRE(x.result == 3 * PERIOD, "WRITEI result %ld, expected %u", (long)x.result, 3 * PERIOD);
	/* the last free period */
	memset(&x, 0, sizeof(x));
	x.buf = out;
	x.frames = PERIOD;
	OK(ioctl(k.p, SNDRV_PCM_IOCTL_WRITEI_FRAMES, &x));
	REQUIRE(x.result == PERIOD, "WRITEI of the last free period: result %ld, expected %u",
		(long)x.result, PERIOD);
	REQUIRE(sp_avail(k.p) == 0, "playback avail %ld with a full ring", sp_avail(k.p));
	for (int i = 0; i < 3; i++)
		OK(sp_utimer_trigger(tfd));
	REQUIRE(wait_avail(k.c, 3 * PERIOD, 5000) == 3 * PERIOD, "capture avail %ld", sp_avail(k.c));
	memset(&x, 0, sizeof(x));
	memset(in, 0, sizeof(in));
	x.buf = in;
	x.frames = PERIOD;
	x.result = -12345;
	OK(ioctl(k.c, SNDRV_PCM_IOCTL_READI_FRAMES, &x));
	REQUIRE(x.result == PERIOD, "READI result %ld, expected %u", (long)x.result, PERIOD);
	memset(&x, 0, sizeof(x));
	x.buf = in + PERIOD_BYTES;
	x.frames = 2 * PERIOD;
	OK(ioctl(k.c, SNDRV_PCM_IOCTL_READI_FRAMES, &x));
	REQUIRE(x.result == 2 * PERIOD, "READI of the 2 periods left: result %ld", (long)x.result);
	REQUIRE(memcmp(in, out, 3 * PERIOD_BYTES) == 0, "captured data differs");
	REQUIRE(sp_avail(k.c) == 0, "capture avail %ld after reading everything", sp_avail(k.c));
	ERR(read(k.c, in, PERIOD_BYTES), EAGAIN);
	/* a read() that is not whole frames is refused */
	ERR(read(k.c, in, FRAME_BYTES + 1), EINVAL);
	close_cable(&k);
	close(tfd);
	return 0;
}

static int chk_system_clock_rate(void)
{
	struct sp_config c = cfg(PERIOD, 8 * PERIOD);
	unsigned char buf[PERIOD_BYTES];
	struct snd_pcm_sync_ptr sp;
	int64_t t0, t0b, ts, t1;
	long total = 0, hw, expect_lo, expect_hi;
	int fd;

	OK(clock_system());
	fd = sp_open_sub(1, SP_CAPTURE, 0, 0);
	REQUIRE(fd >= 0, "open: %s", errname(errno));
	OK(sp_set_hw(fd, &c, NULL));
	OK(sp_prepare(fd));
	t0 = tu_now_ns();
	OK(sp_start(fd));
	t0b = tu_now_ns();
	while (tu_now_ns() - t0 < 10 * 1000000000LL) {
		long r = sp_readi(fd, buf, PERIOD);

		REQUIRE(r > 0, "READI after %ld frames: %s", total, errname(errno));
		total += r;
	}
	ts = tu_now_ns();
	OK(sp_sync_ptr(fd, 1, &sp));
	t1 = tu_now_ns();
	hw = (long)sp.s.status.hw_ptr;
	/* frames the clock produced between START and the sync, with the call windows */
	expect_lo = (long)(((ts - t0b) / 1000) * RATE / 1000000) - (long)PERIOD;
	expect_hi = (long)(((t1 - t0) / 1000) * RATE / 1000000) + (long)PERIOD;
	note("START..sync %.6f s: hw_ptr %ld, read %ld frames; allowed [%ld, %ld]",
	     (double)(t1 - t0) / 1e9, hw, total, expect_lo, expect_hi);
	REQUIRE(hw >= expect_lo && hw <= expect_hi,
		"hw_ptr %ld after %.6f s at %u Hz: outside [%ld, %ld] (one period of slack)",
		hw, (double)(t1 - t0) / 1e9, RATE, expect_lo, expect_hi);
	REQUIRE(total >= 480000 - (long)PERIOD && total <= 480000 + 2 * (long)PERIOD,
		"read %ld frames in 10 s, expected 480000 +- a period", total);
	close(fd);
	return 0;
}

/*
 * O_NONBLOCK (given at open) on a utimer-clocked cable that is not
 * triggered: read() of an empty capture, write() to a full playback,
 * READI_FRAMES, WRITEI_FRAMES and DRAIN (kernel: EAGAIN once the stream is
 * DRAINING) all return EAGAIN at once, and a non-blocking READI of more than
 * there is returns the part that is there.  A call that blocks instead is
 * interrupted after 2 s; every deviation is listed in the detail.
 */
static long nb_call(int what, int fd, void *buf, unsigned long frames, int *err)
{
	struct kicker kk = { pthread_self(), 2000 };
	pthread_t th;
	long r;

	if (pthread_create(&th, NULL, kick, &kk) != 0) {
		*err = EAGAIN;
		return -2;
	}
	errno = 0;
	switch (what) {
	case 0: r = read(fd, buf, frames * FRAME_BYTES); break;
	case 1: r = write(fd, buf, frames * FRAME_BYTES); break;
	case 2: r = sp_readi(fd, buf, frames); break;
	case 3: r = sp_writei(fd, buf, frames); break;
	default: r = sp_drain(fd); break;
	}
	*err = errno;
	pthread_join(th, NULL);	/* the kick lands here if the call was quick */
	return r;
}

static int chk_xfer_nonblock(void)
{
	static const char *const names[] = { "read()", "write()", "READI_FRAMES", "WRITEI_FRAMES", "DRAIN" };
	struct sp_config c = cfg(PERIOD, 4 * PERIOD);
	unsigned char out[4 * PERIOD_BYTES] = { 0 }, in[4 * PERIOD_BYTES];
	char bad[768] = "";
	struct sigaction sa;
	struct cable k;
	int tfd, id = -1, e;
	long r;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART */
	sigaction(SIGUSR1, &sa, NULL);
	tfd = clock_utimer(PERIOD, &id);
	REQUIRE(tfd >= 0, "utimer clock: %s", errname(errno));
	OK(open_cable(&k, 0, 0, O_NONBLOCK, O_NONBLOCK));
	OK(sp_set_hw(k.p, &c, NULL));
	OK(sp_set_hw(k.c, &c, NULL));
	OK(sp_prepare(k.p));
	OK(sp_prepare(k.c));
	OK(sp_start(k.c));
	REQUIRE(write(k.p, out, sizeof(out)) == (ssize_t)sizeof(out), "filling the playback ring: %s",
		errname(errno));
	STATE(k.p, SNDRV_PCM_STATE_RUNNING);
	for (int what = 0; what < 5; what++) {
		int fd = what == 0 || what == 2 ? k.c : k.p;

		r = nb_call(what, fd, what % 2 == 0 ? (void *)in : (void *)out, PERIOD, &e);
		if (r == -1 && e == EAGAIN)
			continue;
		snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad), "%s%s %s", bad[0] ? "; " : "",
			 names[what],
			 r == -1 && e == EINTR ? "blocked (interrupted after 2 s)" :
			 r == -1 ? errname(e) : "succeeded");
	}
	/* kernel: a non-blocking DRAIN leaves the playback DRAINING */
	{
		int st = sp_state(k.p);

		if (st != SNDRV_PCM_STATE_DRAINING)
			snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad),
				 "%sstate after DRAIN is %s, expected DRAINING", bad[0] ? "; " : "",
				 sp_state_name(st));
	}
	/* two periods arrive; a non-blocking READI of four returns those two */
	OK(sp_utimer_trigger(tfd));
	OK(sp_utimer_trigger(tfd));
	REQUIRE(wait_avail(k.c, 2 * PERIOD, 5000) == 2 * PERIOD, "capture avail %ld", sp_avail(k.c));
	r = nb_call(2, k.c, in, 4 * PERIOD, &e);
	if (r != 2 * PERIOD)
		snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad),
			 "%sREADI of 4 periods with 2 there: %s%ld", bad[0] ? "; " : "",
			 r == -1 && e == EINTR ? "blocked, " : r == -1 ? errname(e) : "result ",
			 r == -1 ? 0L : r);
	close_cable(&k);
	close(tfd);
	REQUIRE(!bad[0], "%s", bad);
	return 0;
}

/* ------------------------------------------------------------------ */
/* runner                                                              */

struct check {
	const char *name;
	int (*fn)(void);
	int timeout_s;
};

/* check_run() calls int (*)(long): the suite's checks take no argument. */
static const struct check *g_current;

static int call_current(long unused)
{
	(void)unused;
	return g_current->fn();
}

static const struct check checks[] = {
	{ "pversion-2.0.15", chk_pversion, 20 },
	{ "info-of-each-node", chk_info, 20 },
	{ "open-beyond-substreams-nonblock-ebusy", chk_open_beyond, 30 },
	{ "write-before-prepare-ebadfd", chk_write_before_setup, 20 },
	{ "start-in-setup-ebadfd", chk_start_in_setup, 20 },
	{ "hw-params-while-running-ebadfd", chk_hw_params_running, 20 },
	{ "sw-params-in-open-ebadfd", chk_sw_params_open, 20 },
	{ "unknown-ioctl-enotty", chk_unknown_ioctl, 20 },
	{ "link-einval", chk_link_einval, 20 },
	{ "param-mismatch-rate-einval", chk_param_mismatch, 20 },
	{ "one-period-per-trigger", chk_one_period_per_trigger, 30 },
	{ "byte-exact-every-substream-pair", chk_byte_exact_all, 120 },
	{ "shared-utimer-delayed-start", chk_shared_utimer, 30 },
	{ "capture-only-silence", chk_capture_silence, 30 },
	{ "xrun-epipe-prepare-recovers", chk_xrun, 30 },
	{ "drain-blocks-until-played", chk_drain, 30 },
	{ "pause-holds-position", chk_pause, 30 },
	{ "blocking-write-larger-than-ring", chk_big_blocking_write, 30 },
	{ "utimer-closed-mid-stream", chk_utimer_close, 60 },
	{ "sigkilled-client-frees-substream", chk_sigkill_client, 40 },
	{ "writei-readi-result", chk_writei_readi, 30 },
	{ "nonblock-xfer-and-drain-eagain", chk_xfer_nonblock, 60 },
	{ "system-clock-rate-10s", chk_system_clock_rate, 60 },
};
#define NCHECKS ((int)(sizeof(checks) / sizeof(checks[0])))

/* After a check: every substream closed, the original timer source back. */
static void settle(const char *after)
{
	int64_t end = tu_now_ms() + 15000;

	for (;;) {
		int open_ones = 0;

		for (int d = 0; d < 2; d++)
			for (int s = 0; s < 2; s++)
				for (int n = 0; n < g_subs; n++)
					open_ones += !proc_closed(d, s, n);
		if (!open_ones)
			break;
		if (tu_now_ms() >= end) {
			printf("# warning: after '%s': %d substreams still open\n", after, open_ones);
			break;
		}
		tu_msleep(10);
	}
	sp_set_timer_source(g_saved_source);
}

int main(int argc, char **argv)
{
	int opt, timeout_s = 120, failed = 0, num = 0, nexcl = 0;
	const char *excl[16];
	char buf[512];
	bool list = false;
	struct stat sb;

	while ((opt = getopt(argc, argv, "lt:x:h")) != -1) {
		switch (opt) {
		case 'l':
			list = true;
			break;
		case 'x':
			if (nexcl < 16)
				excl[nexcl++] = optarg;
			break;
		case 't':
			timeout_s = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-l] [-t SECONDS] [-x PATTERN]... [PATTERN...]\n", argv[0]);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	if (list) {
		for (int i = 0; i < NCHECKS; i++)
			printf("%s\n", checks[i].name);
		return 0;
	}
	printf("# mount: %s\n", sp_mount());
	if (stat(sp_node_path(0, SP_PLAYBACK), &sb) < 0) {
		printf("not ok 1 - PCM node %s exists: %s\n1..1\n", sp_node_path(0, SP_PLAYBACK),
		       strerror(errno));
		return 1;
	}
	/* the configured substream count: snd_aloop's pcm_substreams for card 0 (default 8) */
	if (sp_read_text("sys/module/snd_aloop/parameters/pcm_substreams", buf, sizeof(buf)) > 0)
		g_subs = atoi(buf);
	if (g_subs < 1 || g_subs > 8)
		g_subs = 8;
	if (sp_read_text("proc/asound/card0/timer_source", g_saved_source, sizeof(g_saved_source)) < 0) {
		printf("not ok 1 - proc/asound/card0/timer_source readable: %s\n1..1\n", strerror(errno));
		return 1;
	}
	g_saved_source[strcspn(g_saved_source, "\n")] = '\0';
	printf("# %d substreams per PCM node (pcm_substreams; default 8)\n", g_subs);
	for (int i = 0; i < NCHECKS; i++) {
		bool want = optind >= argc;

		for (int a = optind; a < argc && !want; a++)
			want = strstr(checks[i].name, argv[a]) != NULL;
		for (int x = 0; x < nexcl && want; x++)
			want = strstr(checks[i].name, excl[x]) == NULL;
		if (!want)
			continue;
		g_current = &checks[i];
		failed += check_run(++num, checks[i].name, call_current, 0,
				    checks[i].timeout_s < timeout_s ? checks[i].timeout_s : timeout_s);
		settle(checks[i].name);
	}
	printf("1..%d\n", num);
	printf("# %d passed, %d failed\n", num - failed, failed);
	return failed ? 1 : 0;
}
