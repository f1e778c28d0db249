// SPDX-License-Identifier: MIT
/*
 * pcm-mmap - the mapped PCM data buffer without the preload library (docs/mmap.md): the private requests
 * HELLO and PCM_MMAP_INFO by hand, the buffer file mapped MAP_SHARED, appl_ptr moved and hw_ptr read with
 * SYNC_PTR, as alsa-lib's hw plugin does with an mmap access. A descriptor that never said HELLO keeps the RW
 * access types only; after HELLO the MMAP ones are offered; snd_pcm_mmap_data()'s errnos; playback through the
 * mapped ring clocked by a utimer comes back byte-exact from read() on the capture end; a forked process that
 * maps the same substream sees (and writes) the same pages; capture through a mapped ring; the file is gone
 * after HW_FREE and close. TAP output; exit 1 on any failure.
 * usage: SNDFUSE_MOUNT=DIR pcm-mmap
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sndfuse/pcm.h"
#include "sndfuse/tap.h"
#include "sndfuse/utimer.h"
#include "../../preload/src/sndfuse-private.h"

enum { P = 960, RING = 4 * P, FB = 4, PERIODS = 12 };

static int hello(int fd, struct sndfuse_hello *h)
{
	memset(h, 0, sizeof(*h));
	h->version = SNDFUSE_PRIVATE_VERSION;
	return ioctl(fd, SNDFUSE_IOCTL_HELLO, h);
}

/* PCM_MMAP_INFO for a mapping of len bytes at off; -errno or 0 */
static int mmap_info(int fd, uint64_t off, uint64_t len, uint32_t prot, struct sndfuse_mmap_info *mi)
{
	memset(mi, 0, sizeof(*mi));
	mi->offset = off;
	mi->length = len;
	mi->prot = prot;
	return ioctl(fd, SNDFUSE_IOCTL_PCM_MMAP_INFO, mi) < 0 ? -errno : 0;
}

/* what the library does: ask, open the file, map it shared */
static void *map_ring(int fd, size_t len, struct sndfuse_mmap_info *mi)
{
	void *p;
	int sfd;

	if (mmap_info(fd, 0, len, PROT_READ | PROT_WRITE, mi) < 0)
		return MAP_FAILED;
	sfd = open(mi->path, O_RDWR | O_CLOEXEC);
	if (sfd < 0)
		return MAP_FAILED;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, sfd, 0);
	close(sfd);
	return p;
}

/* SYNC_PTR that sets appl_ptr (and keeps avail_min); returns hw_ptr or -1 */
static long push_appl(int fd, unsigned long appl)
{
	struct snd_pcm_sync_ptr sp;

	memset(&sp, 0, sizeof(sp));
	sp.flags = SNDRV_PCM_SYNC_PTR_AVAIL_MIN;
	sp.c.control.appl_ptr = appl;
	if (ioctl(fd, SNDRV_PCM_IOCTL_SYNC_PTR, &sp) < 0)
		return -1;
	return (long)sp.s.status.hw_ptr;
}

/* SYNC_PTR that only reads (HWSYNC first); fills *appl */
static long read_ptrs(int fd, unsigned long *appl)
{
	struct snd_pcm_sync_ptr sp;

	memset(&sp, 0, sizeof(sp));
	sp.flags = SNDRV_PCM_SYNC_PTR_HWSYNC | SNDRV_PCM_SYNC_PTR_APPL | SNDRV_PCM_SYNC_PTR_AVAIL_MIN;
	if (ioctl(fd, SNDRV_PCM_IOCTL_SYNC_PTR, &sp) < 0)
		return -1;
	if (appl)
		*appl = sp.c.control.appl_ptr;
	return (long)sp.s.status.hw_ptr;
}

static void fill(unsigned char *b, size_t len, unsigned int seed)
{
	srand(seed);
	for (size_t i = 0; i < len; i++)
		b[i] = (unsigned char)rand();
}

