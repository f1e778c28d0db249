// SPDX-License-Identifier: MIT
/*
 * utimer-demo - visible walk-through of a userspace-driven timer on sndfuse.
 *
 * Creates a utimer, starts a listener process that SELECTs it and prints each
 * tick as it reads it, fires TRIGGER N times, closes the owner descriptor and
 * checks that the timer is gone (GINFO -> ENODEV).
 *
 * usage: utimer-demo [-n N] [-r RESOLUTION_NS] [-i INTERVAL_MS]
 *   defaults: N 5, resolution 10000000 (10 ms), interval 200 ms
 */
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "tutil.h"

static int listener(int id, int n, int ready_fd)
{
	struct snd_timer_read rec[16];
	long got = 0;
	int fd = tu_open(0);

	alarm(60);
	if (fd < 0 || tu_select_global(fd, SNDRV_TIMER_GLOBAL_UDRIVEN, id) < 0 ||
	    tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, 1, 0, 0) < 0 ||
	    ioctl(fd, SNDRV_TIMER_IOCTL_START) < 0) {
		fprintf(stderr, "listener: setup failed: %s\n", strerror(errno));
		return 1;
	}
	if (write(ready_fd, "R", 1) != 1)
		return 1;
	close(ready_fd);
	while (got < n) {
		ssize_t r = read(fd, rec, sizeof(rec));

		if (r < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "listener: read: %s\n", strerror(errno));
			return 1;
		}
		for (size_t i = 0; i < (size_t)r / sizeof(rec[0]); i++)
			for (unsigned int k = 0; k < rec[i].ticks; k++)
				printf("listener got tick %ld/%d\n", ++got, n);
	}
	close(fd);
	return got == n ? 0 : 1;
}

int main(int argc, char **argv)
{
	unsigned long long res = 10000000ULL;
	long interval = 200;
	int n = 5, opt, owner, id = -1, ufd = -1, tfd, pfd[2], st, q;
	struct snd_timer_ginfo gi;
	struct pollfd p;
	char c;
	pid_t pid;
	int64_t end;

	while ((opt = getopt(argc, argv, "n:r:i:h")) != -1) {
		switch (opt) {
		case 'n': n = atoi(optarg); break;
		case 'r': res = strtoull(optarg, NULL, 0); break;
		case 'i': interval = atol(optarg); break;
		default:
			fprintf(stderr, "usage: %s [-n N] [-r RESOLUTION_NS] [-i INTERVAL_MS]\n", argv[0]);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	alarm(120);

	owner = tu_open(0);
	if (owner < 0) {
		fprintf(stderr, "open %s: %s\n", sndfuse_timer_path(), strerror(errno));
		return 1;
	}
	if (tu_create(owner, res, &id, &ufd) < 0) {
		fprintf(stderr, "CREATE: %s\n", strerror(errno));
		return 1;
	}
	tfd = tu_trigger_fd(owner, ufd);
	printf("created utimer %d (resolution %llu ns, %s)\n", id, res,
	       ufd < 0 ? "bound to the creating fd" : "own fd");

	if (pipe(pfd) < 0)
		return 1;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		close(pfd[0]);
		_exit(listener(id, n, pfd[1]));
	}
	close(pfd[1]);
	p = (struct pollfd){ .fd = pfd[0], .events = POLLIN };
	if (poll(&p, 1, 10000) <= 0 || read(pfd[0], &c, 1) != 1) {
		fprintf(stderr, "listener did not start\n");
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		return 1;
	}
	close(pfd[0]);

	for (int i = 1; i <= n; i++) {
		tu_msleep(interval);
		printf("trigger %d/%d\n", i, n);
		if (tu_trigger(tfd) < 0) {
			fprintf(stderr, "TRIGGER: %s\n", strerror(errno));
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return 1;
		}
	}
	end = tu_now_ms() + 10000;
	while (waitpid(pid, &st, WNOHANG) == 0) {
		if (tu_now_ms() > end) {
			fprintf(stderr, "listener did not get all %d ticks\n", n);
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			return 1;
		}
		tu_msleep(10);
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "listener failed (status 0x%x)\n", st);
		return 1;
	}

	close(tfd);
	if (ufd >= 0 && owner != tfd)
		close(owner);
	q = tu_open(0);
	end = tu_now_ms() + 10000;
	for (;;) {
		if (tu_ginfo(q, tu_gtid(SNDRV_TIMER_GLOBAL_UDRIVEN, id), &gi) < 0 && errno == ENODEV)
			break;
		if (tu_now_ms() > end) {
			fprintf(stderr, "utimer %d still exists after its fd was closed\n", id);
			return 1;
		}
		tu_msleep(10);
	}
	printf("closed: timer destroyed (GINFO of utimer %d -> ENODEV)\n", id);
	return 0;
}
