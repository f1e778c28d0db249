/* SPDX-License-Identifier: MIT */
/*
 * check.h - the plumbing the C conformance suites share: a check is a function returning 0, or 1 with a
 * one-line reason (file line included) in g_detail; REQUIRE/OK/ERR build those reasons. Define
 * CHECK_ERRNAME(e) before including to name errnos a suite knows more of (default tu_errname).
 */
#ifndef SNDFUSE_CHECK_H
#define SNDFUSE_CHECK_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

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

#endif
