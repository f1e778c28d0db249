/* Period wake: a capture reader blocked in READI_FRAMES against a timer reader blocked in read(), both woken by
 * the TRIGGER of the utimer that clocks the loopback (one TRIGGER = one period), measured in the same run.
 * Usage: period-wake MOUNT [ROUNDS]   (SNDFUSE_MOUNT is set from MOUNT)
 * Rounds alternate: in a "pcm" round a thread blocks in READI of one period on pcmC0D1c; in a "timer" round a
 * thread blocks in read() on a listener of the same utimer. The main thread stamps CLOCK_MONOTONIC, issues
 * TRIGGER, and the woken thread stamps on return. Every TRIGGER gives both one period and one timer record; the
 * one not measured in a round is consumed right after it (it is ready, so that call does not wait). Prints
 * p50/p99 of both paths and their ratio (the target: pcm <= 1.3 x timer). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "sndfuse/pcm.h"

#define RATE 48000
#define PERIOD 480
#define FB 4

static int pcm, listener;
static sem_t go[2], done[2];
static volatile uint64_t woke[2];
static volatile int stop;
static char frames[PERIOD * FB];

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* one blocking call of path 0 (READI) or 1 (timer read) */
static int wait_once(int path)
{
	if (path == 0)
		return sp_readi(pcm, frames, PERIOD) == PERIOD ? 0 : -1;
	struct snd_timer_read r;
	return read(listener, &r, sizeof(r)) == (ssize_t)sizeof(r) ? 0 : -1;
}

static void *waiter(void *arg)
{
	int path = (int)(intptr_t)arg;
	for (;;) {
		sem_wait(&go[path]);
		if (stop)
			return NULL;
		if (wait_once(path) < 0) {
			fprintf(stderr, "period-wake: %s: %s (state %s)\n", path ? "timer read" : "READI", strerror(errno), sp_state_name(sp_state(pcm)));
			exit(1);
		}
		woke[path] = now_ns();
		sem_post(&done[path]);
	}
}

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static double pct(uint64_t *v, int n, double p)
{
	return v[(int)(p * (n - 1))] / 1000.0;
}

int main(int argc, char **argv)
{
	int rounds = argc > 2 ? atoi(argv[2]) : 2000, id = -1, warm = 200;
	char src[32];

	if (argc < 2 || rounds < 10) {
		fprintf(stderr, "usage: period-wake MOUNT [ROUNDS >= 10]\n");
		return 2;
	}
	setenv("SNDFUSE_MOUNT", argv[1], 1);
	int trig = sp_utimer_create(sp_period_ns(RATE, PERIOD), &id, NULL);
	snprintf(src, sizeof(src), "-1.4.%d", id);
	if (trig < 0 || sp_set_timer_source(src) < 0) {
		fprintf(stderr, "period-wake: utimer clock: %s\n", strerror(errno));
		return 1;
	}
	struct sp_config c = sp_config_s16(RATE, PERIOD, 4 * PERIOD);
	pcm = sp_open(1, SP_CAPTURE, 0);
	if (pcm < 0 || sp_set_hw(pcm, &c, NULL) < 0 || sp_set_sw(pcm, PERIOD, 1, 0, NULL) < 0 || sp_prepare(pcm) < 0 ||
	    sp_start(pcm) < 0) {
		fprintf(stderr, "period-wake: capture set up: %s\n", strerror(errno));
		return 1;
	}
	/* the capture START started the utimer: a listener started now waits for the next tick (the timer core's
	 * delayed start), which gives the capture its first period */
	if ((listener = sndfuse_utimer_listen(id, 64)) < 0 || sp_utimer_trigger(trig) < 0 || wait_once(0) < 0) {
		fprintf(stderr, "period-wake: listener set up: %s\n", strerror(errno));
		return 1;
	}
	pthread_t t[2];
	for (int p = 0; p < 2; p++) {
		sem_init(&go[p], 0, 0);
		sem_init(&done[p], 0, 0);
		pthread_create(&t[p], NULL, waiter, (void *)(intptr_t)p);
	}
	uint64_t *lat[2] = { calloc(rounds, sizeof(uint64_t)), calloc(rounds, sizeof(uint64_t)) };
	int n[2] = { 0, 0 };
	for (int i = 0; i < warm + 2 * rounds; i++) {
		int path = i % 2;
		sem_post(&go[path]);
		usleep(1000); /* let the call reach the daemon and park */
		uint64_t t0 = now_ns();
		if (sp_utimer_trigger(trig) < 0) {
			fprintf(stderr, "period-wake: TRIGGER: %s\n", strerror(errno));
			return 1;
		}
		sem_wait(&done[path]);
		if (i >= warm && n[path] < rounds)
			lat[path][n[path]++] = woke[path] - t0;
		if (wait_once(1 - path) < 0) { /* the other path's period or record, ready now */
			fprintf(stderr, "period-wake: consuming the other path: %s\n", strerror(errno));
			return 1;
		}
	}
	stop = 1;
	for (int p = 0; p < 2; p++) {
		sem_post(&go[p]);
		pthread_join(t[p], NULL);
		qsort(lat[p], n[p], sizeof(uint64_t), cmp);
	}
	printf("period wake, %d rounds each: READI p50 %.1f us p99 %.1f us; timer read p50 %.1f us p99 %.1f us; "
	       "ratio p50 %.2f p99 %.2f (target <= 1.3)\n", n[0], pct(lat[0], n[0], 0.5), pct(lat[0], n[0], 0.99),
	       pct(lat[1], n[1], 0.5), pct(lat[1], n[1], 0.99), pct(lat[0], n[0], 0.5) / pct(lat[1], n[1], 0.5),
	       pct(lat[0], n[0], 0.99) / pct(lat[1], n[1], 0.99));
	sp_drop(pcm);
	close(pcm);
	close(listener);
	sp_set_timer_source("");
	close(trig);
	return 0;
}
