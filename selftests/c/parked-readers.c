// SPDX-License-Identifier: MIT
/*
 * parked-readers - many clients blocked in read() on snd/timer must cost the daemon no thread each (the
 * low-level transport parks their requests), all wake on one TRIGGER, and die cleanly on SIGKILL.
 * 1. N threads each open snd/timer, listen to one utimer and block in read(); the daemon's thread count
 *    (/proc/PID/status Threads) must stay <= 2 x CPUs + 16;
 * 2. TRIGGERs: every read returns one record within 5 s (the first TRIGGER also admits the listeners that
 *    started while the utimer ran: the kernel's delayed start makes them miss it);
 * 3. a child process blocks N readers again and is SIGKILLed: it must be gone within 5 s and, within 5 s more,
 *    the utimer must have no client left (GINFO clients 0), with the daemon's threads still bounded.
 * usage: SNDFUSE_MOUNT=DIR parked-readers N DAEMON_PID
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sndfuse/daemon.h"
#include "sndfuse/utimer.h"

static const char *tpath;
#define PER_UTIMER 1000 /* a timer takes at most 1000 instances (the kernel's max_instances for a utimer) */
#define MAX_UTIMERS 16
static int utimer_ids[MAX_UTIMERS], owners[MAX_UTIMERS], utimers, readers;
static int next_reader;
static int ready_count, returned_count;
static char odd_read[128]; /* the first read that returned something else than one record, for the report */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *reader(void *arg)
{
	struct snd_timer_read r;
	(void)arg;
	pthread_mutex_lock(&mu);
	int me = next_reader++;
	pthread_mutex_unlock(&mu);
	int fd = sndfuse_utimer_listen(utimer_ids[me % utimers], 32);

	pthread_mutex_lock(&mu);
	ready_count++;
	pthread_mutex_unlock(&mu);
	if (fd < 0) {
		pthread_mutex_lock(&mu);
		if (!odd_read[0])
			snprintf(odd_read, sizeof(odd_read), "reader %d: listen failed (%s)", me, strerror(errno));
		pthread_mutex_unlock(&mu);
		return (void *)1;
	}
	ssize_t n = read(fd, &r, sizeof(r));
	pthread_mutex_lock(&mu);
	if (n == (ssize_t)sizeof(r) && r.ticks >= 1)
		returned_count++;
	else if (!odd_read[0])
		snprintf(odd_read, sizeof(odd_read), "reader %d: read() = %zd (%s), ticks %u", me, n,
			 n < 0 ? strerror(errno) : "-", n == (ssize_t)sizeof(r) ? r.ticks : 0);
	pthread_mutex_unlock(&mu);
	close(fd);
	return NULL;
}

static int get(int *v)
{
	pthread_mutex_lock(&mu);
	int x = *v;
	pthread_mutex_unlock(&mu);
	return x;
}

/* starts the readers, waits until each has set up and then a second for their reads to reach the daemon */
static int start_readers(pthread_t *tids)
{
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 64 * 1024);
	for (int i = 0; i < readers; i++)
		if (pthread_create(&tids[i], &a, reader, NULL) != 0)
			return -1;
	for (int i = 0; i < 600 && get(&ready_count) < readers; i++)
		usleep(50000);
	sleep(1);
	return get(&ready_count) == readers ? 0 : -1;
}

static unsigned clients_of(int fd, int id);

/* listeners of all the test's utimers */
static unsigned clients_all(void)
{
	unsigned n = 0;
	for (int i = 0; i < utimers; i++)
		n += clients_of(owners[i], utimer_ids[i]);
	return n;
}

static void trigger_all(void)
{
	for (int i = 0; i < utimers; i++)
		ioctl(owners[i], SNDRV_TIMER_IOCTL_TRIGGER);
}

static unsigned clients_of(int fd, int id)
{
	struct snd_timer_ginfo gi;
	memset(&gi, 0, sizeof(gi));
	gi.tid.dev_class = SNDRV_TIMER_CLASS_GLOBAL;
	gi.tid.card = -1;
	gi.tid.device = SNDRV_TIMER_GLOBAL_UDRIVEN;
	gi.tid.subdevice = id;
	if (ioctl(fd, SNDRV_TIMER_IOCTL_GINFO, &gi) < 0)
		return 999999;
	return gi.clients;
}

