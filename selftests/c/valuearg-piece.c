// SPDX-License-Identifier: MIT
/*
 * valuearg-piece - the preload library's value-argument piece (preload/src/valuearg.c) against a real mount,
 * built in here with a stand-in for the library's descriptor table (descriptors said HELLO, as the core does
 * on open): PAUSE by value pushes and releases, its ENOSYS comes back as ENOSYS, LINK by fd links through the
 * other description's token, LINK of a descriptor that is no sndfuse PCM is EBADFD, and requests or
 * descriptors that are not the piece's are left alone. alsa-lib's own calls through the whole library are in
 * selftests/alsa-lib/.
 * usage: SNDFUSE_MOUNT=DIR valuearg-piece        TAP output, exit 1 on any failure
 */
#include <stdio.h>

#include <sndfuse/pcm.h>
#include "tutil.h"

#define CHECK_ERRNAME(e) ((e) == EALREADY ? "EALREADY" : tu_errname(e))
#include "check.h"
#include "../../preload/src/valuearg.c"

/* The stand-in for the core's table: the descriptors that answered HELLO. */
static struct sf_fd g_table[64];

const struct sf_fd *sf_lookup(int fd)
{
	return fd >= 0 && fd < 64 && g_table[fd].kind ? &g_table[fd] : NULL;
}

int sf_real_ioctl(int fd, unsigned long request, void *arg)
{
	return ioctl(fd, request, arg);
}

static int hello(int fd)
{
	struct sndfuse_hello h = { .version = SNDFUSE_PRIVATE_VERSION };

	if (fd < 0 || fd >= 64 || ioctl(fd, SNDFUSE_IOCTL_HELLO, &h) < 0)
		return -1;
	g_table[fd].kind = (int)h.kind;
	g_table[fd].token = h.token;
	return 0;
}

/* The piece's answer as ioctl() would give it; -2 when the piece did not take the request. */
static int piece(int fd, unsigned long request, long arg)
{
	int ret = 0;

	if (!sf_valuearg_ioctl(fd, sf_lookup(fd), request, (void *)arg, &ret))
		return -2;
	return ret;
}

static int chk_pause_by_value(long unused)
{
	static unsigned char data[8 * 960 * 4];
	struct sp_config c = sp_config_s16(48000, 960, 8 * 960);
	int fd;

	(void)unused;
	OK(sp_set_timer_source(""));
	fd = sp_open_sub(0, SP_PLAYBACK, 6, 0);
	REQUIRE(fd >= 0 && hello(fd) == 0, "open and HELLO: %s", tu_errname(errno));
	ERR(piece(fd, SNDRV_PCM_IOCTL_PAUSE, 1), ENOSYS);	/* no PAUSE info before HW_PARAMS */
	OK(sp_set_hw(fd, &c, NULL));
	OK(sp_prepare(fd));
	ERR(piece(fd, SNDRV_PCM_IOCTL_PAUSE, 1), EBADFD);
	REQUIRE(write(fd, data, sizeof(data)) == (ssize_t)sizeof(data), "write: %s", tu_errname(errno));
	OK(piece(fd, SNDRV_PCM_IOCTL_PAUSE, 1));
	REQUIRE(sp_state(fd) == SNDRV_PCM_STATE_PAUSED, "state %s after PAUSE(1)", sp_state_name(sp_state(fd)));
	OK(piece(fd, SNDRV_PCM_IOCTL_PAUSE, 0));
	REQUIRE(sp_state(fd) == SNDRV_PCM_STATE_RUNNING, "state %s after PAUSE(0)", sp_state_name(sp_state(fd)));
	REQUIRE(piece(fd, SNDRV_PCM_IOCTL_START, 0) == -2, "START taken by the piece");
	REQUIRE(piece(fd, SNDRV_PCM_IOCTL_UNLINK, 0) == -2, "UNLINK taken by the piece");
	close(fd);
	return 0;
}

static int chk_link_by_fd(long unused)
{
	struct sp_config c = sp_config_s16(48000, 960, 4 * 960);
	int p, cap, raw, tfd;

	(void)unused;
	OK(sp_set_timer_source(""));
	p = sp_open_sub(0, SP_PLAYBACK, 7, 0);
	cap = sp_open_sub(0, SP_CAPTURE, 7, 0);
	raw = sp_open_sub(1, SP_CAPTURE, 7, 0);	/* a PCM the table does not know */
	tfd = open(sndfuse_timer_path(), O_RDONLY);
	REQUIRE(p >= 0 && cap >= 0 && raw >= 0 && tfd >= 0, "open: %s", tu_errname(errno));
	REQUIRE(hello(p) == 0 && hello(cap) == 0, "HELLO: %s", tu_errname(errno));
	hello(tfd);	/* a timer: not a PCM whatever it answers */
	OK(sp_set_hw(p, &c, NULL));
	OK(sp_set_hw(cap, &c, NULL));
	ERR(piece(p, SNDRV_PCM_IOCTL_LINK, raw), EBADFD);
	ERR(piece(p, SNDRV_PCM_IOCTL_LINK, tfd), EBADFD);
	ERR(piece(p, SNDRV_PCM_IOCTL_LINK, 999), EBADFD);
	ERR(piece(p, SNDRV_PCM_IOCTL_LINK, p), EINVAL);
	OK(piece(p, SNDRV_PCM_IOCTL_LINK, cap));
	ERR(piece(cap, SNDRV_PCM_IOCTL_LINK, p), EALREADY);
	OK(sp_prepare(cap));				/* prepares the linked playback too */
	REQUIRE(sp_state(p) == SNDRV_PCM_STATE_PREPARED, "playback %s", sp_state_name(sp_state(p)));
	OK(ioctl(p, SNDRV_PCM_IOCTL_UNLINK));
	REQUIRE(piece(tfd, SNDRV_PCM_IOCTL_PAUSE, 1) == -2, "PAUSE on a timer descriptor taken by the piece");
	close(tfd);
	close(raw);
	close(cap);
	close(p);
	return 0;
}

int main(void)
{
	int failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	failed += check_run(1, "valuearg: PAUSE by value (push, release, ENOSYS, EBADFD)", chk_pause_by_value, 0, 30);
	failed += check_run(2, "valuearg: LINK by fd through the token; EBADFD for no sndfuse PCM", chk_link_by_fd, 0,
			    30);
	printf("1..2\n");
	return failed ? 1 : 0;
}
