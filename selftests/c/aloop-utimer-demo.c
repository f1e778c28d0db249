// SPDX-License-Identifier: MIT
/*
 * aloop-utimer-demo - a loopback cable clocked by a userspace-driven timer.
 *
 * The idea of the kernel's Documentation/sound/utimers.rst, end to end on
 * sndfuse: the application that produces audio is also the clock of the
 * loopback.  It
 *
 *   1. creates a utimer whose resolution is exactly the stream's period time
 *      (the PCM core's gcd-reduced integer ns: 48000 Hz x 960 frames =
 *      20 000 000 ns),
 *   2. points snd-aloop at it by writing "-1.4.<id>" to
 *      proc/asound/card0/timer_source (before opening the PCMs: the source
 *      is taken when a cable is created),
 *   3. opens pcmC0D0p (playback) and the matching pcmC0D1c (capture, same
 *      subdevice), sets the same hw params on both, prepares both and
 *      starts the capture,
 *   4. writes one period filled with one letter (A, B, C, D, A, ...) and
 *      fires TRIGGER once per period, while a reader thread reads the
 *      capture end period by period.
 *
 * Expected behaviour (snd-aloop timer mode): the capture is started first
 * but the timer only ticks when triggered, and the first TRIGGER comes after
 * the first playback period was written (which starts the playback), so the
 * capture gets no leading silence: capture period k equals playback period
 * k for every k, from the very first one.  After N triggers both hardware
 * pointers stand at exactly N periods.  The playback runs with xruns
 * disabled (stop_threshold = boundary), because one TRIGGER after each
 * written period empties its ring every time.
 *
 * With -S N the demo first fires N triggers while only the capture runs:
 * each of them gives the capture exactly one period of silence (printed as
 * '.'), and the letters follow right after.
 *
 * Output: the stream as read ("ABCDABCD...", or "..ABCD..." with -S), then
 * "OK: N periods, byte-exact" (exit 0) or "FAIL: ..." (exit 1).
 *
 * usage: aloop-utimer-demo [-n PERIODS] [-r RATE] [-p PERIOD_FRAMES]
 *                          [-b BUFFER_PERIODS] [-i INTERVAL_MS] [-S N]
 *                          [-R RESOLUTION_NS]
 *   defaults: 16 periods, 48000 Hz, 960 frames, 4 periods per buffer,
 *   no pause between triggers (-i 20 at 48000/960 is real time), -S 0.
 *   -R creates the utimer with another resolution than the period time:
 *   snd-aloop then stops both ends (XRUN) at the first tick and logs which
 *   period size would match, so the demo fails (exit 1).
 * Environment: SNDFUSE_MOUNT (default /tmp/snd).  The previous timer_source
 * is restored at exit.
 */
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sndfuse/pcm.h>

struct shared {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	long consumed;		/* periods the reader has checked */
	bool failed;
	char why[256];
};

static struct shared g = {
	.lock = PTHREAD_MUTEX_INITIALIZER,
	.cond = PTHREAD_COND_INITIALIZER,
};

static int g_cfd = -1;
static long g_periods = 16;
static long g_leadin;		/* triggers before the first playback period */
static size_t g_period_bytes;
static unsigned int g_period_frames;
static char g_saved_source[128];
static bool g_source_changed;

static char letter(long k)
{
	return (char)('A' + k % 4);
}

/* What capture period j must hold: silence during the lead-in, then letters. */
static unsigned char expected(long j)
{
	return j < g_leadin ? 0 : (unsigned char)letter(j - g_leadin);
}

static void restore_source(void)
{
	if (g_source_changed)
		sp_set_timer_source(g_saved_source);
}

