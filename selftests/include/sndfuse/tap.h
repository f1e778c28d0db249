/* SPDX-License-Identifier: MIT */
/*
 * sndfuse/tap.h - one TAP line per check for the sequential suites (pcm-ioctls, pcm-mmap): check(ok, name,
 * reason...) prints "ok N - name" or "not ok N - name: reason" and counts; tap_end() prints the plan and
 * returns the exit status.
 */
#ifndef SNDFUSE_TAP_H
#define SNDFUSE_TAP_H

#include <stdarg.h>
#include <stdio.h>

static int tap_n, tap_failed;


static void check(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (ok) {
		printf("ok %d - %s\n", tap_n, name);
		fflush(stdout);
		return;
	}
	tap_failed++;
	printf("not ok %d - %s: ", tap_n, name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static inline int tap_end(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
