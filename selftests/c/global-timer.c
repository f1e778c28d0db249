// SPDX-License-Identifier: MIT
/*
 * global-timer - listen to a global ALSA timer and count its ticks.
 *
 * A raw-ioctl rewrite of the ALSA kselftest helper of the same name, for the
 * sndfuse emulated timer node (see sndfuse_timer_path()).  The upstream tool
 * counts SIGIO deliveries through alsa-lib; FUSE files have no fasync, so this
 * port counts ticks with poll() + read() instead.
 *
 * usage: global-timer [-t] [-k TICKS] DEVICE SUBDEVICE SECONDS
 *   -t        timestamped (TREAD) records, counting TICK event values
 *   -k TICKS  PARAMS ticks (default 1)
 *
 * Prints "Timer has started" once the instance runs and, at the end,
 * "Total ticks count: K".
 */
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>

#include "tutil.h"

static const char *prog = "global-timer";

static void die(const char *what)
{
	fprintf(stderr, "%s: %s: %s (%s)\n", prog, what, strerror(errno),
		tu_errname(errno));
	exit(1);
}

static void usage(void)
{
	fprintf(stderr, "usage: %s [-t] [-k TICKS] DEVICE SUBDEVICE SECONDS\n", prog);
	exit(2);
}

/* Read every queued record; returns the number of ticks found. */
static long drain(int fd, int tread)
{
	long ticks = 0;

	for (;;) {
		if (tread) {
			struct snd_timer_tread ev[32];
			ssize_t n = read(fd, ev, sizeof(ev));

			if (n < 0) {
				if (errno == EAGAIN || errno == EINTR)
					break;
				die("read");
			}
			if (n == 0)
				break;
			for (size_t i = 0; i < (size_t)n / sizeof(ev[0]); i++)
				if (ev[i].event == SNDRV_TIMER_EVENT_TICK)
					ticks += ev[i].val;
		} else {
			struct snd_timer_read rec[32];
			ssize_t n = read(fd, rec, sizeof(rec));

			if (n < 0) {
				if (errno == EAGAIN || errno == EINTR)
					break;
				die("read");
			}
			if (n == 0)
				break;
			for (size_t i = 0; i < (size_t)n / sizeof(rec[0]); i++)
				ticks += rec[i].ticks;
		}
	}
	return ticks;
}

int main(int argc, char **argv)
{
	int tread = 0, opt, fd, version = 0;
	unsigned int ticks_param = 1;
	long device, subdevice, seconds, total = 0;
	struct snd_timer_info info;
	int64_t deadline;

	while ((opt = getopt(argc, argv, "tk:h")) != -1) {
		switch (opt) {
		case 't':
			tread = 1;
			break;
		case 'k':
			ticks_param = (unsigned int)strtoul(optarg, NULL, 0);
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 3)
		usage();
	device = strtol(argv[optind], NULL, 0);
	subdevice = strtol(argv[optind + 1], NULL, 0);
	seconds = strtol(argv[optind + 2], NULL, 0);

	fd = tu_open(O_NONBLOCK);
	if (fd < 0)
		die(sndfuse_timer_path());
	if (ioctl(fd, SNDRV_TIMER_IOCTL_PVERSION, &version) < 0)
		die("PVERSION");
	if (SNDRV_PROTOCOL_MAJOR(version) != 2) {
		fprintf(stderr, "%s: unsupported protocol version 0x%x\n", prog, version);
		return 1;
	}
	if (tread) {
		int one = 1;

		if (ioctl(fd, SNDRV_TIMER_IOCTL_TREAD, &one) < 0)
			die("TREAD");
	}
	/* class GLOBAL, sclass 0 (the kernel makes it APPLICATION), card -1 */
	if (tu_select(fd, tu_tid(SNDRV_TIMER_CLASS_GLOBAL, SNDRV_TIMER_SCLASS_NONE,
				 -1, (int)device, (int)subdevice)) < 0)
		die("SELECT");
	memset(&info, 0, sizeof(info));
	if (ioctl(fd, SNDRV_TIMER_IOCTL_INFO, &info) < 0)
		die("INFO");
	fprintf(stderr, "%s: timer '%s' (%s), resolution %lu ns\n", prog,
		(char *)info.id, (char *)info.name, info.resolution);
	if (tu_params(fd, SNDRV_TIMER_PSFLG_AUTO, ticks_param, 0,
		      tread ? 1u << SNDRV_TIMER_EVENT_TICK : 0) < 0)
		die("PARAMS");
	if (ioctl(fd, SNDRV_TIMER_IOCTL_START) < 0)
		die("START");

	printf("Timer has started\n");
	fflush(stdout);

	deadline = tu_now_ms() + seconds * 1000;
	for (;;) {
		int64_t left = deadline - tu_now_ms();
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int r;

		if (left <= 0)
			break;
		r = poll(&pfd, 1, (int)(left > 1000 ? 1000 : left));
		if (r < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (r > 0 && (pfd.revents & POLLERR)) {
			fprintf(stderr, "%s: POLLERR (timer disconnected)\n", prog);
			break;
		}
		if (r > 0)
			total += drain(fd, tread);
	}
	total += drain(fd, tread);

	if (ioctl(fd, SNDRV_TIMER_IOCTL_STOP) < 0)
		die("STOP");
	close(fd);

	printf("Total ticks count: %ld\n", total);
	fflush(stdout);
	return 0;
}
