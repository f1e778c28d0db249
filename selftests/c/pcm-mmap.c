// SPDX-License-Identifier: MIT
/*
 * pcm-mmap - the mapped PCM buffer and status/control pages without the preload library (docs/mmap.md): the
 * private requests HELLO and PCM_MMAP by hand (a socket pair per mapping, the memfd received with SCM_RIGHTS),
 * as the library does. A descriptor that never said HELLO keeps the RW access types only; after HELLO the MMAP
 * ones are offered; the errnos of snd_pcm_mmap_data/status/control and of the hand-over (EBADF, ENOTSOCK, a
 * socket that is not the caller's pair: EPERM); the memory is sealed (no ftruncate, fallocate, writable status
 * mapping: EPERM); playback through the mapped ring with appl_ptr stored in the mapped control page and hw_ptr
 * read from the mapped status page, no SYNC_PTR, clocked by a utimer, comes back byte-exact from read() on the
 * capture end; SYNC_PTR still sees the stored appl_ptr; a forked process that maps the same substream sees (and
 * writes) the same pages; capture through a mapped ring with poll; a mapping outlives HW_FREE and close without
 * faulting. TAP output; exit 1 on any failure.
 * usage: SNDFUSE_MOUNT=DIR pcm-mmap
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sndfuse/pcm.h"
#include "sndfuse/tap.h"
#include "sndfuse/utimer.h"
#include "sndfuse/pcm-mmap.h"

enum { P = 960, RING = 4 * P, FB = 4, PERIODS = 12 };

static int hello(int fd, struct sndfuse_hello *h)
{
	memset(h, 0, sizeof(*h));
	h->version = SNDFUSE_PRIVATE_VERSION;
	return ioctl(fd, SNDFUSE_IOCTL_HELLO, h);
}

#ifndef F_GET_SEALS
#define F_GET_SEALS 1034
#endif
#define SEAL_SEAL 1
#define SEAL_SHRINK 2
#define SEAL_GROW 4
#define SEAL_FUTURE_WRITE 16
#define OUR_SEALS (SEAL_SEAL | SEAL_SHRINK | SEAL_GROW | SEAL_FUTURE_WRITE)
#define OFF_STATUS SNDRV_PCM_MMAP_OFFSET_STATUS_OLD
#define OFF_CONTROL SNDRV_PCM_MMAP_OFFSET_CONTROL_OLD

/* what the library does: ask, receive the memfd, map it at the offset the daemon names */
static void *map_part(int fd, uint64_t off, size_t len, int prot)
{
	struct sndfuse_mmap m;
	void *p;
	int mfd = sm_get_memfd(fd, off, len, (uint32_t)prot, &m);

	if (mfd < 0) {
		errno = -mfd;
		return MAP_FAILED;
	}
	if (m.flags & SNDFUSE_MMAP_READ_ONLY)
		prot &= ~PROT_WRITE;
	p = mmap(NULL, len, prot, MAP_SHARED, mfd, (off_t)m.file_offset);
	close(mfd);
	return p;
}

static void *map_ring(int fd, size_t len)
{
	return map_part(fd, 0, len, PROT_READ | PROT_WRITE);
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

/* a socket connected to a listening socket of a forked child: its peer credentials are the child's */
static int foreign_socket(pid_t *child)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int l, s;

	snprintf(a.sun_path + 1, sizeof(a.sun_path) - 1, "pcm-mmap-%d", (int)getpid());
	l = socket(AF_UNIX, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(l, 1) < 0)
		return -1;
	*child = fork();
	if (*child == 0) {
		int c = socket(AF_UNIX, SOCK_STREAM, 0);
		char b;

		if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof(a)) < 0)
			_exit(1);
		read(c, &b, 1); /* until the parent closes */
		_exit(0);
	}
	s = accept(l, NULL, NULL);
	close(l);
	return s;
}

