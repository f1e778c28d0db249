// SPDX-License-Identifier: MIT
/*
 * rt-latency - the steps of alsa-lib's test/latency.c (not packaged by Debian), written anew for bench/realtime,
 * in its blocking mode (latency -b): a full-duplex loop on the loopback at a fixed period.
 *   1. the client takes SCHED_RR at the highest priority (latency.c's default policy);
 *   2. playback PLAY and capture CAP (two ends of one cable: hw:0,0,0 and hw:0,1,0) are opened blocking and set
 *      up alike: RW_INTERLEAVED, S16_LE, 2 channels, RATE, a buffer of two periods of PERIOD frames; start
 *      threshold out of reach (neither starts by itself), avail_min one period;
 *   3. snd_pcm_link(capture, playback); the playback's whole buffer is filled with silence (latency.c writes its
 *      latency twice); one snd_pcm_start(capture) starts both; their trigger timestamps should be equal
 *      (latency.c's "Hardware sync");
 *   4. for SECONDS of capture: read one period (blocking, until it is whole), write it back to the playback.
 * latency.c stops at the first error and calls the run a failure. Here an xrun (EPIPE, or ESTRPIPE) is counted and
 * the pair restarted as at step 3 (drop, prepare, silence, start) so that the whole time is measured; the run
 * passes, as latency.c's "Success", only with no error at all.
 * usage: rt-latency PLAY CAP RATE PERIOD SECONDS
 * prints the setup, then "result PASS|FAIL xruns N frames_in I frames_out O periods P sync yes|no sched S"
 */
#define _GNU_SOURCE
#include <alsa/asoundlib.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHANNELS 2
#define FB (2 * CHANNELS) // S16_LE

static snd_pcm_uframes_t period;

static int setup(snd_pcm_t *h, const char *name, unsigned int rate)
{
	snd_pcm_hw_params_t *hw;
	snd_pcm_sw_params_t *sw;
	snd_pcm_uframes_t p = period, b = 2 * period, got_b;
	unsigned int r = rate;
	int err;
	snd_pcm_hw_params_alloca(&hw);
	snd_pcm_sw_params_alloca(&sw);
	if ((err = snd_pcm_hw_params_any(h, hw)) < 0 ||
	    (err = snd_pcm_hw_params_set_access(h, hw, SND_PCM_ACCESS_RW_INTERLEAVED)) < 0 ||
	    (err = snd_pcm_hw_params_set_format(h, hw, SND_PCM_FORMAT_S16_LE)) < 0 ||
	    (err = snd_pcm_hw_params_set_channels(h, hw, CHANNELS)) < 0 ||
	    (err = snd_pcm_hw_params_set_rate_near(h, hw, &r, NULL)) < 0 ||
	    (err = snd_pcm_hw_params_set_buffer_size_near(h, hw, &b)) < 0 ||
	    (err = snd_pcm_hw_params_set_period_size_near(h, hw, &p, NULL)) < 0 || (err = snd_pcm_hw_params(h, hw)) < 0) {
		fprintf(stderr, "rt-latency: %s: hw params: %s\n", name, snd_strerror(err));
		return -1;
	}
	snd_pcm_hw_params_get_buffer_size(hw, &got_b);
	if (r != rate || p != period || got_b != 2 * period) {
		fprintf(stderr, "rt-latency: %s: got rate %u period %lu buffer %lu\n", name, r, p, got_b);
		return -1;
	}
	if ((err = snd_pcm_sw_params_current(h, sw)) < 0 ||
	    (err = snd_pcm_sw_params_set_start_threshold(h, sw, 0x7fffffff)) < 0 ||
	    (err = snd_pcm_sw_params_set_avail_min(h, sw, period)) < 0 || (err = snd_pcm_sw_params(h, sw)) < 0) {
		fprintf(stderr, "rt-latency: %s: sw params: %s\n", name, snd_strerror(err));
		return -1;
	}
	printf("%s: rate %u period %lu buffer %lu\n", name, r, p, got_b);
	return 0;
}

/* write all of n frames, blocking; 0 or the error */
static int write_all(snd_pcm_t *h, const char *buf, snd_pcm_uframes_t n, unsigned long *frames)
{
	while (n > 0) {
		snd_pcm_sframes_t r = snd_pcm_writei(h, buf, n);
		if (r == -EAGAIN)
			continue;
		if (r < 0)
			return (int)r;
		buf += r * FB;
		n -= (snd_pcm_uframes_t)r;
		*frames += (unsigned long)r;
	}
	return 0;
}

/* read one whole period, blocking; 0 or the error */
static int read_period(snd_pcm_t *h, char *buf, unsigned long *frames)
{
	snd_pcm_uframes_t n = period;
	while (n > 0) {
		snd_pcm_sframes_t r = snd_pcm_readi(h, buf, n);
		if (r == -EAGAIN)
			continue;
		if (r < 0)
			return (int)r;
		buf += r * FB;
		n -= (snd_pcm_uframes_t)r;
		*frames += (unsigned long)r;
	}
	return 0;
}

