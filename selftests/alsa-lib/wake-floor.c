/* wake-floor - the machine's own timing floor next to a JACK session (docs/mmap.md "JACK"): a SCHED_FIFO thread at
 * jackd's priority wakes every PERIOD_US with clock_nanosleep(TIMER_ABSTIME), as the kernel's loopback timer would
 * wake jackd, and counts how late each wake-up was. No FUSE and no daemon are involved: what it sees late is the
 * machine (other load, a hypervisor that takes the virtual CPU away: "st" in vmstat).
 * usage: wake-floor SECONDS PERIOD_US PRIO   prints "wakeups N late_1ms A late_2ms B late_5ms C max_ms M"
 * (without the right to SCHED_FIFO it runs at the ordinary policy and says so on stderr) */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: wake-floor SECONDS PERIOD_US PRIO\n");
		return 2;
	}
	double seconds = atof(argv[1]);
	long period = atol(argv[2]) * 1000L;
	struct sched_param sp = {.sched_priority = atoi(argv[3])};
	if (period <= 0 || seconds <= 0) {
		fprintf(stderr, "wake-floor: SECONDS and PERIOD_US must be positive\n");
		return 2;
	}
	if (sched_setscheduler(0, SCHED_FIFO, &sp) != 0)
		perror("wake-floor: SCHED_FIFO (going on without it)");
	struct timespec next;
	clock_gettime(CLOCK_MONOTONIC, &next);
	long n = (long)(seconds * 1e9 / period), late1 = 0, late2 = 0, late5 = 0, max = 0;
	for (long i = 0; i < n; i++) {
		next.tv_nsec += period;
		while (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) != 0)
			;
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		long late = (now.tv_sec - next.tv_sec) * 1000000000L + now.tv_nsec - next.tv_nsec;
		max = late > max ? late : max;
		late1 += late > 1000000;
		late2 += late > 2000000;
		late5 += late > 5000000;
	}
	printf("wakeups %ld late_1ms %ld late_2ms %ld late_5ms %ld max_ms %.2f\n", n, late1, late2, late5, max / 1e6);
	return 0;
}
