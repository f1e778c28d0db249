// SPDX-License-Identifier: MIT
/*
 * ticker - a utimer driven from a shell.
 *
 * usage: ticker [create] [RESOLUTION_NS]     (default 10000000 = 10 ms)
 *
 * Creates a utimer on the sndfuse timer node, prints its id on one line,
 * then fires TRIGGER once per line read from stdin (a line holding a
 * positive number N fires N times).  At end of input the descriptor is
 * closed, which destroys the timer.
 *
 *   coproc T { ticker 5000000; }; read -r id <&"${T[0]}"
 *   global-timer 4 "$id" 3 &  sleep 1; echo 10 >&"${T[1]}"
 */
#include <stdio.h>
#include <stdlib.h>

#include "tutil.h"

int main(int argc, char **argv)
{
	unsigned long long res = 10000000ULL;
	char line[128];
	int fd, id = -1, ufd = -1, tfd, argi = 1;

	if (argi < argc && !strcmp(argv[argi], "create"))
		argi++;
	if (argi < argc) {
		char *end;

		res = strtoull(argv[argi], &end, 0);
		if (*end || !res) {
			fprintf(stderr, "usage: %s [create] [RESOLUTION_NS]\n", argv[0]);
			return 2;
		}
	}
	fd = tu_open(0);
	if (fd < 0) {
		fprintf(stderr, "ticker: open %s: %s\n", sndfuse_timer_path(), strerror(errno));
		return 1;
	}
	if (tu_create(fd, res, &id, &ufd) < 0) {
		fprintf(stderr, "ticker: CREATE: %s\n", strerror(errno));
		return 1;
	}
	tfd = tu_trigger_fd(fd, ufd);
	printf("%d\n", id);
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		long n = strtol(line, NULL, 10);

		if (n < 1)
			n = 1;
		for (long i = 0; i < n; i++) {
			if (tu_trigger(tfd) < 0) {
				fprintf(stderr, "ticker: TRIGGER: %s\n", strerror(errno));
				return 1;
			}
		}
	}
	close(tfd);
	return 0;
}
