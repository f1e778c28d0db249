// SPDX-License-Identifier: MIT
/*
 * rt-xruns - a passive JACK client for bench/realtime: no ports, a process callback that only counts the server's
 * cycles, and jack_set_xrun_callback counting its xruns, for SECONDS. Each xrun goes to stderr with its time since
 * the client activated (and the wall clock, to line it up with jackd's log and the capture's gaps).
 * usage: rt-xruns SECONDS    prints "xruns N cycles C expected E rate R period P" (E = SECONDS * R / P, the cycles
 *        an undisturbed server runs in that time); exit 1 without a server. JACK_DEFAULT_SERVER picks the server.
 */
#include <jack/jack.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static atomic_uint cycles, xruns;
static struct timespec t0;

static int on_cycle(jack_nframes_t n, void *arg)
{
	(void)n;
	(void)arg;
	atomic_fetch_add(&cycles, 1);
	return 0;
}

static int on_xrun(void *arg)
{
	(void)arg;
	struct timespec t, wall;
	clock_gettime(CLOCK_MONOTONIC, &t);
	clock_gettime(CLOCK_REALTIME, &wall);
	fprintf(stderr, "rt-xruns: xrun %u at %.3f s (wall %lld.%03ld)\n", atomic_fetch_add(&xruns, 1) + 1,
		(double)(t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9, (long long)wall.tv_sec,
		wall.tv_nsec / 1000000);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 2 || atof(argv[1]) <= 0) {
		fprintf(stderr, "usage: rt-xruns SECONDS\n");
		return 2;
	}
	double seconds = atof(argv[1]);
	jack_status_t status;
	jack_client_t *c = jack_client_open("rt-xruns", JackNoStartServer, &status);
	if (!c) {
		fprintf(stderr, "rt-xruns: no server (status 0x%x)\n", status);
		return 1;
	}
	if (jack_set_process_callback(c, on_cycle, NULL) || jack_set_xrun_callback(c, on_xrun, NULL)) {
		fprintf(stderr, "rt-xruns: cannot set the callbacks\n");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (jack_activate(c)) {
		fprintf(stderr, "rt-xruns: cannot activate\n");
		return 1;
	}
	usleep((useconds_t)(seconds * 1e6));
	unsigned int n = atomic_load(&cycles), x = atomic_load(&xruns);
	jack_nframes_t rate = jack_get_sample_rate(c), period = jack_get_buffer_size(c);
	jack_client_close(c);
	printf("xruns %u cycles %u expected %.0f rate %u period %u\n", x, n, seconds * rate / period, rate, period);
	return 0;
}
