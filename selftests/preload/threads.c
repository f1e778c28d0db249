// SPDX-License-Identifier: MIT
/*
 * threads - the preload library's descriptor table under concurrency (docs/preload.md "The core"): threads open,
 * dup, dup2 and close sndfuse timer nodes and plain files at once, and fork, while a signal handler opens and closes
 * descriptors too. Afterwards every plain descriptor must still be plain (CREATE on it: ENOTTY from the kernel,
 * not a utimer) and CREATE on a fresh timer descriptor must still hand out a new fd. TAP output.
 * usage: threads [THREADS] [ROUNDS]   with the library preloaded and SNDFUSE_TIMER/SNDFUSE_MOUNT set
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <sys/wait.h>
#include "../c/tutil.h"

static int rounds = 200;
static volatile int errors;
static char first[200];

static void fail(const char *what)
{
	if (!__atomic_fetch_add(&errors, 1, __ATOMIC_RELAXED))
		snprintf(first, sizeof(first), "%s: %s", what, tu_errname(errno));
}

static void on_alarm(int sig)
{
	(void)sig;
	int saved = errno, fd = open("/dev/null", O_RDONLY); /* the wrappers from a handler */
	if (fd >= 0)
		close(dup(fd)), close(fd);
	errno = saved;
}

static void *worker(void *arg)
{
	(void)arg;
	struct snd_timer_uinfo ui;
	for (int i = 0; i < rounds; i++) {
		int t = tu_open(0), z = open("/dev/zero", O_RDONLY);
		if (t < 0 || z < 0) {
			fail("open");
			break;
		}
		int d = dup(t);
		if (dup2(z, d) != d) /* the timer's copy becomes a plain descriptor */
			fail("dup2");
		memset(&ui, 0, sizeof(ui));
		ui.resolution = 1000000;
		if (ioctl(d, SNDRV_TIMER_IOCTL_CREATE, &ui) != -1 || errno != ENOTTY)
			fail("CREATE on a descriptor dup2'ed over by /dev/zero was not ENOTTY");
		if (i % 20 == 0) {
			if (ioctl(t, SNDRV_TIMER_IOCTL_CREATE, &ui) != 0 || ui.fd < 0 || ui.fd == t)
				fail("CREATE on a timer fd gave no new fd");
			else if (tu_trigger(ui.fd) != 0)
				fail("TRIGGER on the new fd");
			if (ui.fd >= 0)
				close(ui.fd);
		}
		if (i % 25 == 0) { /* a child forked while other threads change the table must find it unlocked */
			pid_t c = fork();
			if (c == 0) {
				int ct = tu_open(0);
				_exit(ct >= 0 && close(dup(ct)) == 0 && close(ct) == 0 ? 0 : 1);
			}
			int st = -1;
			if (c < 0 || waitpid(c, &st, 0) != c || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
				fail("a forked child could not open/dup/close");
		}
		close(d);
		close(t);
		close(z);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int nthreads = argc > 1 ? atoi(argv[1]) : 4;
	rounds = argc > 2 ? atoi(argv[2]) : rounds;
	pthread_t th[64];
	signal(SIGALRM, on_alarm);
	struct itimerval it = { { 0, 2000 }, { 0, 2000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	for (int i = 0; i < nthreads && i < 64; i++)
		pthread_create(&th[i], NULL, worker, NULL);
	for (int i = 0; i < nthreads && i < 64; i++)
		pthread_join(th[i], NULL);
	setitimer(ITIMER_REAL, &(struct itimerval){ 0 }, NULL);
	printf("%s 1 - %d threads x %d rounds of open/dup/dup2/close/CREATE/fork with a signal handler doing the same%s%s\n",
	       errors ? "not ok" : "ok", nthreads, rounds, errors ? ": " : "", errors ? first : "");
	int z = open("/dev/zero", O_RDONLY);
	struct snd_timer_uinfo ui = { .resolution = 1000000 };
	int r = ioctl(z, SNDRV_TIMER_IOCTL_CREATE, &ui);
	printf("%s 2 - afterwards a plain fd is still plain (CREATE: %s)\n", r == -1 && errno == ENOTTY ? "ok" : "not ok",
	       r ? tu_errname(errno) : "0");
	printf("1..2\n");
	return errors || r != -1;
}
