// SPDX-License-Identifier: MIT
/*
 * sigio - O_ASYNC, F_SETOWN and F_SETSIG on sndfuse descriptors with the preload library (docs/preload.md
 * "SIGIO"): one signal with si_fd per event the kernel's kill_fasync would send (each tick queued for a timer
 * user, each control event), never reading; F_GET* as the kernel; EINVAL for a bad F_SETSIG; nothing after
 * O_ASYNC goes off or the last descriptor is closed; a pipe's O_ASYNC untouched; a process that dies with a
 * registration leaves no daemon descriptor behind. TAP output.
 *
 * usage: sigio [DAEMON_PID]   (the library preloaded, SNDFUSE_TIMER naming the timer node; controlC0 is
 *                              looked up next to it; with DAEMON_PID its /proc/PID/fd count is checked)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <libgen.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include "../c/tutil.h"

static int n, failed;
static volatile sig_atomic_t count, badfd, lastcode, expect_fd;

static void check(int good, const char *name, const char *fmt, ...)
{
	n++;
	if (good) {
		printf("ok %d - %s\n", n, name);
	} else {
		va_list ap;
		printf("not ok %d - %s: ", n, name);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
		failed++;
	}
	fflush(stdout);
}

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	count++;
	lastcode = si->si_code;
	if (si->si_fd != expect_fd)
		badfd++;
}

static void expect(int fd)
{
	count = 0;
	badfd = 0;
	expect_fd = fd;
}

/* Waits until count reaches want (or 2 s), then 200 ms more for any extra signal. */
static int settle(int want)
{
	for (int i = 0; i < 200 && count < want; i++)
		tu_msleep(10);
	tu_msleep(200);
	return count;
}

static int async_on(int fd, int sig)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_ASYNC) < 0 || fcntl(fd, F_SETSIG, sig) < 0 ||
	    fcntl(fd, F_SETOWN, getpid()) < 0)
		return -1;
	return 0;
}

static int fd_count(int pid)
{
	char path[64];
	int c = 0;
	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	DIR *d = opendir(path);
	for (struct dirent *e; d && (e = readdir(d));)
		c += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return d ? c : -1;
}

static int open_ctl(void)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s", sndfuse_timer_path());
	char *dir = dirname(path);
	char ctl[4200];
	snprintf(ctl, sizeof(ctl), "%s/controlC0", dir);
	return open(ctl, O_RDWR | O_CLOEXEC);
}

static int rate_shift(int fd, long v)
{
	struct snd_ctl_elem_value val;
	memset(&val, 0, sizeof(val));
	val.id.iface = SNDRV_CTL_ELEM_IFACE_PCM;
	snprintf((char *)val.id.name, sizeof(val.id.name), "PCM Rate Shift 100000");
	val.value.integer.value[0] = v;
	return ioctl(fd, SNDRV_CTL_IOCTL_ELEM_WRITE, &val);
}

static int triggers(int fd, int k)
{
	int bad = 0;
	for (int i = 0; i < k; i++) {
		bad += tu_trigger(fd) != 0;
		tu_msleep(30);
	}
	return bad;
}

static void test_timer(void)
{
	const int rt = SIGRTMIN + 1;
	int ctl = tu_open(0), id = -1, ufd = -1, lis = tu_open(O_NONBLOCK);
	if (ctl < 0 || lis < 0 || tu_create(ctl, 10000000, &id, &ufd) < 0 || ufd < 0) {
		check(0, "utimer and listener", "open/CREATE: %s", strerror(errno));
		return;
	}
	int r = tu_select(lis, tu_gtid(SNDRV_TIMER_GLOBAL_UDRIVEN, id));
	r = r ? r : tu_params(lis, SNDRV_TIMER_PSFLG_AUTO, 1, 0, 0);
	r = r ? r : async_on(lis, rt);
	r = r ? r : ioctl(lis, SNDRV_TIMER_IOCTL_START);
	expect(lis);
	int bad = r ? 0 : triggers(ufd, 10);
	int got = settle(10);
	check(!r && !bad && got == 10 && !badfd,
	      "10 TRIGGERs of a utimer: exactly 10 signals with si_fd = the listener's fd, never reading",
	      "setup %s, %d failed TRIGGERs, %d signals, %d with another si_fd", r ? strerror(errno) : "ok", bad,
	      got, (int)badfd);

	struct f_owner_ex ex;
	int fl = fcntl(lis, F_GETFL), sig = fcntl(lis, F_GETSIG), gr = fcntl(lis, F_GETOWN_EX, &ex);
	check((fl & O_ASYNC) && fcntl(lis, F_GETOWN) == getpid() && sig == rt && !gr && ex.type == F_OWNER_PID,
	      "F_GETFL, F_GETOWN, F_GETOWN_EX and F_GETSIG report what was set", "flags 0x%x sig %d", fl, sig);

	errno = 0;
	r = fcntl(lis, F_SETSIG, 65);
	int e = errno;
	check(r == -1 && e == EINVAL && fcntl(lis, F_GETSIG) == rt, "F_SETSIG 65: EINVAL and the signal unchanged",
	      "%d (%s)", r, strerror(e));

	fcntl(lis, F_SETFL, fcntl(lis, F_GETFL) & ~O_ASYNC);
	expect(lis);
	bad = triggers(ufd, 3);
	got = settle(0);
	check(!bad && got == 0, "O_ASYNC off: 3 more TRIGGERs send nothing", "%d signals", got);

	/* F_SETSIG 0 = plain SIGIO; si_fd is the descriptor O_ASYNC was switched on through (a dup here) */
	int d = dup(lis);
	r = fcntl(d, F_SETSIG, 0);
	r = r ? r : fcntl(d, F_SETFL, fcntl(d, F_GETFL) | O_ASYNC);
	expect(d);
	bad = triggers(ufd, 3);
	got = settle(3);
	check(!r && !bad && got == 3 && !badfd, "F_SETSIG 0: one SIGIO per tick, si_fd = the dup O_ASYNC was set on",
	      "%d signals, %d with another si_fd", got, (int)badfd);

	close(d);
	close(lis);
	expect(-1);
	bad = triggers(ufd, 3);
	got = settle(0);
	check(!bad && got == 0, "after the last descriptor is closed no signal comes", "%d signals", got);
	close(ufd);
	close(ctl);
}

