// SPDX-License-Identifier: MIT
/*
 * utimer-test - port of the ALSA kselftest for userspace-driven timers to
 * the sndfuse emulated timer node.
 *
 *   utimer:             create a utimer whose period matches 4410 frames at
 *                       8 kHz, run "global-timer 4 <id> <seconds>" as a
 *                       listener, fire TRIGGER COUNT times once the listener
 *                       reports "Timer has started", and require the
 *                       listener's "Total ticks count" to equal COUNT.
 *   wrong_timers_test:  CREATE with resolution 0 fails with EINVAL and leaves
 *                       id/fd untouched; CREATE with a NULL argument fails
 *                       with EFAULT.
 *
 * sndfuse deviation: CREATE returns fd == -1 and the utimer belongs to the
 * descriptor CREATE was issued on, so this port keeps that descriptor open
 * and triggers on it (on a real kernel, fd >= 0 is used as upstream does).
 *
 * -k (kernel semantics, as under sndfuse exec with the preload library or on
 * a real kernel): CREATE must give an fd >= 0 distinct from the control fd;
 * TRIGGER on the control fd must fail with ENOTTY; the control fd is closed
 * before the triggers (the utimer survives it), and closing the returned fd
 * destroys the utimer (GINFO of it -> ENODEV).
 *
 * usage: utimer-test [-k] [-n COUNT] [-i INTERVAL_MS] [-s SECONDS] [-g GLOBAL_TIMER]
 *   defaults: COUNT 10, INTERVAL_MS 1000, SECONDS = COUNT*INTERVAL + 5 s,
 *   GLOBAL_TIMER = "global-timer" next to this executable.
 */
#include <getopt.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "tutil.h"

#define FRAME_RATE	8000
#define PERIOD_SIZE	4410
/* integer arithmetic, division first: 125000 * 4410 = 551250000 ns */
#define UTIMER_RES	(1000000000ULL / FRAME_RATE * PERIOD_SIZE)

static int trigger_count = 10;
static int kernel_fd; /* -k */
static long interval_ms = 1000;
static int failures;
static int testno;

struct trigger_job {
	int fd;
	int count;
	long interval_ms;
	int errors;
	int first_errno;
};

static void report(int ok, const char *name, const char *detail)
{
	testno++;
	if (ok)
		printf("ok %d - %s\n", testno, name);
	else {
		printf("not ok %d - %s: %s\n", testno, name, detail);
		failures++;
	}
	fflush(stdout);
}

