/* SPDX-License-Identifier: MIT */
/*
 * sndfuse/daemon.h - what the selftests read about the daemon process itself.
 */
#ifndef SNDFUSE_DAEMON_H
#define SNDFUSE_DAEMON_H

#include <stdio.h>

/* The daemon's thread count (the "Threads:" line of /proc/PID/status), or -1. */
static inline int sndfuse_daemon_threads(int pid)
{
	char path[64], line[256];
	int n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	fclose(f);
	return n;
}

#endif /* SNDFUSE_DAEMON_H */