static int trigger_equal(snd_pcm_t *a, snd_pcm_t *b)
{
	snd_pcm_status_t *sa, *sb;
	snd_htimestamp_t ta, tb;
	snd_pcm_status_alloca(&sa);
	snd_pcm_status_alloca(&sb);
	if (snd_pcm_status(a, sa) < 0 || snd_pcm_status(b, sb) < 0)
		return 0;
	snd_pcm_status_get_trigger_htstamp(sa, &ta);
	snd_pcm_status_get_trigger_htstamp(sb, &tb);
	return (ta.tv_sec || ta.tv_nsec) && ta.tv_sec == tb.tv_sec && ta.tv_nsec == tb.tv_nsec;
}

/* step 3: silence in the whole playback buffer, then one start for both; 0 or the error */
static int start_pair(snd_pcm_t *p, snd_pcm_t *c, char *silence, unsigned long *out)
{
	int err;
	if ((err = write_all(p, silence, 2 * period, out)) < 0)
		return err;
	return snd_pcm_start(c);
}

int main(int argc, char **argv)
{
	if (argc != 6) {
		fprintf(stderr, "usage: rt-latency PLAY CAP RATE PERIOD SECONDS\n");
		return 2;
	}
	unsigned int rate = (unsigned int)atoi(argv[3]);
	period = (snd_pcm_uframes_t)atol(argv[4]);
	double seconds = atof(argv[5]);
	if (!rate || !period || seconds <= 0) {
		fprintf(stderr, "rt-latency: RATE, PERIOD and SECONDS must be positive\n");
		return 2;
	}
	struct sched_param sp = {.sched_priority = sched_get_priority_max(SCHED_RR)};
	const char *sched = "RR";
	if (sched_setscheduler(0, SCHED_RR, &sp) != 0) {
		perror("rt-latency: SCHED_RR (going on without it)");
		sched = "OTHER";
		sp.sched_priority = 0;
	}
	printf("scheduler SCHED_%s %d\n", sched, sp.sched_priority);
	snd_pcm_t *p, *c;
	int err;
	if ((err = snd_pcm_open(&p, argv[1], SND_PCM_STREAM_PLAYBACK, 0)) < 0 ||
	    (err = snd_pcm_open(&c, argv[2], SND_PCM_STREAM_CAPTURE, 0)) < 0) {
		fprintf(stderr, "rt-latency: open: %s\n", snd_strerror(err));
		return 1;
	}
	if (setup(p, argv[1], rate) < 0 || setup(c, argv[2], rate) < 0)
		return 1;
	if ((err = snd_pcm_link(c, p)) < 0) {
		fprintf(stderr, "rt-latency: snd_pcm_link: %s\n", snd_strerror(err));
		return 1;
	}
	char *buf = calloc(2 * period, FB), *silence = calloc(2 * period, FB);
	unsigned long in = 0, out = 0, periods = 0, xruns = 0, failures = 0,
		      limit = (unsigned long)(seconds * rate);
	if (!buf || !silence || snd_pcm_format_set_silence(SND_PCM_FORMAT_S16_LE, silence, 2 * period * CHANNELS) < 0)
		return 1;
	if ((err = start_pair(p, c, silence, &out)) < 0) {
		fprintf(stderr, "rt-latency: start: %s\n", snd_strerror(err));
		return 1;
	}
	int sync = trigger_equal(p, c);
	while (in < limit) {
		const char *op = "read";
		if ((err = read_period(c, buf, &in)) == 0 && (op = "write", err = write_all(p, buf, period, &out)) == 0) {
			periods++;
			continue;
		}
		if (err != -EPIPE && err != -ESTRPIPE) {
			fprintf(stderr, "rt-latency: after %lu frames: %s\n", in, snd_strerror(err));
			failures++;
			break;
		}
		xruns++;
		fprintf(stderr, "rt-latency: xrun %lu at the %s after %lu frames in (%.3f s); playback %s, capture %s\n", xruns,
			op, in, (double)in / rate, snd_pcm_state_name(snd_pcm_state(p)), snd_pcm_state_name(snd_pcm_state(c)));
		snd_pcm_drop(c);
		if ((err = snd_pcm_prepare(c)) < 0 || (err = snd_pcm_prepare(p)) < 0 ||
		    (err = start_pair(p, c, silence, &out)) < 0) {
			fprintf(stderr, "rt-latency: restart: %s\n", snd_strerror(err));
			failures++;
			break;
		}
	}
	snd_pcm_drop(c); // stops the linked playback too
	snd_pcm_unlink(c);
	snd_pcm_close(p);
	snd_pcm_close(c);
	printf("result %s xruns %lu frames_in %lu frames_out %lu periods %lu sync %s sched %s%d\n",
	       !xruns && !failures && in >= limit ? "PASS" : "FAIL", xruns, in, out, periods, sync ? "yes" : "no", sched,
	       sp.sched_priority);
	return 0;
}