int main(void)
{
	struct sp_config c = sp_config_s16(48000, P, RING);
	struct sp_config mc = c;
	static unsigned char src[PERIODS * P * FB], got[PERIODS * P * FB];
	struct snd_pcm_hw_params hw;
	struct sndfuse_hello h;
	struct sndfuse_mmap_info mi;
	struct stat st, node;
	unsigned char *ring = MAP_FAILED;
	char shm_path[sizeof(mi.path)] = "";
	int tfd, id = -1, pfd, cfd, r, ok;
	long hwp;

	mc.access = SNDRV_PCM_ACCESS_MMAP_INTERLEAVED;
	fill(src, sizeof(src), 4711);
	tfd = sp_utimer_create(sp_period_ns(48000, P), &id, NULL);
	r = tfd >= 0 ? sp_use_utimer(id) : -1;
	check(r == 0, "a utimer of one 960-frame period clocks the cable", "%s", strerror(errno));

	/* ---- the access offer per descriptor ---- */
	pfd = sp_open_sub(0, SP_PLAYBACK, 4, 0);
	cfd = sp_open_sub(1, SP_CAPTURE, 4, 0);
	check(pfd >= 0 && cfd >= 0, "open pcmC0D0p and pcmC0D1c substream 4", "%s", strerror(errno));
	sp_hw_any(&hw);
	r = sp_hw_refine(pfd, &hw);
	check(r == 0 && !sp_hw_mask_has(&hw, SNDRV_PCM_HW_PARAM_ACCESS, SNDRV_PCM_ACCESS_MMAP_INTERLEAVED) &&
	      !(hw.info & (SNDRV_PCM_INFO_MMAP | SNDRV_PCM_INFO_MMAP_VALID)),
	      "without HELLO: no MMAP access type and no MMAP info bits", "r=%d info=%#x", r, hw.info);
	r = sp_set_hw(pfd, &mc, NULL);
	check(r < 0 && errno == EINVAL, "without HELLO: HW_PARAMS MMAP_INTERLEAVED is EINVAL", "r=%d %s", r,
	      strerror(errno));
	r = sp_set_hw(pfd, &c, NULL);
	check(r == 0 && mmap_info(pfd, 0, RING * FB, PROT_READ | PROT_WRITE, &mi) == -ENXIO,
	      "without HELLO: PCM_MMAP_INFO on an RW stream is ENXIO (no INFO_MMAP)", "r=%d", r);
	sp_hw_free(pfd);

	r = hello(pfd, &h);
	check(r == 0 && h.kind == SNDFUSE_NODE_PCM && h.token != 0, "HELLO: kind PCM and a token",
	      "r=%d %s kind=%u token=%llu", r, strerror(errno), h.kind, (unsigned long long)h.token);
	r = mmap_info(pfd, 0, RING * FB, PROT_READ | PROT_WRITE, &mi);
	check(r == -EBADFD, "PCM_MMAP_INFO before HW_PARAMS: EBADFD", "r=%d", r);
	sp_hw_any(&hw);
	r = sp_hw_refine(pfd, &hw);
	check(r == 0 && sp_hw_mask_has(&hw, SNDRV_PCM_HW_PARAM_ACCESS, SNDRV_PCM_ACCESS_MMAP_INTERLEAVED) &&
	      sp_hw_mask_has(&hw, SNDRV_PCM_HW_PARAM_ACCESS, SNDRV_PCM_ACCESS_MMAP_NONINTERLEAVED) &&
	      sp_hw_mask_has(&hw, SNDRV_PCM_HW_PARAM_ACCESS, SNDRV_PCM_ACCESS_RW_INTERLEAVED) &&
	      (hw.info & SNDRV_PCM_INFO_MMAP) && (hw.info & SNDRV_PCM_INFO_MMAP_VALID),
	      "after HELLO: both MMAP access types, the RW ones, INFO_MMAP and INFO_MMAP_VALID", "r=%d info=%#x", r,
	      hw.info);
	r = sp_set_hw(pfd, &c, NULL);
	check(r == 0 && mmap_info(pfd, 0, RING * FB, PROT_READ | PROT_WRITE, &mi) == -EINVAL,
	      "after HELLO: PCM_MMAP_INFO on an RW access is EINVAL, as snd_pcm_mmap_data", "r=%d", r);

	/* ---- playback through the mapped ring ---- */
	r = sp_set_hw(pfd, &mc, NULL);
	if (r == 0)
		r = sp_set_hw(cfd, &c, NULL);
	if (r == 0)
		r = sp_set_sw(pfd, P, 1, 0, NULL); /* stop_threshold = boundary: no xrun after the last period */
	if (r == 0)
		r = sp_prepare(pfd);
	if (r == 0)
		r = sp_prepare(cfd);
	check(r == 0, "HW_PARAMS MMAP_INTERLEAVED (playback, no stop threshold) and RW_INTERLEAVED (capture), PREPARE", "%s",
	      strerror(errno));
	check(mmap_info(pfd, 0, 16384 + 4096, PROT_READ | PROT_WRITE, &mi) == -EINVAL &&
	      mmap_info(pfd, 4096, 16384, PROT_READ | PROT_WRITE, &mi) == -EINVAL &&
	      mmap_info(pfd, 0, RING * FB, 0, &mi) == -EINVAL,
	      "PCM_MMAP_INFO beyond the page-aligned buffer or without PROT_READ/WRITE: EINVAL", "%s", "");
	r = mmap_info(pfd, 0, RING * FB, PROT_READ | PROT_WRITE, &mi);
	check(r == 0 && mi.size == 16384 && strncmp(mi.path, "/dev/shm/sndfuse-", 17) == 0,
	      "PCM_MMAP_INFO: the buffer file, 15360 bytes rounded up to 16384", "r=%d size=%llu path=%s", r,
	      (unsigned long long)mi.size, mi.path);
	snprintf(shm_path, sizeof(shm_path), "%s", mi.path);
	r = stat(shm_path, &st);
	check(r == 0 && st.st_size == 16384 && stat(sp_node_path(0, SP_PLAYBACK), &node) == 0 &&
	      (st.st_mode & 07777) == (node.st_mode & 07777) && st.st_gid == node.st_gid,
	      "the buffer file has the node's size, mode and group", "r=%d size=%lld mode=%o node=%o", r,
	      (long long)st.st_size, st.st_mode & 07777, node.st_mode & 07777);
	ring = map_ring(pfd, RING * FB, &mi);
	check(ring != MAP_FAILED, "the buffer file maps MAP_SHARED", "%s", strerror(errno));
	if (ring == MAP_FAILED)
		goto out;

	/* the first 4 periods, the last one written by a forked process mapping the same substream */
	memcpy(ring, src, 3 * P * FB);
	{
		pid_t child = fork();
		int st2 = 0;

		if (child == 0) {
			struct sndfuse_mmap_info cmi;
			unsigned char *cring = map_ring(pfd, RING * FB, &cmi);

			if (cring == MAP_FAILED || memcmp(cring, src, 3 * P * FB) != 0)
				_exit(1);
			memcpy(cring + 3 * P * FB, src + 3 * P * FB, P * FB);
			_exit(0);
		}
		waitpid(child, &st2, 0);
		check(WIFEXITED(st2) && WEXITSTATUS(st2) == 0 && !memcmp(ring + 3 * P * FB, src + 3 * P * FB, P * FB),
		      "a second process mapping the substream sees the first's frames, and its writes are seen",
		      "status %#x", st2);
	}
	hwp = push_appl(pfd, RING);
	r = sp_state(pfd);
	check(hwp == 0 && r == SNDRV_PCM_STATE_PREPARED,
	      "SYNC_PTR moves appl_ptr over the mapped frames; playback stays PREPARED (no auto-start)",
	      "hw=%ld state=%s", hwp, sp_state_name(r));
	r = sp_start(pfd);
	if (r == 0)
		r = sp_start(cfd);
	check(r == 0, "START both ends", "%s", strerror(errno));
	ok = 1;
	for (int i = 0; i < PERIODS && ok; i++) {
		unsigned long appl = 0;

		if (sp_utimer_trigger(tfd) < 0 || sp_read_all(cfd, got + (size_t)i * P * FB, P * FB) != P * FB) {
			ok = 0;
			break;
		}
		hwp = read_ptrs(pfd, &appl);
		if (hwp != (long)(i + 1) * P) {
			ok = 0;
			printf("# period %d: hw_ptr %ld\n", i, hwp);
			break;
		}
		if (i + 4 < PERIODS) {
			memcpy(ring + (appl % RING) * FB, src + (size_t)(i + 4) * P * FB, P * FB);
			if (push_appl(pfd, appl + P) < 0)
				ok = 0;
		}
	}
	check(ok && !memcmp(src, got, sizeof(src)),
	      "12 periods written into the mapped ring, appl_ptr by SYNC_PTR: byte-exact at the capture end",
	      "ok=%d %s", ok, strerror(errno));
	check(sp_hw_free(pfd) < 0 && errno == EBADFD, "HW_FREE while running: EBADFD", "%s", strerror(errno));
	sp_drop(pfd);
	sp_drop(cfd);
	r = sp_hw_free(pfd);
	check(r == 0 && stat(shm_path, &st) < 0 && errno == ENOENT, "HW_FREE removes the buffer file",
	      "r=%d %s", r, strerror(errno));
	munmap(ring, RING * FB);
	ring = MAP_FAILED;

	/* ---- capture through a mapped ring ---- */
	{
		unsigned long appl = 0;
		struct pollfd pf;

		close(pfd);
		close(cfd);
		pfd = sp_open_sub(0, SP_PLAYBACK, 5, 0);
		cfd = sp_open_sub(1, SP_CAPTURE, 5, 0);
		r = pfd >= 0 && cfd >= 0 ? hello(cfd, &h) : -1;
		if (r == 0)
			r = sp_set_hw(pfd, &c, NULL);
		if (r == 0)
			r = sp_set_hw(cfd, &mc, NULL);
		if (r == 0)
			r = sp_prepare(pfd);
		if (r == 0)
			r = sp_prepare(cfd);
		check(r == 0, "capture end: HELLO, MMAP_INTERLEAVED; playback RW_INTERLEAVED", "%s", strerror(errno));
		r = mmap_info(cfd, 0, RING * FB, PROT_WRITE, &mi);
		check(r == -EINVAL, "capture: a mapping without PROT_READ is EINVAL", "r=%d", r);
		ring = map_ring(cfd, RING * FB, &mi);
		snprintf(shm_path, sizeof(shm_path), "%s", mi.path);
		r = ring != MAP_FAILED && sp_write_all(pfd, src, RING * FB) == RING * FB ? sp_start(cfd) : -1;
		check(r == 0, "capture ring mapped, 4 periods written to playback, capture started", "%s",
		      strerror(errno));
		if (r != 0)
			goto out;
		memset(got, 0, sizeof(got));
		ok = 1;
		for (int i = 0; i < PERIODS && ok; i++) {
			pf.fd = cfd;
			pf.events = POLLIN;
			pf.revents = 0;
			if (sp_utimer_trigger(tfd) < 0 || poll(&pf, 1, 1000) != 1 || !(pf.revents & POLLIN)) {
				printf("# period %d: no POLLIN (revents %#x)\n", i, pf.revents);
				ok = 0;
				break;
			}
			hwp = read_ptrs(cfd, &appl);
			if (hwp != (long)(i + 1) * P || appl != (unsigned long)i * P) {
				printf("# period %d: hw_ptr %ld appl_ptr %lu\n", i, hwp, appl);
				ok = 0;
				break;
			}
			memcpy(got + (size_t)i * P * FB, ring + (appl % RING) * FB, P * FB);
			if (push_appl(cfd, appl + P) < 0)
				ok = 0;
			pf.revents = 0;
			if (ok && (poll(&pf, 1, 0) != 0)) {
				printf("# period %d: still readable after SYNC_PTR consumed it\n", i);
				ok = 0;
			}
			if (ok && i + 4 < PERIODS &&
			    sp_write_all(pfd, src + (size_t)(i + 4) * P * FB, P * FB) != P * FB)
				ok = 0;
		}
		check(ok && !memcmp(src, got, sizeof(src)),
		      "capture: POLLIN per period, frames read from the mapped ring byte-exact, appl_ptr by SYNC_PTR",
		      "ok=%d", ok);
		close(cfd);
		cfd = -1;
		/* the daemon's RELEASE comes after close() returns (docs/fuse-transport.md "Close and release") */
		for (int i = 0; i < 100 && (r = stat(shm_path, &st)) == 0; i++)
			usleep(10000);
		check(r < 0 && errno == ENOENT, "close removes the buffer file", "r=%d", r);
	}
out:
	if (ring != MAP_FAILED)
		munmap(ring, RING * FB);
	if (pfd >= 0)
		close(pfd);
	if (cfd >= 0)
		close(cfd);
	if (tfd >= 0)
		close(tfd);
	sp_set_timer_source("");
	return tap_end();
}