static void on_alarm(int sig)
{
	static const char msg[] = "\nFAIL: watchdog expired (stream stalled)\n";

	(void)sig;
	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

static void fail_reader(const char *fmt, long k, int e)
{
	pthread_mutex_lock(&g.lock);
	snprintf(g.why, sizeof(g.why), fmt, k, e ? strerror(e) : "");
	g.failed = true;
	pthread_cond_broadcast(&g.cond);
	pthread_mutex_unlock(&g.lock);
}

static void *reader(void *arg)
{
	unsigned char *buf = malloc(g_period_bytes);

	(void)arg;
	if (!buf) {
		fail_reader("reader: out of memory (%ld)%s", 0, 0);
		return NULL;
	}
	for (long k = 0; k < g_leadin + g_periods; k++) {
		long got = 0;

		while (got < (long)g_period_frames) {
			long r = sp_readi(g_cfd, buf + (size_t)got * (g_period_bytes / g_period_frames),
					  g_period_frames - (unsigned long)got);

			if (r < 0) {
				if (errno == EINTR)
					continue;
				fail_reader("read of period %ld failed: %s", k, errno);
				free(buf);
				return NULL;
			}
			got += r;
		}
		for (size_t i = 0; i < g_period_bytes; i++) {
			if (buf[i] != expected(k)) {
				char what[160];

				snprintf(what, sizeof(what),
					 "period %%ld: byte %zu is 0x%02x, expected 0x%02x (%s)%%s",
					 i, buf[i], expected(k), k < g_leadin ? "silence" : "letter");
				fail_reader(what, k, 0);
				free(buf);
				return NULL;
			}
		}
		putchar(k < g_leadin ? '.' : letter(k - g_leadin));
		fflush(stdout);
		pthread_mutex_lock(&g.lock);
		g.consumed = k + 1;
		pthread_cond_broadcast(&g.cond);
		pthread_mutex_unlock(&g.lock);
	}
	free(buf);
	return NULL;
}

static int die(const char *what)
{
	printf("FAIL: %s: %s\n", what, strerror(errno));
	restore_source();
	return 1;
}

int main(int argc, char **argv)
{
	unsigned int rate = 48000, period = 960, bperiods = 4;
	long interval_ms = 0;
	struct snd_pcm_hw_params hp;
	struct snd_pcm_sync_ptr sp;
	struct sp_config cfg;
	unsigned long res, res_override = 0, boundary = 0;
	unsigned char *pbuf;
	pthread_t th;
	int opt, id = -1, tfd, cfd_extra, pfd, sub;
	bool failed;

	while ((opt = getopt(argc, argv, "n:r:p:b:i:S:R:h")) != -1) {
		switch (opt) {
		case 'n': g_periods = atol(optarg); break;
		case 'r': rate = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'p': period = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'b': bperiods = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'i': interval_ms = atol(optarg); break;
		case 'S': g_leadin = atol(optarg); break;
		case 'R': res_override = strtoul(optarg, NULL, 0); break;
		default:
			fprintf(stderr, "usage: %s [-n PERIODS] [-r RATE] [-p PERIOD_FRAMES] "
				"[-b BUFFER_PERIODS] [-i INTERVAL_MS] [-S N] [-R RESOLUTION_NS]\n", argv[0]);
			return 2;
		}
	}
	if (g_periods < 1 || g_leadin < 0 || rate == 0 || period == 0 || bperiods < 2) {
		fprintf(stderr, "bad arguments\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGALRM, on_alarm);
	alarm((unsigned int)(60 + (g_leadin + g_periods) * (interval_ms + 50) / 1000));

	cfg = sp_config_s16(rate, period, period * bperiods);
	g_period_frames = period;
	g_period_bytes = (size_t)period * sp_frame_bytes(&cfg);
	res = sp_period_ns(rate, period);
	if (res_override) {
		printf("note: utimer resolution %lu ns instead of the period time %lu ns\n",
		       res_override, res);
		res = res_override;
	}

	/* 1. the clock */
	tfd = sp_utimer_create(res, &id, &cfd_extra);
	if (tfd < 0)
		return die("utimer CREATE");
	printf("utimer %d: resolution %lu ns%s period of %u frames at %u Hz\n", id, res,
	       res_override ? ", not the" : " =", period, rate);

	/* 2. the loopback's timer source (remember the old one) */
	if (sp_read_text("proc/asound/card0/timer_source", g_saved_source, sizeof(g_saved_source)) < 0)
		return die("read proc/asound/card0/timer_source");
	g_saved_source[strcspn(g_saved_source, "\n")] = '\0';
	if (sp_use_utimer(id) < 0)
		return die("write proc/asound/card0/timer_source");
	g_source_changed = true;
	printf("timer_source: -1.4.%d\n", id);

	/* 3. both ends of one cable: dev0 playback subK -> dev1 capture subK */
	pfd = sp_open(0, SP_PLAYBACK, 0);
	if (pfd < 0)
		return die("open pcmC0D0p");
	sub = sp_subdevice(pfd);
	g_cfd = sp_open_sub(1, SP_CAPTURE, sub, 0);
	if (g_cfd < 0)
		return die("open pcmC0D1c (same subdevice)");
	printf("cable: pcmC0D0p sub%d -> pcmC0D1c sub%d, S16_LE 2ch %u Hz, period %u, buffer %u frames\n",
	       sub, sub, rate, period, period * bperiods);
	if (sp_set_hw(pfd, &cfg, &hp) < 0)
		return die("playback HW_PARAMS");
	if (sp_set_hw(g_cfd, &cfg, &hp) < 0)
		return die("capture HW_PARAMS");
	/* playback: start on the first frame, never xrun on an empty ring */
	if (sp_set_sw(pfd, period, 1, 0, &boundary) < 0)
		return die("playback SW_PARAMS");
	if (sp_prepare(pfd) < 0)
		return die("playback PREPARE");
	if (sp_prepare(g_cfd) < 0)
		return die("capture PREPARE");
	if (sp_start(g_cfd) < 0)
		return die("capture START");

	if (pthread_create(&th, NULL, reader, NULL) != 0) {
		errno = EAGAIN;
		return die("pthread_create");
	}

	/* 4. one period written, one TRIGGER, N times */
	pbuf = malloc(g_period_bytes);
	if (!pbuf)
		return die("malloc");
	printf("read: ");
	fflush(stdout);
	for (long j = 0; j < g_leadin + g_periods; j++) {
		long w, k = j - g_leadin;

		/* flow control: never let the capture ring fill up */
		pthread_mutex_lock(&g.lock);
		while (!g.failed && j - g.consumed >= (long)bperiods - 1)
			pthread_cond_wait(&g.cond, &g.lock);
		failed = g.failed;
		pthread_mutex_unlock(&g.lock);
		if (failed)
			break;
		if (k >= 0) {
			memset(pbuf, letter(k), g_period_bytes);
			w = sp_writei(pfd, pbuf, period);
			if (w != (long)period) {
				printf("\nFAIL: write of period %ld: %s\n", k,
				       w < 0 ? strerror(errno) : "short write");
				restore_source();
				return 1;
			}
		}
		if (sp_utimer_trigger(tfd) < 0) {
			printf("\nFAIL: TRIGGER %ld: %s\n", j, strerror(errno));
			restore_source();
			return 1;
		}
		if (interval_ms > 0)
			nanosleep(&(struct timespec){ interval_ms / 1000, (interval_ms % 1000) * 1000000L }, NULL);
	}
	pthread_join(th, NULL);
	putchar('\n');
	free(pbuf);

	if (g.failed) {
		printf("FAIL: %s\n", g.why);
		if (strstr(g.why, strerror(EPIPE)))
			printf("(XRUN: snd-aloop stops both ends when a tick's resolution is not the period "
			       "time; the daemon's log and events say which period size would match)\n");
		restore_source();
		return 1;
	}

	/* exactly one period per trigger on both ends */
	if (sp_sync_ptr(pfd, 0, &sp) < 0)
		return die("playback SYNC_PTR");
	if (sp.s.status.hw_ptr != (unsigned long)(g_periods * period)) {
		printf("FAIL: playback hw_ptr %lu after %ld triggers, expected %ld\n",
		       sp.s.status.hw_ptr, g_periods, g_periods * period);
		restore_source();
		return 1;
	}
	if (sp_sync_ptr(g_cfd, 0, &sp) < 0)
		return die("capture SYNC_PTR");
	if (sp.s.status.hw_ptr != (unsigned long)((g_leadin + g_periods) * period) ||
	    sp.s.status.state != SNDRV_PCM_STATE_RUNNING) {
		printf("FAIL: capture hw_ptr %lu state %s after %ld triggers, expected %ld RUNNING\n",
		       sp.s.status.hw_ptr, sp_state_name((int)sp.s.status.state), g_leadin + g_periods,
		       (g_leadin + g_periods) * period);
		restore_source();
		return 1;
	}

	sp_drop(pfd);
	sp_drop(g_cfd);
	close(pfd);
	close(g_cfd);
	close(tfd);
	if (cfd_extra >= 0)
		close(cfd_extra);
	restore_source();
	if (g_leadin)
		printf("OK: %ld periods, byte-exact (after exactly %ld silent lead-in periods; "
		       "hw_ptr %ld playback, %ld capture)\n", g_periods, g_leadin, g_periods * period,
		       (g_leadin + g_periods) * period);
	else
		printf("OK: %ld periods, byte-exact (no leading silence; hw_ptr %ld on both ends)\n",
		       g_periods, g_periods * period);
	return 0;
}
