/* SPDX-License-Identifier: MIT */
/*
 * check.h - the plumbing the C conformance suites share: a check is a function returning 0, or 1 with a
 * one-line reason (file line included) in g_detail; REQUIRE/OK/ERR build those reasons. Define
 * CHECK_ERRNAME(e) before including to name errnos a suite knows more of (default tu_errname).
 * check_run() runs one check in a process of its own and prints its TAP line. Needs tutil.h first.
 */
#ifndef SNDFUSE_CHECK_H
#define SNDFUSE_CHECK_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CHECK_ERRNAME
#define CHECK_ERRNAME(e) tu_errname(e)
#endif

static char g_detail[1024];

static int fail_at(int line, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail_at(int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(g_detail, sizeof(g_detail), "[line %d] ", line);
	va_start(ap, fmt);
	vsnprintf(g_detail + n, sizeof(g_detail) - (size_t)n, fmt, ap);
	va_end(ap);
	return 1;
}

/* a diagnostic line in the TAP stream */
static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2), unused));

static void note(const char *fmt, ...)
{
	va_list ap;

	printf("#   ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

#define FAILF(...)	return fail_at(__LINE__, __VA_ARGS__)
#define REQUIRE(c, ...)	do { if (!(c)) FAILF(__VA_ARGS__); } while (0)

/* expr must not return a negative value */
#define OK(expr) do {							\
	errno = 0;							\
	long _r = (long)(expr);						\
	if (_r < 0)							\
		FAILF("%s failed: %s", #expr, CHECK_ERRNAME(errno));	\
} while (0)

/* expr must return -1 with errno == want */
#define ERR(expr, want) do {						\
	errno = 0;							\
	long _r = (long)(expr);						\
	int _e = errno;							\
	if (_r != -1 || _e != (want))					\
		FAILF("%s: expected %s, got %s", #expr,			\
		      CHECK_ERRNAME(want),					\
		      _r == -1 ? CHECK_ERRNAME(_e) : "success");		\
} while (0)

/*
 * Runs fn(arg) in a child process leading its own process group, so a hung or crashing check cannot take the
 * suite down: SIGALRM after timeout_s, SIGKILL to the group 5 s later; the child's reason comes back through
 * a pipe. Prints "ok NUM - NAME" or "not ok NUM - NAME: reason"; returns 0 or 1.
 */
static int check_run(int num, const char *name, int (*fn)(long), long arg, int timeout_s)
{
	char detail[sizeof(g_detail)];
	int pfd[2], st = 0;
	pid_t pid, w = 0;
	int64_t end;
	ssize_t n;

	fflush(stdout);
	if (pipe(pfd) < 0) {
		printf("not ok %d - %s: pipe: %s\n", num, name, strerror(errno));
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		printf("not ok %d - %s: fork: %s\n", num, name, strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		return 1;
	}
	if (pid == 0) {
		int rc;

		setpgid(0, 0);
		close(pfd[0]);
		signal(SIGALRM, SIG_DFL);
		alarm((unsigned int)timeout_s);
		g_detail[0] = '\0';
		rc = fn(arg);
		fflush(stdout);
		if (rc && !g_detail[0])
			snprintf(g_detail, sizeof(g_detail), "failed");
		if (write(pfd[1], g_detail, strlen(g_detail)) < 0)
			_exit(3);
		_exit(rc ? 1 : 0);
	}
	setpgid(pid, pid);
	close(pfd[1]);
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);
	end = tu_now_ms() + (int64_t)timeout_s * 1000 + 5000;
	while ((w = waitpid(pid, &st, WNOHANG)) == 0 && tu_now_ms() < end)
		tu_msleep(5);
	if (w == 0) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		end = tu_now_ms() + 10000;
		while ((w = waitpid(pid, &st, WNOHANG)) == 0 && tu_now_ms() < end)
			tu_msleep(10);
		printf("not ok %d - %s: hung (killed after %d s)%s\n", num, name, timeout_s + 5,
		       w == 0 ? " (child unkillable: stuck in a FUSE request)" : "");
		close(pfd[0]);
		fflush(stdout);
		return 1;
	}
	kill(-pid, SIGKILL); /* leftovers of the check's group */
	n = read(pfd[0], detail, sizeof(detail) - 1);
	detail[n > 0 ? n : 0] = '\0';
	close(pfd[0]);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		printf("ok %d - %s\n", num, name);
	} else if (WIFSIGNALED(st)) {
		printf("not ok %d - %s: %s (signal %d%s)\n", num, name, detail[0] ? detail : "killed",
		       WTERMSIG(st), WTERMSIG(st) == SIGALRM ? ": watchdog" : "");
	} else {
		printf("not ok %d - %s: %s\n", num, name, detail[0] ? detail : "failed");
	}
	fflush(stdout);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 1;
}

#endif
