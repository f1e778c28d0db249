// SPDX-License-Identifier: MIT
/*
 * create-fd - SNDRV_TIMER_IOCTL_CREATE with the kernel's descriptor semantics (snd_utimer_ioctl_create), as the
 * preload library's create.c gives them under sndfuse exec (docs/preload.md "CREATE"). TAP output.
 * Run with the library preloaded and SNDFUSE_TIMER (or SNDFUSE_MOUNT) naming the timer node.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <poll.h>
#include <stdio.h>
#include "../c/tutil.h"

static int n, failed;

static void check(int good, const char *name, const char *detail)
{
	n++;
	if (good) {
		printf("ok %d - %s\n", n, name);
	} else {
		printf("not ok %d - %s: %s\n", n, name, detail);
		failed++;
	}
}

static int open_fds(void)
{
	int count = 0;
	DIR *d = opendir("/proc/self/fd");
	for (struct dirent *e; d && (e = readdir(d));)
		count += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return count - 1; /* the directory's own descriptor */
}

static int exists(int probe_fd, int id)
{
	struct snd_timer_ginfo gi;
	return tu_ginfo(probe_fd, tu_gtid(SNDRV_TIMER_GLOBAL_UDRIVEN, id), &gi) == 0;
}

/* Until the utimer is gone (RELEASE reaches the daemon shortly after close), at most 1 s. */
static int gone(int probe_fd, int id)
{
	for (int i = 0; i < 100; i++) {
		if (!exists(probe_fd, id) && errno == ENODEV)
			return 1;
		tu_msleep(10);
	}
	return 0;
}

int main(void)
{
	char why[256];
	int probe = tu_open(0), ctl = tu_open(0), id = -1, ufd = -1, id2 = -1, ufd2 = -1;
	if (probe < 0 || ctl < 0) {
		printf("not ok 1 - open %s: %s\n1..1\n", sndfuse_timer_path(), strerror(errno));
		return 1;
	}
	int r = tu_create(ctl, 20000000, &id, &ufd);
	snprintf(why, sizeof(why), "ret %d (%s), fd %d, control fd %d", r, tu_errname(errno), ufd, ctl);
	check(r == 0 && ufd >= 0 && ufd != ctl, "CREATE on an O_RDONLY timer fd returns 0 and a new fd in uinfo.fd", why);
	check(ufd >= 0 && (fcntl(ufd, F_GETFD) & FD_CLOEXEC), "the new fd is close-on-exec", "FD_CLOEXEC not set");
	check(ufd >= 0 && (fcntl(ufd, F_GETFL) & O_ACCMODE) == O_RDWR, "the new fd is O_RDWR", "access mode");
	check(exists(probe, id), "the utimer exists (GINFO of G4.id)", tu_errname(errno));

	/* a listener on G4.id */
	int lis = tu_open(O_NONBLOCK);
	struct snd_timer_read rd;
	r = tu_select_global(lis, SNDRV_TIMER_GLOBAL_UDRIVEN, id) || tu_params(lis, 0, 1, 32, 0) ||
	    ioctl(lis, SNDRV_TIMER_IOCTL_START);
	check(r == 0, "a listener selects and starts G4.id", tu_errname(errno));
	errno = 0;
	r = tu_trigger(ctl);
	snprintf(why, sizeof(why), "ret %d errno %s", r, tu_errname(errno));
	check(r == -1 && errno == ENOTTY, "TRIGGER on the control fd: ENOTTY (it stays a plain timer fd)", why);
	check(tu_trigger(ufd) == 0, "TRIGGER on the new fd: 0", tu_errname(errno));
	struct pollfd p = { .fd = lis, .events = POLLIN };
	r = poll(&p, 1, 1000) == 1 && read(lis, &rd, sizeof(rd)) == sizeof(rd) ? (int)rd.ticks : -1;
	snprintf(why, sizeof(why), "read %d ticks", r);
	check(r == 1, "... and the listener reads one tick", why);

	r = tu_create(ctl, 10000000, &id2, &ufd2);
	snprintf(why, sizeof(why), "ret %d (%s) id %d fd %d", r, tu_errname(errno), id2, ufd2);
	check(r == 0 && ufd2 >= 0 && ufd2 != ufd && id2 != id, "a second CREATE on the same fd gives another utimer and fd", why);

	errno = 0;
	r = dup2(12345, ufd);
	snprintf(why, sizeof(why), "dup2 ret %d (%s), then TRIGGER %s", r, tu_errname(errno),
		 tu_trigger(ufd) == 0 ? "0" : tu_errname(errno));
	check(r == -1 && tu_trigger(ufd) == 0, "a failed dup2 onto the new fd leaves it as it was", why);
	int dupfd = dup(ufd);
	close(ufd);
	tu_msleep(50);
	check(exists(probe, id), "closing the new fd while a dup of it is open keeps the utimer", tu_errname(errno));
	check(tu_trigger(dupfd) == 0, "... and TRIGGER works on the dup", tu_errname(errno));
	close(dupfd);
	check(gone(probe, id), "closing the last reference destroys the utimer (GINFO -> ENODEV)", "still there");

	close(ctl);
	tu_msleep(50);
	check(exists(probe, id2), "closing the control fd does not destroy the utimers it created", tu_errname(errno));
	close(ufd2);
	check(gone(probe, id2), "closing the second fd destroys the second utimer", "still there");

	ctl = tu_open(0);
	int before = open_fds();
	struct snd_timer_uinfo ui = { .resolution = 0, .fd = -7, .id = 77 };
	errno = 0;
	r = ioctl(ctl, SNDRV_TIMER_IOCTL_CREATE, &ui);
	snprintf(why, sizeof(why), "ret %d errno %s fd %d id %u, fds %d -> %d", r, tu_errname(errno), ui.fd, ui.id,
		 before, open_fds());
	check(r == -1 && errno == EINVAL && ui.fd == -7 && ui.id == 77 && open_fds() == before,
	      "CREATE resolution 0: EINVAL, uinfo untouched, no descriptor left open", why);
	errno = 0;
	r = ioctl(ctl, SNDRV_TIMER_IOCTL_CREATE, NULL);
	snprintf(why, sizeof(why), "ret %d errno %s, fds %d -> %d", r, tu_errname(errno), before, open_fds());
	check(r == -1 && errno == EFAULT && open_fds() == before, "CREATE NULL: EFAULT, no descriptor left open", why);
	printf("1..%d\n", n);
	return failed != 0;
}