static void test_control(void)
{
	const int rt = SIGRTMIN + 2;
	int w = open_ctl(), sub = open_ctl(), on = 1;
	if (w < 0 || sub < 0 || ioctl(sub, SNDRV_CTL_IOCTL_SUBSCRIBE_EVENTS, &on) < 0 || async_on(sub, rt) < 0) {
		check(0, "control events", "open/subscribe/O_ASYNC: %s", strerror(errno));
		return;
	}
	expect(sub);
	int bad = 0;
	for (int i = 0; i < 5; i++) {
		bad += rate_shift(w, 100000 + 10 * (i + 1)) < 0;
		tu_msleep(30);
	}
	int got = settle(5);
	check(!bad && got == 5 && !badfd, "control: 5 value changes, 5 signals with the subscriber's si_fd, never read",
	      "%d failed writes, %d signals, %d with another si_fd", bad, got, (int)badfd);
	rate_shift(w, 100000);
	close(sub);
	close(w);
}

static void test_pipe(void)
{
	const int rt = SIGRTMIN + 3;
	int p[2];
	if (pipe(p) < 0 || async_on(p[0], rt) < 0) {
		check(0, "a pipe's O_ASYNC", "%s", strerror(errno));
		return;
	}
	expect(p[0]);
	int r = write(p[1], "x", 1);
	int got = settle(1);
	check(r == 1 && got == 1 && !badfd && lastcode == POLL_IN,
	      "a pipe's O_ASYNC is the kernel's: one signal, si_code POLL_IN, si_fd the read end",
	      "%d signals, code %d", got, (int)lastcode);
	close(p[0]);
	close(p[1]);
}

/* A child registers O_ASYNC on a ticking system timer and dies without closing anything. */
static void test_death(int daemon)
{
	int before = fd_count(daemon);
	pid_t c = fork();
	if (c == 0) {
		int fd = tu_open(0);
		if (fd < 0 || tu_select_global(fd, SNDRV_TIMER_GLOBAL_SYSTEM, 0) < 0 ||
		    tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, 1, 0, 0) < 0 || async_on(fd, SIGRTMIN + 1) < 0 ||
		    ioctl(fd, SNDRV_TIMER_IOCTL_START) < 0)
			_exit(2);
		expect(fd);
		tu_msleep(200);
		_exit(count > 0 ? 0 : 3); /* no close: the exit releases it */
	}
	int st = 0;
	waitpid(c, &st, 0);
	int after = -1;
	for (int i = 0; i < 300; i++) {
		after = fd_count(daemon);
		if (after <= before)
			break;
		tu_msleep(10);
	}
	check(WIFEXITED(st) && WEXITSTATUS(st) == 0 && before > 0 && after <= before,
	      "a process that dies with O_ASYNC on a ticking timer got signals and leaves no daemon fd behind",
	      "child status 0x%x, daemon fds %d before, %d after", st, before, after);
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	for (int s = SIGRTMIN + 1; s <= SIGRTMIN + 3; s++)
		sigaction(s, &sa, NULL);
	sigaction(SIGIO, &sa, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);

	test_timer();
	test_control();
	test_pipe();
	if (argc > 1)
		test_death(atoi(argv[1]));
	printf("1..%d\n", n);
	return failed != 0;
}
