// SPDX-License-Identifier: MIT
/*
 * rt-floor - the machine's own floor beside a JACK session, for bench/realtime: selftests/alsa-lib/wake-floor.c's
 * method (a SCHED_FIFO thread at jackd's priority, woken every period by clock_nanosleep(TIMER_ABSTIME) on
 * CLOCK_MONOTONIC, no FUSE and no daemon involved), with the lateness counted in periods instead of milliseconds:
 * a jackd with -n 3 has two periods of slack, so a wake-up more than two periods late is one the machine alone
 * would have turned into an xrun.
 * usage: rt-floor SECONDS FRAMES RATE PRIO    (period = FRAMES / RATE)
 * prints "wakeups N late_1p A late_2p B stalls_2p S max_ms M": A and B count the wake-ups more than one and two
 * periods after their deadline; S counts the stretches of consecutive wake-ups more than two periods late (one
 * stall of the machine makes several late wake-ups in a row as the thread catches up, and would make one xrun).
 * Without the right to SCHED_FIFO it runs at the ordinary policy and says so on stderr.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: rt-floor SECONDS FRAMES RATE PRIO\n");
		return 2;
	}
	double seconds = atof(argv[1]), frames = atof(argv[2]), rate = atof(argv[3]);
	if (seconds <= 0 || frames <= 0 || rate <= 0) {
		fprintf(stderr, "rt-floor: SECONDS, FRAMES and RATE must be positive\n");
		return 2;
	}
	double period = frames * 1e9 / rate; // ns, kept fractional so that 64 frames at 48 kHz do not drift
	struct sched_param sp = {.sched_priority = atoi(argv[4])};
	if (sched_setscheduler(0, SCHED_FIFO, &sp) != 0)
		perror("rt-floor: SCHED_FIFO (going on without it)");
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	long n = (long)(seconds * 1e9 / period), late1 = 0, late2 = 0, stalls = 0;
	long long max = 0;
	int in_stall = 0;
	for (long i = 1; i <= n; i++) {
		long long off = (long long)(i * period);
		struct timespec due = start;
		due.tv_sec += off / 1000000000LL;
		due.tv_nsec += off % 1000000000LL;
		if (due.tv_nsec >= 1000000000L) {
			due.tv_nsec -= 1000000000L;
			due.tv_sec++;
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due, NULL) != 0)
			;
		clock_gettime(CLOCK_MONOTONIC, &now);
		long long late = (long long)(now.tv_sec - due.tv_sec) * 1000000000LL + now.tv_nsec - due.tv_nsec;
		if (late > max)
			max = late;
		late1 += late > period;
		if (late > 2 * period) {
			late2++;
			stalls += !in_stall;
			in_stall = 1;
		} else {
			in_stall = 0;
		}
	}
	printf("wakeups %ld late_1p %ld late_2p %ld stalls_2p %ld max_ms %.2f\n", n, late1, late2, stalls, max / 1e6);
	return 0;
}
