// SPDX-License-Identifier: MIT
/*
 * pcm-link-pause - alsa-lib's snd_pcm_pause() and snd_pcm_link() on the loopback, the way unmodified programs
 * call them (run under the preload library: selftests/alsa-lib/run-link.sh).
 *
 *   pause   hw:0,0,SUB plays a counter pattern (no frame is all zero) into hw:0,1,SUB, which records it on a
 *           thread. Mid-stream snd_pcm_pause(1): the state is PAUSED and avail stays put for 300 ms; then
 *           snd_pcm_pause(0) and the rest is played and drained. The recording, all-zero frames (the silence
 *           while nothing played) removed, must be the pattern byte for byte: no frame lost or repeated.
 *   link    what alsa-lib's test/latency.c does: playback hw:0,0,SUB and capture hw:0,1,SUB with
 *           start_threshold out of reach, snd_pcm_link(capture, playback), silence written ahead, one
 *           snd_pcm_start(capture) that starts both (equal trigger timestamps), then 5 s of read-a-period,
 *           write-it-back without an xrun; snd_pcm_drop(capture) stops the playback too.
 *
 * usage: pcm-link-pause pause|link SUB      prints TAP lines ("ok"/"not ok"), exit 0 when all passed
 */
#include <alsa/asoundlib.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RATE	48000u
#define PERIOD	960u		/* 20 ms */
#define FB	4u		/* S16_LE stereo */

static int num, failed;

static void result(bool ok, const char *what, const char *detail)
{
	num++;
	if (!ok)
		failed++;
	printf("%sok %d - %s%s%s\n", ok ? "" : "not ", num, what, ok || !detail ? "" : ": ", ok || !detail ? "" : detail);
	fflush(stdout);
}

static snd_pcm_t *open_end(const char *name, snd_pcm_stream_t dir, unsigned int periods, bool no_autostart)
{
	snd_pcm_hw_params_t *hw;
	snd_pcm_sw_params_t *sw;
	snd_pcm_uframes_t period = PERIOD, buffer = (snd_pcm_uframes_t)periods * PERIOD, boundary;
	unsigned int rate = RATE;
	snd_pcm_t *h;
	int err;

	if ((err = snd_pcm_open(&h, name, dir, 0)) < 0) {
		fprintf(stderr, "open %s: %s\n", name, snd_strerror(err));
		return NULL;
	}
	snd_pcm_hw_params_alloca(&hw);
	snd_pcm_sw_params_alloca(&sw);
	if ((err = snd_pcm_hw_params_any(h, hw)) < 0 ||
	    (err = snd_pcm_hw_params_set_access(h, hw, SND_PCM_ACCESS_RW_INTERLEAVED)) < 0 ||
	    (err = snd_pcm_hw_params_set_format(h, hw, SND_PCM_FORMAT_S16_LE)) < 0 ||
	    (err = snd_pcm_hw_params_set_channels(h, hw, 2)) < 0 ||
	    (err = snd_pcm_hw_params_set_rate_near(h, hw, &rate, NULL)) < 0 ||
	    (err = snd_pcm_hw_params_set_period_size_near(h, hw, &period, NULL)) < 0 ||
	    (err = snd_pcm_hw_params_set_buffer_size_near(h, hw, &buffer)) < 0 ||
	    (err = snd_pcm_hw_params(h, hw)) < 0 ||
	    (err = snd_pcm_sw_params_current(h, sw)) < 0 ||
	    (err = snd_pcm_sw_params_set_avail_min(h, sw, PERIOD)) < 0 ||
	    (err = snd_pcm_sw_params_get_boundary(sw, &boundary)) < 0 ||
	    (no_autostart && (err = snd_pcm_sw_params_set_start_threshold(h, sw, boundary)) < 0) ||
	    (err = snd_pcm_sw_params_set_tstamp_mode(h, sw, SND_PCM_TSTAMP_ENABLE)) < 0 ||
	    (err = snd_pcm_sw_params(h, sw)) < 0) {
		fprintf(stderr, "parameters of %s: %s\n", name, snd_strerror(err));
		snd_pcm_close(h);
		return NULL;
	}
	if (rate != RATE || period != PERIOD) {
		fprintf(stderr, "%s: got rate %u period %lu\n", name, rate, period);
		snd_pcm_close(h);
		return NULL;
	}
	return h;
}