int main(void)
{
	struct sp_config c = sp_config_s16(48000, P, RING);
	struct sp_config mc = c;
	static unsigned char src[PERIODS * P * FB], got[PERIODS * P * FB];
	struct snd_pcm_hw_params hw;
	struct sndfuse_hello h;
	struct sndfuse_mmap m;
	unsigned char *ring = MAP_FAILED;
	volatile struct snd_pcm_mmap_status *status = MAP_FAILED;
	volatile struct snd_pcm_mmap_control *control = MAP_FAILED;
	int tfd, id = -1, pfd, cfd, r, ok, mfd;
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
	check(r == 0 && sm_get_memfd(pfd, 0, RING * FB, PROT_READ | PROT_WRITE, &m) == -ENXIO &&
	      sm_get_memfd(pfd, OFF_STATUS, 4096, PROT_READ, &m) == -ENXIO,
	      "without HELLO: PCM_MMAP of the ring (no INFO_MMAP) or the status page (none) is ENXIO", "r=%d", r);
	sp_hw_free(pfd);

	r = hello(pfd, &h);
	check(r == 0 && h.kind == SNDFUSE_NODE_PCM && h.token != 0, "HELLO: kind PCM and a token",
	      "r=%d %s kind=%u token=%llu", r, strerror(errno), h.kind, (unsigned long long)h.token);
	r = sm_get_memfd(pfd, 0, RING * FB, PROT_READ | PROT_WRITE, &m);
	check(r == -EBADFD, "PCM_MMAP of the ring before HW_PARAMS: EBADFD", "r=%d", r);

	/* ---- the status and control pages, and the hand-over's checks ---- */
	check(sm_get_memfd(pfd, OFF_STATUS, 8192, PROT_READ, &m) == -EINVAL &&
	      sm_get_memfd(pfd, OFF_CONTROL, 4096, PROT_WRITE, &m) == -EINVAL,
	      "status/control: a length other than one page, or no PROT_READ: EINVAL (snd_pcm_mmap_status)", "%s", "");
	check(sm_request(pfd, OFF_STATUS, 4096, PROT_READ, 1000, &m) == -EBADF,
	      "PCM_MMAP naming a descriptor the caller does not have: EBADF", "%s", strerror(errno));
	check(sm_request(pfd, OFF_STATUS, 4096, PROT_READ, pfd, &m) == -ENOTSOCK,
	      "PCM_MMAP naming a descriptor that is not a socket: ENOTSOCK", "%s", strerror(errno));
	{
		pid_t child = -1;
		int fs = foreign_socket(&child);

		r = fs >= 0 ? sm_request(pfd, OFF_STATUS, 4096, PROT_READ, fs, &m) : -999;
		check(r == -EPERM, "PCM_MMAP naming a socket connected to another process: EPERM (SO_PEERCRED)", "r=%d",
		      r);
		if (fs >= 0)
			close(fs);
		if (child > 0)
			waitpid(child, NULL, 0);
	}
	mfd = sm_get_memfd(pfd, OFF_STATUS, 4096, PROT_READ, &m);
	r = mfd >= 0 ? fcntl(mfd, F_GET_SEALS) & OUR_SEALS : -1; /* F_SEAL_EXEC may come on top */
	check(mfd >= 0 && m.size == 4096 && (m.flags & SNDFUSE_MMAP_READ_ONLY) &&
	      r == (SEAL_SEAL | SEAL_SHRINK | SEAL_GROW | SEAL_FUTURE_WRITE),
	      "status page: a one-page memfd, read-only, sealed SEAL|SHRINK|GROW|FUTURE_WRITE", "mfd=%d size=%llu flags=%u seals=%#x",
	      mfd, (unsigned long long)m.size, m.flags, r);
	if (mfd >= 0) {
		void *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
		int werr = errno;

		check(w == MAP_FAILED && werr == EPERM && ftruncate(mfd, 0) < 0 && errno == EPERM &&
		      write(mfd, "x", 1) < 0 && errno == EPERM,
		      "status page: a writable shared mapping, ftruncate and write are EPERM", "w=%p %s", w,
		      strerror(werr));
		close(mfd);
	}
	status = map_part(pfd, OFF_STATUS, 4096, PROT_READ);
	control = map_part(pfd, OFF_CONTROL, 4096, PROT_READ | PROT_WRITE);
	check(status != MAP_FAILED && control != MAP_FAILED && status->state == SNDRV_PCM_STATE_OPEN,
	      "status and control pages map; the status page says OPEN", "%s", strerror(errno));
	if (status == MAP_FAILED || control == MAP_FAILED)
		goto out;

	sp_hw_any(&hw);
	r = sp_hw_refine(pfd, &hw);
	check(r == 0 && sp_hw_mask_has(&hw, SNDRV_PCM_HW_PARAM_ACCESS, SNDRV_PCM_ACCESS_MMAP_INTERLEAVED) &&
	      sp_hw_mask_has(&hw, SNDRV_PCM_HW_PARAM_ACCESS, SNDRV_PCM_ACCESS_MMAP_NONINTERLEAVED) &&
	      sp_hw_mask_has(&hw, SNDRV_PCM_HW_PARAM_ACCESS, SNDRV_PCM_ACCESS_RW_INTERLEAVED) &&
	      (hw.info & SNDRV_PCM_INFO_MMAP) && (hw.info & SNDRV_PCM_INFO_MMAP_VALID),
	      "after HELLO: both MMAP access types, the RW ones, INFO_MMAP and INFO_MMAP_VALID", "r=%d info=%#x", r,
	      hw.info);
	r = sp_set_hw(pfd, &c, NULL);
	check(r == 0 && sm_get_memfd(pfd, 0, RING * FB, PROT_READ | PROT_WRITE, &m) == -EINVAL,
	      "after HELLO: PCM_MMAP of the ring with an RW access is EINVAL, as snd_pcm_mmap_data", "r=%d", r);

	/* ---- playback through the mapped ring, pointers through the mapped pages ---- */
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
	check(status->state == SNDRV_PCM_STATE_PREPARED && status->hw_ptr == 0 && control->appl_ptr == 0 &&
	      control->avail_min == P,
	      "the pages show PREPARED, hw_ptr 0, appl_ptr 0 and avail_min one period (sw_params)",
	      "state=%d hw=%lu appl=%lu avail_min=%lu", status->state, status->hw_ptr, control->appl_ptr,
	      control->avail_min);
	check(sm_get_memfd(pfd, 0, 16384 + 4096, PROT_READ | PROT_WRITE, &m) == -EINVAL &&
	      sm_get_memfd(pfd, 4096, 16384, PROT_READ | PROT_WRITE, &m) == -EINVAL &&
	      sm_get_memfd(pfd, 0, RING * FB, 0, &m) == -EINVAL,
	      "PCM_MMAP beyond the page-aligned buffer or without PROT_READ/WRITE: EINVAL", "%s", "");
	mfd = sm_get_memfd(pfd, 0, RING * FB, PROT_READ | PROT_WRITE, &m);
	r = mfd >= 0 ? fcntl(mfd, F_GET_SEALS) & OUR_SEALS : -1; /* F_SEAL_EXEC may come on top */
	check(mfd >= 0 && m.size == 16384 && !(m.flags & SNDFUSE_MMAP_READ_ONLY) &&
	      r == (SEAL_SEAL | SEAL_SHRINK | SEAL_GROW),
	      "the ring: a memfd of 15360 bytes rounded up to 16384, sealed SEAL|SHRINK|GROW",
	      "mfd=%d size=%llu seals=%#x", mfd, (unsigned long long)m.size, r);
	if (mfd >= 0) {
		check(ftruncate(mfd, 4096) < 0 && errno == EPERM && ftruncate(mfd, 1 << 20) < 0 && errno == EPERM &&
		      fallocate(mfd, 0, 0, 1 << 20) < 0 && errno == EPERM,
		      "the ring: ftruncate smaller or larger and fallocate beyond its end are EPERM", "%s",
		      strerror(errno));
		close(mfd);
	}
	ring = map_ring(pfd, RING * FB);
	check(ring != MAP_FAILED, "the ring maps MAP_SHARED", "%s", strerror(errno));
	if (ring == MAP_FAILED)
		goto out;

	/* the first 4 periods, the last one written by a forked process mapping the same substream */
	memcpy(ring, src, 3 * P * FB);
	{
		pid_t child = fork();
		int st2 = 0;

		if (child == 0) {
			unsigned char *cring = map_ring(pfd, RING * FB);

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
	control->appl_ptr = RING; /* a plain store, as alsa-lib's mmap_commit with a mapped control page */
	{
		unsigned long appl = 0;

		hwp = read_ptrs(pfd, &appl);
		check(hwp == 0 && appl == RING && sp_avail(pfd) == 0,
		      "SYNC_PTR and the avail the daemon computes see the appl_ptr stored in the control page",
		      "hw=%ld appl=%lu avail=%ld", hwp, appl, sp_avail(pfd));
	}
	r = sp_start(pfd);
	if (r == 0)
		r = sp_start(cfd);
	check(r == 0 && status->state == SNDRV_PCM_STATE_RUNNING, "START both ends; the status page says RUNNING",
	      "%s state=%d", strerror(errno), status->state);
	ok = 1;
	for (int i = 0; i < PERIODS && ok; i++) {
		unsigned long appl = control->appl_ptr;

		if (sp_utimer_trigger(tfd) < 0 || sp_read_all(cfd, got + (size_t)i * P * FB, P * FB) != P * FB) {
			ok = 0;
			break;
		}
		/* no SYNC_PTR: the trigger's period update wrote hw_ptr into the status page */
		if (status->hw_ptr != (unsigned long)(i + 1) * P) {
			ok = 0;
			printf("# period %d: hw_ptr %lu in the status page\n", i, status->hw_ptr);
			break;
		}
		if (i + 4 < PERIODS) {
			memcpy(ring + (appl % RING) * FB, src + (size_t)(i + 4) * P * FB, P * FB);
			control->appl_ptr = appl + P;
		}
	}
	check(ok && !memcmp(src, got, sizeof(src)),
	      "12 periods written into the mapped ring, appl_ptr stored in the control page, hw_ptr read from the "
	      "status page, no SYNC_PTR: byte-exact at the capture end",
	      "ok=%d %s", ok, strerror(errno));
	check(sp_hw_free(pfd) < 0 && errno == EBADFD, "HW_FREE while running: EBADFD", "%s", strerror(errno));
	sp_drop(pfd);
	sp_drop(cfd);
	check(status->state == SNDRV_PCM_STATE_SETUP, "DROP: the status page says SETUP", "state=%d", status->state);
	r = sp_hw_free(pfd);
	check(r < 0 && errno == EBADFD && sp_set_hw(pfd, &mc, NULL) < 0 && errno == EBADFD,
	      "HW_FREE and HW_PARAMS while the ring is mapped: EBADFD (substream->mmap_count)", "r=%d %s", r,
	      strerror(errno));
	munmap(ring, RING * FB);
	ring = MAP_FAILED;
	r = sp_hw_free(pfd);
	check(r == 0 && status->state == SNDRV_PCM_STATE_OPEN, "after munmap HW_FREE succeeds; the status page says OPEN",
	      "r=%d %s state=%d", r, strerror(errno), status->state);

	/* ---- capture through a mapped ring, with poll ---- */
	{
		unsigned long appl = 0;
		struct pollfd pf;
		volatile struct snd_pcm_mmap_status *cst;
		volatile struct snd_pcm_mmap_control *cctl;

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
		r = sm_get_memfd(cfd, 0, RING * FB, PROT_WRITE, &m);
		check(r == -EINVAL, "capture: a mapping without PROT_READ is EINVAL", "r=%d", r);
		ring = map_ring(cfd, RING * FB);
		cst = map_part(cfd, SNDRV_PCM_MMAP_OFFSET_STATUS_NEW, 4096, PROT_READ);
		cctl = map_part(cfd, SNDRV_PCM_MMAP_OFFSET_CONTROL_NEW, 4096, PROT_READ | PROT_WRITE);
		r = ring != MAP_FAILED && cst != MAP_FAILED && cctl != MAP_FAILED &&
			    sp_write_all(pfd, src, RING * FB) == RING * FB ? sp_start(cfd) : -1;
		check(r == 0, "capture ring and pages mapped (the time64 offsets), 4 periods written to playback, capture started", "%s",
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
			appl = cctl->appl_ptr;
			if (cst->hw_ptr != (unsigned long)(i + 1) * P || appl != (unsigned long)i * P) {
				printf("# period %d: hw_ptr %lu appl_ptr %lu\n", i, cst->hw_ptr, appl);
				ok = 0;
				break;
			}
			memcpy(got + (size_t)i * P * FB, ring + (appl % RING) * FB, P * FB);
			cctl->appl_ptr = appl + P;
			pf.revents = 0;
			if (ok && (poll(&pf, 1, 0) != 0)) {
				printf("# period %d: still readable after the control page consumed it\n", i);
				ok = 0;
			}
			if (ok && i + 4 < PERIODS &&
			    sp_write_all(pfd, src + (size_t)(i + 4) * P * FB, P * FB) != P * FB)
				ok = 0;
		}
		check(ok && !memcmp(src, got, sizeof(src)),
		      "capture: POLLIN per period, frames read from the mapped ring byte-exact, pointers in the pages",
		      "ok=%d", ok);
		close(cfd);
		cfd = -1;
		/* the daemon's RELEASE comes after close() returns (docs/fuse-transport.md "Close and release") */
		usleep(100000);
		r = cst->state + (ring[0] & 0); /* reading both touches the pages */
		check(r == SNDRV_PCM_STATE_RUNNING || r == SNDRV_PCM_STATE_SETUP,
		      "after close the mappings stay readable (the daemon no longer writes them)", "state=%d", r);
		munmap((void *)cst, 4096);
		munmap((void *)cctl, 4096);
	}
out:
	if (ring != MAP_FAILED)
		munmap(ring, RING * FB);
	if (status != MAP_FAILED)
		munmap((void *)status, 4096);
	if (control != MAP_FAILED)
		munmap((void *)control, 4096);
	if (pfd >= 0)
		close(pfd);
	if (cfd >= 0)
		close(cfd);
	if (tfd >= 0)
		close(tfd);
	sp_set_timer_source("");
	return tap_end();
}