int main(int argc, char **argv)
{
	int failed = 0, pid, limit;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (argc != 3) {
		fprintf(stderr, "usage: parked-readers N DAEMON_PID\n");
		return 2;
	}
	readers = atoi(argv[1]);
	pid = atoi(argv[2]);
	limit = 2 * (int)cpus + 16;
	setvbuf(stdout, NULL, _IOLBF, 0);
	tpath = sndfuse_timer_path();
	utimers = (readers + PER_UTIMER - 1) / PER_UTIMER;
	if (readers < 1 || utimers > MAX_UTIMERS) {
		fprintf(stderr, "parked-readers: N must be 1..%d\n", PER_UTIMER * MAX_UTIMERS);
		return 2;
	}
	for (int i = 0; i < utimers; i++) {
		struct snd_timer_uinfo u = { .resolution = 10000000 };
		owners[i] = open(tpath, O_RDWR);
		if (owners[i] < 0 || ioctl(owners[i], SNDRV_TIMER_IOCTL_CREATE, &u) < 0) {
			printf("Bail out! CREATE: %s\n", strerror(errno));
			return 1;
		}
		utimer_ids[i] = u.id;
	}
	pthread_t *tids = calloc(readers, sizeof(*tids));

	/* 1: blocked readers cost no thread */
	int before = sndfuse_daemon_threads(pid);
	if (start_readers(tids) < 0) {
		printf("Bail out! only %d of %d readers set up\n", get(&ready_count), readers);
		return 1;
	}
	int during = sndfuse_daemon_threads(pid);
	if (during > 0 && during <= limit)
		printf("ok 1 - %d blocked readers: daemon threads %d (before %d), limit %d\n", readers, during, before, limit);
	else
		printf("not ok 1 - %d blocked readers: daemon threads %d (before %d), limit %d\n", readers, during, before, limit), failed++;

	/* 2: TRIGGERs wake them all, each answered from the TRIGGER's request */
	if (get(&returned_count) != 0)
		printf("# %d reads returned before the trigger\n", get(&returned_count));
	int triggers = 0;
	for (int i = 0; i < 100 && get(&returned_count) < readers; i++) {
		if (i % 10 == 0) {
			trigger_all();
			triggers++;
		}
		usleep(50000);
	}
	/* a read answered by the last TRIGGER whose thread has not run yet (2,000 threads woken on 2 CPUs) is late,
	 * not lost: a lost wake-up would never return without another TRIGGER */
	int by_last = get(&returned_count);
	for (int i = 0; i < 40 && get(&returned_count) < readers; i++)
		usleep(50000);
	if (get(&returned_count) != by_last)
		printf("# %d of %d reads were counted only after the last TRIGGER's 0.5 s (no TRIGGER since)\n",
		       get(&returned_count) - by_last, readers);
	int after_grace = get(&returned_count);
	if (after_grace != readers && !odd_read[0]) {
		/* still blocked after 2 s without a TRIGGER: does one more TRIGGER answer them (a wake-up that missed
		 * them) or not (a read the daemon lost)? Either way the check fails. */
		int missing = readers - after_grace;
		trigger_all();
		for (int i = 0; i < 20 && get(&returned_count) < readers; i++)
			usleep(50000);
		printf("# %d reads still blocked 2 s after the last TRIGGER; one more TRIGGER answered %d of them\n", missing,
		       missing - (readers - get(&returned_count)));
	}
	if (after_grace == readers && !odd_read[0])
		printf("ok 2 - %d TRIGGERs returned all %d reads\n", triggers, readers);
	else
		printf("not ok 2 - %d TRIGGERs returned %d of %d reads%s%s\n", triggers, after_grace, readers,
		       odd_read[0] ? "; " : "", odd_read), failed++;
	for (int i = 0; i < readers; i++)
		pthread_join(tids[i], NULL);

	/* 3: SIGKILL a process blocked in N reads */
	ready_count = 0;
	next_reader = 0;
	pid_t child = fork();
	if (child == 0) {
		start_readers(tids);
		pause();
		_exit(0);
	}
	for (int i = 0; i < 600 && clients_all() < (unsigned)readers; i++)
		usleep(50000);
	sleep(1);
	int blocked = sndfuse_daemon_threads(pid);
	kill(child, SIGKILL);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int st, gone = 0;
	for (int i = 0; i < 100 && !gone; i++) {
		if (waitpid(child, &st, WNOHANG) == child)
			gone = 1;
		else
			usleep(50000);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (gone && blocked > 0 && blocked <= limit)
		printf("ok 3 - a process blocked in %d reads dies on SIGKILL in %.2f s (daemon threads %d)\n", readers, secs, blocked);
	else
		printf("not ok 3 - SIGKILLed reader process gone: %d after %.2f s, daemon threads %d\n", gone, secs, blocked), failed++;
	unsigned left = 999999;
	for (int i = 0; i < 100 && (left = clients_all()) != 0; i++)
		usleep(50000);
	if (left == 0)
		printf("ok 4 - its %d listeners are released\n", readers);
	else
		printf("not ok 4 - %u listeners left after the SIGKILL\n", left), failed++;
	for (int i = 0; i < utimers; i++)
		close(owners[i]);
	printf("1..4\n");
	return failed ? 1 : 0;
}
