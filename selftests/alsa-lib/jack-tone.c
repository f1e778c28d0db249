// SPDX-License-Identifier: MIT
/*
 * jack-tone - a JACK client for run-jack.sh: it connects one output port to system:playback_1, plays silence,
 * then a 440 Hz sine (amplitude 0.5) for exactly TONE seconds from the start of the period after DELAY seconds,
 * then silence again, and counts the server's xruns (jack_set_xrun_callback) for RUN seconds in all, each one
 * reported on stderr with its time since the client started.
 * usage: jack-tone RUN DELAY TONE     prints "xruns N periods P tone_frames F rate R period S tone_xruns T" (T:
 *        the xruns reported while the tone was playing or up to 200 ms after it) and exits 0 when the tone was
 *        played whole and the server ran; 1 otherwise. JACK_DEFAULT_SERVER picks the server.
 */
#include <jack/jack.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static jack_port_t *out;
static jack_nframes_t rate, start_frame, tone_frames;
static atomic_uint xruns, tone_xruns, periods, played;
static atomic_ullong position; // frames since activation, counted by the process thread
static struct timespec t0;

static double since_start(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9;
}

static int process(jack_nframes_t n, void *arg)
{
	(void)arg;
	float *buf = jack_port_get_buffer(out, n);
	unsigned long long pos = atomic_load(&position);
	for (jack_nframes_t i = 0; i < n; i++, pos++) {
		unsigned long long k = pos - start_frame;
		if (pos >= start_frame && k < tone_frames) {
			buf[i] = (float)(0.5 * sin(2 * M_PI * 440.0 * (double)k / rate));
			atomic_fetch_add(&played, 1);
		} else {
			buf[i] = 0;
		}
	}
	atomic_store(&position, pos);
	atomic_fetch_add(&periods, 1);
	return 0;
}

static int xrun(void *arg)
{
	(void)arg;
	// the notification thread, not the process thread: it may print
	// inside the tone, or within 200 ms after it: the notification comes after the cycles it is about
	unsigned long long pos = atomic_load(&position);
	int in_tone = pos > start_frame && pos < (unsigned long long)start_frame + tone_frames + rate / 5;
	if (in_tone)
		atomic_fetch_add(&tone_xruns, 1);
	struct timespec wall;
	clock_gettime(CLOCK_REALTIME, &wall);
	// the wall clock too, to line the xrun up with the daemon's and jackd's own logs
	fprintf(stderr, "jack-tone: xrun %u at %.3f s%s (wall %lld.%03ld)\n", atomic_fetch_add(&xruns, 1) + 1,
		since_start(), in_tone ? " (inside the tone)" : "", (long long)wall.tv_sec, wall.tv_nsec / 1000000);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: jack-tone RUN DELAY TONE\n");
		return 2;
	}
	double run = atof(argv[1]), delay = atof(argv[2]), tone = atof(argv[3]);
	jack_status_t status;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	jack_client_t *c = jack_client_open("jack-tone", JackNoStartServer, &status);
	if (!c) {
		fprintf(stderr, "jack-tone: no server (status 0x%x)\n", status);
		return 1;
	}
	rate = jack_get_sample_rate(c);
	jack_nframes_t period = jack_get_buffer_size(c);
	start_frame = (jack_nframes_t)(delay * rate) / period * period;
	tone_frames = (jack_nframes_t)(tone * rate);
	out = jack_port_register(c, "out", JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0);
	if (!out || jack_set_process_callback(c, process, NULL) || jack_set_xrun_callback(c, xrun, NULL) ||
	    jack_activate(c)) {
		fprintf(stderr, "jack-tone: cannot register, set callbacks or activate\n");
		return 1;
	}
	if (jack_connect(c, jack_port_name(out), "system:playback_1")) {
		fprintf(stderr, "jack-tone: cannot connect to system:playback_1\n");
		return 1;
	}
	usleep((useconds_t)(run * 1e6));
	unsigned int p = atomic_load(&periods), x = atomic_load(&xruns), f = atomic_load(&played);
	jack_client_close(c);
	printf("xruns %u periods %u tone_frames %u rate %u period %u tone_xruns %u\n", x, p, f, rate, period,
	       atomic_load(&tone_xruns));
	return f == tone_frames && p > 0 ? 0 : 1;
}