static void on_alarm(int sig)
{
	static const char msg[] = "not ok - utimer-test: watchdog timeout\n";

	(void)sig;
	if (write(STDOUT_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(3);
	_exit(3);
}

static void *trigger_thread(void *arg)
{
	struct trigger_job *job = arg;

	for (int i = 0; i < job->count; i++) {
		tu_msleep(job->interval_ms);
		if (tu_trigger(job->fd) < 0) {
			if (!job->errors)
				job->first_errno = errno;
			job->errors++;
		}
	}
	return NULL;
}

static void default_global_timer(char *buf, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0) {
		snprintf(buf, len, "./global-timer");
		return;
	}
	self[n] = '\0';
	snprintf(buf, len, "%s/global-timer", dirname(self));
}

/* -k: the descriptor CREATE returned is a new one, and the control fd stays a plain timer fd. */
static int kernel_fd_checks(int ctl, int ufd, char *detail, size_t len)
{
	if (ufd < 0 || ufd == ctl) {
		snprintf(detail, len, "CREATE returned fd %d (control fd %d), expected a new fd", ufd, ctl);
		return 0;
	}
	if (tu_trigger(ctl) != -1 || errno != ENOTTY) {
		snprintf(detail, len, "TRIGGER on the control fd: %s, expected ENOTTY", tu_errname(errno));
		return 0;
	}
	if (!(fcntl(ufd, F_GETFD) & FD_CLOEXEC)) {
		snprintf(detail, len, "the returned fd is not close-on-exec");
		return 0;
	}
	return 1;
}

/* -k: after the returned fd is closed, GINFO of the utimer gives ENODEV (the release may lag close a little). */
static int destroyed_by_close(int id)
{
	struct snd_timer_ginfo gi;
	int fd = tu_open(0), gone = 0;

	for (int i = 0; fd >= 0 && i < 100 && !gone; i++) {
		gone = tu_ginfo(fd, tu_gtid(SNDRV_TIMER_GLOBAL_UDRIVEN, id), &gi) < 0 && errno == ENODEV;
		if (!gone)
			tu_msleep(10);
	}
	if (fd >= 0)
		close(fd);
	return gone;
}

static void test_utimer(const char *global_timer, int seconds)
{
	char detail[512] = "", line[512], cmd[PATH_MAX + 64];
	struct trigger_job job = { .fd = -1 };
	pthread_t thr;
	int started = 0, have_total = 0, total = -1, id = -1, ufd = -1, st;
	int ctl = tu_open(0);
	FILE *p;

	if (ctl < 0) {
		snprintf(detail, sizeof(detail), "open %s: %s", sndfuse_timer_path(),
			 strerror(errno));
		report(0, "utimer", detail);
		return;
	}
	if (tu_create(ctl, UTIMER_RES, &id, &ufd) < 0) {
		snprintf(detail, sizeof(detail), "CREATE: %s", tu_errname(errno));
		report(0, "utimer", detail);
		close(ctl);
		return;
	}
	printf("# created utimer %d (resolution %llu ns, returned fd %d)\n", id,
	       (unsigned long long)UTIMER_RES, ufd);
	job.fd = tu_trigger_fd(ctl, ufd);
	if (kernel_fd && !kernel_fd_checks(ctl, ufd, detail, sizeof(detail))) {
		report(0, "utimer", detail);
		close(ctl);
		if (ufd >= 0)
			close(ufd);
		return;
	}
	if (ufd >= 0) {
		/* real kernel: the utimer lives in its own fd, as upstream */
		close(ctl);
		ctl = -1;
	}
	job.count = trigger_count;
	job.interval_ms = interval_ms;

	snprintf(cmd, sizeof(cmd), "'%s' %d %d %d", global_timer,
		 SNDRV_TIMER_GLOBAL_UDRIVEN, id, seconds);
	p = popen(cmd, "r");
	if (!p) {
		snprintf(detail, sizeof(detail), "popen global-timer: %s", strerror(errno));
		report(0, "utimer", detail);
		close(job.fd);
		return;
	}
	while (fgets(line, sizeof(line), p)) {
		printf("# global-timer: %s", line);
		fflush(stdout);
		if (!started && strstr(line, "Timer has started")) {
			started = 1;
			if (pthread_create(&thr, NULL, trigger_thread, &job) != 0) {
				started = 0;
				snprintf(detail, sizeof(detail), "pthread_create failed");
				break;
			}
		}
		if (sscanf(line, "Total ticks count: %d", &total) == 1)
			have_total = 1;
	}
	if (started)
		pthread_join(thr, NULL);
	st = pclose(p);
	close(job.fd);
	if (kernel_fd && !detail[0] && !destroyed_by_close(id))
		snprintf(detail, sizeof(detail), "utimer %d still exists 1 s after its fd was closed", id);

	if (!detail[0]) {
		if (!started)
			snprintf(detail, sizeof(detail), "listener never printed \"Timer has started\"");
		else if (job.errors)
			snprintf(detail, sizeof(detail), "%d of %d TRIGGERs failed (first: %s)",
				 job.errors, job.count, tu_errname(job.first_errno));
		else if (!have_total)
			snprintf(detail, sizeof(detail), "listener printed no total (exit status 0x%x)", st);
		else if (total != trigger_count)
			snprintf(detail, sizeof(detail), "Total ticks count %d, expected %d",
				 total, trigger_count);
		else if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			snprintf(detail, sizeof(detail), "listener exit status 0x%x", st);
	}
	report(!detail[0], "utimer", detail);
}

static void test_wrong_timers(void)
{
	char detail[256] = "";
	struct snd_timer_uinfo ui;
	int fd = tu_open(0), r, e;

	if (fd < 0) {
		snprintf(detail, sizeof(detail), "open: %s", strerror(errno));
		report(0, "wrong_timers_test", detail);
		return;
	}
	memset(&ui, 0, sizeof(ui));
	ui.resolution = 0;
	ui.id = (unsigned int)-1;
	ui.fd = -1;
	errno = 0;
	r = ioctl(fd, SNDRV_TIMER_IOCTL_CREATE, &ui);
	e = errno;
	if (r != -1 || e != EINVAL)
		snprintf(detail, sizeof(detail), "CREATE resolution 0: ret %d errno %s, expected EINVAL",
			 r, tu_errname(e));
	else if (ui.id != (unsigned int)-1 || ui.fd != -1)
		snprintf(detail, sizeof(detail), "CREATE resolution 0 changed id/fd to %d/%d",
			 (int)ui.id, ui.fd);
	if (!detail[0]) {
		errno = 0;
		r = ioctl(fd, SNDRV_TIMER_IOCTL_CREATE, NULL);
		e = errno;
		if (r != -1 || e != EFAULT)
			snprintf(detail, sizeof(detail), "CREATE NULL: ret %d errno %s, expected EFAULT",
				 r, tu_errname(e));
	}
	close(fd);
	report(!detail[0], "wrong_timers_test", detail);
}

int main(int argc, char **argv)
{
	char global_timer[PATH_MAX];
	int opt, seconds = -1;

	default_global_timer(global_timer, sizeof(global_timer));
	while ((opt = getopt(argc, argv, "kn:i:s:g:h")) != -1) {
		switch (opt) {
		case 'k':
			kernel_fd = 1;
			break;
		case 'n':
			trigger_count = atoi(optarg);
			break;
		case 'i':
			interval_ms = atol(optarg);
			break;
		case 's':
			seconds = atoi(optarg);
			break;
		case 'g':
			snprintf(global_timer, sizeof(global_timer), "%s", optarg);
			break;
		default:
			fprintf(stderr, "usage: %s [-k] [-n COUNT] [-i INTERVAL_MS] [-s SECONDS] [-g GLOBAL_TIMER]\n",
				argv[0]);
			return 2;
		}
	}
	if (trigger_count < 0 || interval_ms < 0) {
		fprintf(stderr, "%s: bad -n/-i\n", argv[0]);
		return 2;
	}
	if (seconds < 0)
		seconds = (int)((trigger_count * interval_ms + 999) / 1000) + 5;

	signal(SIGALRM, on_alarm);
	alarm((unsigned int)seconds + 30);

	printf("# timer node %s\n", sndfuse_timer_path());
	test_utimer(global_timer, seconds);
	test_wrong_timers();
	printf("1..%d\n", testno);
	return failures ? 1 : 0;
}
