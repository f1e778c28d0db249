// SPDX-License-Identifier: MIT
/*
 * stress - churn against a live mount, then check nothing was left behind and the daemon still answers.
 * Child processes open/select/start/read/close timer listeners on a utimer the parent triggers, create and
 * destroy their own utimers, open/configure/write/close PCM substreams, and some are SIGKILLed at random
 * points. Afterwards: no utimer other than the parent's, no client left on any timer, every substream closed.
 * usage: SNDFUSE_MOUNT=DIR stress [SECONDS] [CHILDREN]
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sndfuse/pcm.h"
#include "sndfuse/utimer.h"

static char tpath[512];

static int select_start(int fd, int dev, int sub)
{
	struct snd_timer_select sel;
	struct snd_timer_params p;

	memset(&sel, 0, sizeof(sel));
	sel.id.dev_class = SNDRV_TIMER_CLASS_GLOBAL;
	sel.id.card = -1;
	sel.id.device = dev;
	sel.id.subdevice = sub;
	memset(&p, 0, sizeof(p));
	p.flags = SNDRV_TIMER_PSFLG_AUTO;
	p.ticks = dev == 0 ? 1 : 1;
	if (ioctl(fd, SNDRV_TIMER_IOCTL_SELECT, &sel) < 0 || ioctl(fd, SNDRV_TIMER_IOCTL_PARAMS, &p) < 0)
		return -1;
	return ioctl(fd, SNDRV_TIMER_IOCTL_START);
}

static void child(int id, unsigned seed)
{
	srand(seed);
	for (int round = 0; round < 200; round++) {
		int what = rand() % 4;

		if (what == 0) { /* a listener on the parent's utimer, reading a little */
			int fd = open(tpath, O_RDONLY | (rand() % 2 ? O_NONBLOCK : 0));
			struct snd_timer_read r[4];

			if (fd < 0)
				continue;
			if (select_start(fd, SNDRV_TIMER_GLOBAL_UDRIVEN, id) == 0) {
				int fl = fcntl(fd, F_GETFL);
				fcntl(fd, F_SETFL, fl | O_NONBLOCK);
				if (read(fd, r, sizeof(r)) < 0 && errno != EAGAIN)
					perror("read");
			}
			if (rand() % 2)
				close(fd); /* else leave it to exit */
		} else if (what == 1) { /* an own utimer, triggered a few times */
			int fd = open(tpath, O_RDWR);
			struct snd_timer_uinfo u = { .resolution = 10000000 };

			if (fd < 0)
				continue;
			if (ioctl(fd, SNDRV_TIMER_IOCTL_CREATE, &u) == 0)
				for (int i = rand() % 5; i > 0; i--)
					ioctl(fd, SNDRV_TIMER_IOCTL_TRIGGER);
			close(fd);
		} else if (what == 2) { /* a PCM substream, configured and written */
			struct sp_config c = sp_config_s16(48000, 480, 4 * 480);
			int fd = sp_open(rand() % 2, rand() % 2 ? SP_PLAYBACK : SP_CAPTURE, O_NONBLOCK);
			unsigned char buf[480 * 4];

			if (fd < 0)
				continue;
			memset(buf, id, sizeof(buf));
			if (sp_set_hw(fd, &c, NULL) == 0 && sp_prepare(fd) == 0) {
				if (write(fd, buf, sizeof(buf)) < 0 && read(fd, buf, sizeof(buf)) < 0 && errno == EINVAL)
					perror("pcm io");
			}
			if (rand() % 3)
				close(fd);
		} else { /* the system timer, started and abandoned */
			int fd = open(tpath, O_RDONLY);

			if (fd >= 0 && select_start(fd, 0, 0) == 0 && rand() % 2)
				close(fd);
		}
	}
	_exit(0);
}

static int count_lines(const char *rel, const char *needle)
{
	char path[512], line[256];
	int n = 0;
	FILE *f = fopen(sp_path(path, sizeof(path), rel), "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, needle))
			n++;
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 10, children = argc > 2 ? atoi(argv[2]) : 8;
	int owner, failed = 0, spawned = 0, killed = 0;
	struct snd_timer_uinfo u = { .resolution = 10000000 };
	time_t end = time(NULL) + seconds;
	char path[512];

	alarm(seconds + 120);
	snprintf(tpath, sizeof(tpath), "%s", sp_path(path, sizeof(path), "snd/timer"));
	owner = open(tpath, O_RDWR);
	if (owner < 0 || ioctl(owner, SNDRV_TIMER_IOCTL_CREATE, &u) < 0) {
		printf("not ok 1 - utimer for the churn: %s\n", strerror(errno));
		return 1;
	}
	while (time(NULL) < end) {
		pid_t pids[64];
		int k = children < 64 ? children : 64;

		for (int i = 0; i < k; i++) {
			pids[i] = fork();
			if (pids[i] == 0)
				child((int)u.id, (unsigned)(getpid() ^ time(NULL)));
			spawned++;
		}
		for (int t = 0; t < 50; t++) {
			ioctl(owner, SNDRV_TIMER_IOCTL_TRIGGER);
			usleep(2000);
			if (t == 25)
				for (int i = 0; i < k; i += 3) {
					kill(pids[i], SIGKILL);
					killed++;
				}
		}
		for (int i = 0; i < k; i++)
			waitpid(pids[i], NULL, 0);
	}
	printf("ok 1 - churn: %d child processes (%d SIGKILLed at random points), %d s\n", spawned, killed, seconds);

	/* releases arrive asynchronously: give them a moment */
	int utimers = 0, clients = 0, open_subs = 0;
	for (int t = 0; t < 100; t++) {
		utimers = count_lines("proc/asound/timers", "G4:");
		clients = count_lines("proc/asound/timers", "Client");
		open_subs = 0;
		for (int d = 0; d < 2; d++)
			for (int s = 0; s < 2; s++)
				for (int sub = 0; sub < 8; sub++) {
					char rel[128];
					snprintf(rel, sizeof(rel), "proc/asound/card0/pcm%d%c/sub%d/status", d, s ? 'c' : 'p', sub);
					if (count_lines(rel, "closed") == 0)
						open_subs++;
				}
		if (utimers == 1 && clients == 0 && open_subs == 0)
			break;
		usleep(100000);
	}
	if (utimers == 1)
		printf("ok 2 - only the parent's utimer is left\n");
	else
		printf("not ok 2 - only the parent's utimer is left: %d utimers listed\n", utimers), failed++;
	if (clients == 0)
		printf("ok 3 - no timer client left behind\n");
	else
		printf("not ok 3 - no timer client left behind: %d listed\n", clients), failed++;
	if (open_subs == 0)
		printf("ok 4 - every substream closed\n");
	else
		printf("not ok 4 - every substream closed: %d still open\n", open_subs), failed++;
	{
		struct snd_timer_ginfo gi;
		memset(&gi, 0, sizeof(gi));
		gi.tid.dev_class = SNDRV_TIMER_CLASS_GLOBAL;
		gi.tid.card = -1;
		gi.tid.device = SNDRV_TIMER_GLOBAL_UDRIVEN;
		gi.tid.subdevice = (int)u.id;
		if (ioctl(owner, SNDRV_TIMER_IOCTL_GINFO, &gi) == 0 && gi.clients == 0)
			printf("ok 5 - the daemon still answers: GINFO of the churned utimer, 0 clients\n");
		else
			printf("not ok 5 - the daemon still answers: %s, clients %u\n", strerror(errno), gi.clients), failed++;
	}
	close(owner);
	printf("1..5\n");
	return failed ? 1 : 0;
}