static long long trigger_ns(snd_pcm_t *h)
{
	snd_pcm_status_t *st;
	snd_htimestamp_t t;

	snd_pcm_status_alloca(&st);
	if (snd_pcm_status(h, st) < 0)
		return -1;
	snd_pcm_status_get_trigger_htstamp(st, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* ---------------------------------------------------------------- pause */

#define PLAY_PERIODS 60u		/* 1.2 s */
#define REC_PERIODS (PLAY_PERIODS + 60u)

struct recorder {
	snd_pcm_t *h;
	unsigned char *buf;
	size_t frames;
	volatile bool stop;
	int err;
};

static void *record(void *arg)
{
	struct recorder *r = arg;

	while (!r->stop && r->frames + PERIOD <= REC_PERIODS * PERIOD) {
		snd_pcm_sframes_t n = snd_pcm_readi(r->h, r->buf + r->frames * FB, PERIOD);

		if (n < 0) {
			r->err = (int)n;
			break;
		}
		r->frames += (size_t)n;
	}
	return NULL;
}

static int do_pause(int sub)
{
	char pname[32], cname[32], detail[160];
	unsigned char *out = malloc(PLAY_PERIODS * PERIOD * FB);
	struct recorder r = { .buf = calloc(REC_PERIODS * PERIOD, FB) };
	snd_pcm_sframes_t a1, a2;
	snd_pcm_t *p;
	pthread_t th;
	size_t kept = 0, half = PLAY_PERIODS / 2 * PERIOD;
	int err;

	snprintf(pname, sizeof(pname), "hw:0,0,%d", sub);
	snprintf(cname, sizeof(cname), "hw:0,1,%d", sub);
	for (size_t i = 0; i < PLAY_PERIODS * PERIOD * FB; i += 2) {
		unsigned v = (unsigned)(i / 2) * 2654435761u;
		out[i] = (unsigned char)(v >> 16 | 1);	/* never zero: silence is told apart */
		out[i + 1] = (unsigned char)(v >> 24);
	}
	p = open_end(pname, SND_PCM_STREAM_PLAYBACK, 16, false);
	r.h = open_end(cname, SND_PCM_STREAM_CAPTURE, 32, false);
	if (!p || !r.h) {
		result(false, "open hw:0,0 and hw:0,1 with S16_LE 2ch 48 kHz, 960-frame periods", NULL);
		return 1;
	}
	snd_pcm_start(r.h);
	pthread_create(&th, NULL, record, &r);
	err = (int)snd_pcm_writei(p, out, half);
	result(err == (int)half, "snd_pcm_writei of the first half", err < 0 ? snd_strerror(err) : NULL);
	err = snd_pcm_pause(p, 1);
	result(err == 0 && snd_pcm_state(p) == SND_PCM_STATE_PAUSED, "snd_pcm_pause(1) mid-stream: PAUSED",
	       err < 0 ? snd_strerror(err) : snd_pcm_state_name(snd_pcm_state(p)));
	a1 = snd_pcm_avail(p);
	usleep(300000);
	a2 = snd_pcm_avail(p);
	snprintf(detail, sizeof(detail), "avail %ld then %ld", (long)a1, (long)a2);
	result(a1 >= 0 && a1 == a2 && a1 < (snd_pcm_sframes_t)(16 * PERIOD), "the position stays frozen for 300 ms",
	       detail);
	err = snd_pcm_pause(p, 0);
	result(err == 0 && snd_pcm_state(p) == SND_PCM_STATE_RUNNING, "snd_pcm_pause(0): RUNNING again",
	       err < 0 ? snd_strerror(err) : snd_pcm_state_name(snd_pcm_state(p)));
	err = (int)snd_pcm_writei(p, out + half * FB, PLAY_PERIODS * PERIOD - half);
	result(err == (int)(PLAY_PERIODS * PERIOD - half), "snd_pcm_writei of the second half",
	       err < 0 ? snd_strerror(err) : NULL);
	err = snd_pcm_drain(p);
	result(err == 0, "snd_pcm_drain", err < 0 ? snd_strerror(err) : NULL);
	usleep(200000);
	r.stop = true;
	pthread_join(th, NULL);
	for (size_t f = 0; f < r.frames; f++) {
		static const unsigned char zero[FB];

		if (memcmp(r.buf + f * FB, zero, FB) != 0)
			memmove(r.buf + kept++ * FB, r.buf + f * FB, FB);
	}
	snprintf(detail, sizeof(detail), "recorded %zu frames (error %s), %zu of them not silence, %u played",
		 r.frames, r.err ? snd_strerror(r.err) : "none", kept, PLAY_PERIODS * PERIOD);
	result(r.err == 0 && kept == PLAY_PERIODS * PERIOD && memcmp(r.buf, out, kept * FB) == 0,
	       "the recording is every played frame, byte-exact, around the pause's silence", detail);
	snd_pcm_close(p);
	snd_pcm_close(r.h);
	free(out);
	free(r.buf);
	return failed ? 1 : 0;
}

/* ---------------------------------------------------------------- link */

#define LATENCY_PERIODS 8u
#define RUN_SECONDS 5u

static int do_link(int sub)
{
	static unsigned char buf[PERIOD * FB];
	char pname[32], cname[32], detail[200];
	long long tp, tc;
	snd_pcm_t *p, *c;
	unsigned int loops = RUN_SECONDS * RATE / PERIOD, i;
	int err = 0;

	snprintf(pname, sizeof(pname), "hw:0,0,%d", sub);
	snprintf(cname, sizeof(cname), "hw:0,1,%d", sub);
	p = open_end(pname, SND_PCM_STREAM_PLAYBACK, 16, true);
	c = open_end(cname, SND_PCM_STREAM_CAPTURE, 16, true);
	if (!p || !c) {
		result(false, "open hw:0,0 and hw:0,1 with S16_LE 2ch 48 kHz, 960-frame periods", NULL);
		return 1;
	}
	err = snd_pcm_link(c, p);
	result(err == 0, "snd_pcm_link(capture, playback)", err < 0 ? snd_strerror(err) : NULL);
	for (i = 0; i < LATENCY_PERIODS && err == 0; i++)
		err = snd_pcm_writei(p, buf, PERIOD) == PERIOD ? 0 : -EIO;
	result(err == 0 && snd_pcm_state(p) == SND_PCM_STATE_PREPARED, "silence written ahead, playback not started",
	       snd_pcm_state_name(snd_pcm_state(p)));
	err = snd_pcm_start(c);
	result(err == 0 && snd_pcm_state(p) == SND_PCM_STATE_RUNNING && snd_pcm_state(c) == SND_PCM_STATE_RUNNING,
	       "snd_pcm_start(capture) starts both", err < 0 ? snd_strerror(err) : snd_pcm_state_name(snd_pcm_state(p)));
	tp = trigger_ns(p);
	tc = trigger_ns(c);
	snprintf(detail, sizeof(detail), "playback %lld ns, capture %lld ns", tp, tc);
	result(tp > 0 && tp == tc, "equal trigger timestamps (latency.c's \"Hardware sync\")", detail);
	for (i = 0; i < loops; i++) {
		snd_pcm_sframes_t n = snd_pcm_readi(c, buf, PERIOD);

		if (n != PERIOD) {
			err = n < 0 ? (int)n : -EIO;
			break;
		}
		n = snd_pcm_writei(p, buf, PERIOD);
		if (n != PERIOD) {
			err = n < 0 ? (int)n : -EIO;
			break;
		}
	}
	snprintf(detail, sizeof(detail), "stopped after %u of %u periods: %s", i, loops,
		 err < 0 ? snd_strerror(err) : "");
	result(i == loops && snd_pcm_state(p) == SND_PCM_STATE_RUNNING && snd_pcm_state(c) == SND_PCM_STATE_RUNNING,
	       "5 s of read-a-period, write-it-back without an xrun", detail);
	err = snd_pcm_drop(c);
	result(err == 0 && snd_pcm_state(p) == SND_PCM_STATE_SETUP, "snd_pcm_drop(capture) stops the playback too",
	       snd_pcm_state_name(snd_pcm_state(p)));
	err = snd_pcm_unlink(c);
	result(err == 0, "snd_pcm_unlink", err < 0 ? snd_strerror(err) : NULL);
	snd_pcm_close(p);
	snd_pcm_close(c);
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	int sub = argc > 2 ? atoi(argv[2]) : 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && strcmp(argv[1], "pause") == 0)
		return do_pause(sub);
	if (argc > 1 && strcmp(argv[1], "link") == 0)
		return do_link(sub);
	fprintf(stderr, "usage: %s pause|link SUB\n", argv[0]);
	return 2;
}
