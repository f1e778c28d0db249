// SPDX-License-Identifier: MIT
/*
 * hostile-mmap - what an audio-group user can do to the shared memory of sndfuse (docs/mmap.md "Threat model"),
 * run under the preload library as that user, ROUNDS times over:
 *   maps its own substream (ring, status and control pages) through the library, then asks the daemon for each
 *   memfd itself and tries ftruncate (smaller, larger), fallocate past the end, write past the end, a re-open
 *   of /proc/self/fd/N with ftruncate, F_ADD_SEALS, a writable mapping and mprotect of the status page: each must
 *   fail; punching a hole in its own ring or control page and storing garbage pointers in its control page are
 *   allowed and touch only its own stream (the daemon must not care);
 *   tries the other users' processes: pidfd_getfd of their descriptors, /proc/PID/fd and /proc/PID/map_files
 *   (must fail); removes and creates sndfuse-* names in /dev/shm (nothing of sndfuse is there to remove);
 *   HW_FREE and HW_PARAMS while its ring is mapped: EBADFD.
 * Prints one line per attempt ("refused"/"allowed (own stream)"/"NOT REFUSED"); exit 0 when every attempt that must
 * fail did.
 * usage: LD_PRELOAD=libsndfuse-preload.so hostile-mmap SUBDEVICE ROUNDS VICTIM_UID   (SNDFUSE_MOUNT unset:
 *        /dev/snd is the mount's snd/)
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sndfuse/pcm.h"
#include "sndfuse/pcm-mmap.h"

#ifndef F_ADD_SEALS
#define F_ADD_SEALS 1033
#endif
#define SEAL_WRITE 8

enum { P = 1024, RING = 4 * P, FB = 4 };

static int bad;

static void must_fail(const char *what, int r, int err)
{
	if (r < 0) {
		printf("refused: %s (%s)\n", what, strerror(err));
	} else {
		printf("NOT REFUSED: %s\n", what);
		bad = 1;
	}
}

static void own_stream(const char *what, int r, int err)
{
	printf("%s: %s%s%s\n", r < 0 ? "refused" : "allowed (own stream)", what, r < 0 ? " " : "",
	       r < 0 ? strerror(err) : "");
}

/* PCM_MMAP by hand: the memfd the daemon sends for the mapping at off, or -1 */
static int get_memfd(int fd, uint64_t off, uint64_t len, uint32_t prot)
{
	struct sndfuse_mmap m;
	int mfd = sm_get_memfd(fd, off, len, prot, &m);

	return mfd < 0 ? -1 : mfd;
}

static void attack_memfd(const char *name, int mfd, int status)
{
	char what[160], path[64];
	int r, e, rfd;

	snprintf(what, sizeof(what), "%s: ftruncate to 0", name);
	r = ftruncate(mfd, 0), e = errno;
	must_fail(what, r, e);
	snprintf(what, sizeof(what), "%s: ftruncate to 16 MiB", name);
	r = ftruncate(mfd, 16 << 20), e = errno;
	must_fail(what, r, e);
	snprintf(what, sizeof(what), "%s: fallocate past the end", name);
	r = fallocate(mfd, 0, 0, 16 << 20), e = errno;
	must_fail(what, r, e);
	snprintf(what, sizeof(what), "%s: write past the end", name);
	r = (int)pwrite(mfd, "x", 1, 16 << 20), e = errno;
	must_fail(what, r, e);
	snprintf(what, sizeof(what), "%s: F_ADD_SEALS F_SEAL_WRITE (would stop the daemon's writes)", name);
	r = fcntl(mfd, F_ADD_SEALS, SEAL_WRITE), e = errno;
	must_fail(what, r, e);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", mfd);
	rfd = open(path, O_RDWR);
	snprintf(what, sizeof(what), "%s: re-opened through /proc/self/fd, ftruncate to 0", name);
	r = rfd >= 0 ? ftruncate(rfd, 0) : -1, e = errno;
	must_fail(what, r, e);
	if (rfd >= 0)
		close(rfd);
	if (status) {
		void *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
		void *ro = mmap(NULL, 4096, PROT_READ, MAP_SHARED, mfd, 0);

		snprintf(what, sizeof(what), "%s: a writable shared mapping", name);
		must_fail(what, w == MAP_FAILED ? -1 : 0, errno);
		snprintf(what, sizeof(what), "%s: mprotect of a read-only mapping to PROT_WRITE", name);
		r = ro == MAP_FAILED ? 0 : mprotect(ro, 4096, PROT_READ | PROT_WRITE), e = errno;
		must_fail(what, r, e);
		snprintf(what, sizeof(what), "%s: pwrite", name);
		r = (int)pwrite(mfd, "x", 1, 0), e = errno;
		must_fail(what, r, e);
		snprintf(what, sizeof(what), "%s: punch a hole", name);
		r = fallocate(mfd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 4096), e = errno;
		must_fail(what, r, e);
		if (w != MAP_FAILED)
			munmap(w, 4096);
		if (ro != MAP_FAILED)
			munmap(ro, 4096);
	} else {
		snprintf(what, sizeof(what), "%s: punch a hole", name);
		r = fallocate(mfd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 4096), e = errno;
		own_stream(what, r, e);
	}
}

/* the other user's processes: their descriptors and mappings */
static void attack_others(uid_t victim)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int tried = 0;

	while (d && (de = readdir(d)) && tried < 20) {
		char path[300];
		struct stat st;
		int pid = atoi(de->d_name), pidfd, r, e;
		DIR *fds;

		if (pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d", pid);
		if (stat(path, &st) < 0 || st.st_uid != victim)
			continue;
		tried++;
		pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
		r = pidfd >= 0 ? (int)syscall(SYS_pidfd_getfd, pidfd, 3, 0) : -1, e = errno;
		snprintf(path, sizeof(path), "pidfd_getfd of process %d (uid %u)", pid, (unsigned)victim);
		must_fail(path, r, e);
		if (pidfd >= 0)
			close(pidfd);
		snprintf(path, sizeof(path), "/proc/%d/fd", pid);
		fds = opendir(path);
		e = errno;
		snprintf(path, sizeof(path), "list /proc/%d/fd", pid);
		must_fail(path, fds ? 0 : -1, e);
		if (fds)
			closedir(fds);
		snprintf(path, sizeof(path), "/proc/%d/map_files", pid);
		fds = opendir(path);
		e = errno;
		snprintf(path, sizeof(path), "list /proc/%d/map_files", pid);
		must_fail(path, fds ? 0 : -1, e);
		if (fds)
			closedir(fds);
	}
	if (d)
		closedir(d);
	printf("tried %d processes of uid %u\n", tried, (unsigned)victim);
}

static void shm_names(void)
{
	DIR *d = opendir("/dev/shm");
	struct dirent *de;
	int found = 0;

	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, "sndfuse", 7) == 0) {
			char p[300];
			struct stat st;

			snprintf(p, sizeof(p), "/dev/shm/%s", de->d_name);
			if (stat(p, &st) == 0 && st.st_uid == 0)
				printf("found the daemon's /dev/shm/%s (unlink: %s)\n", de->d_name,
				       unlink(p) == 0 ? "done" : strerror(errno));
			else if (unlink(p) == 0)
				printf("removed another user's /dev/shm/%s\n", de->d_name);
			found++;
		}
	}
	if (d)
		closedir(d);
	printf("%d sndfuse names in /dev/shm\n", found);
}

int main(int argc, char **argv)
{
	int sub = argc > 1 ? atoi(argv[1]) : 2, rounds = argc > 2 ? atoi(argv[2]) : 5;
	uid_t victim = argc > 3 ? (uid_t)atoi(argv[3]) : 0;
	struct sp_config mc = sp_config_s16(48000, P, RING);

	setvbuf(stdout, NULL, _IOLBF, 0);
	mc.access = SNDRV_PCM_ACCESS_MMAP_INTERLEAVED;
	for (int round = 1; round <= rounds; round++) {
		int fd = sp_open_sub(0, SP_PLAYBACK, sub, 0), mfd, r, e;
		unsigned char *ring;
		volatile struct snd_pcm_mmap_control *ctl;
		volatile struct snd_pcm_mmap_status *st;

		printf("round %d\n", round);
		if (fd < 0 || sp_set_hw(fd, &mc, NULL) < 0 || sp_prepare(fd) < 0) {
			printf("setup failed: %s\n", strerror(errno));
			return 2;
		}
		ring = mmap(NULL, RING * FB, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		st = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, SNDRV_PCM_MMAP_OFFSET_STATUS);
		ctl = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, SNDRV_PCM_MMAP_OFFSET_CONTROL);
		if (ring == MAP_FAILED || st == MAP_FAILED || ctl == MAP_FAILED) {
			printf("mmap through the library failed: %s\n", strerror(errno));
			return 2;
		}
		memset(ring, 0x5a, RING * FB);
		mfd = get_memfd(fd, 0, RING * FB, PROT_READ | PROT_WRITE);
		if (mfd >= 0) {
			attack_memfd("ring", mfd, 0);
			close(mfd);
		}
		mfd = get_memfd(fd, SNDRV_PCM_MMAP_OFFSET_STATUS, 4096, PROT_READ);
		if (mfd >= 0) {
			attack_memfd("status page", mfd, 1);
			close(mfd);
		}
		mfd = get_memfd(fd, SNDRV_PCM_MMAP_OFFSET_CONTROL, 4096, PROT_READ | PROT_WRITE);
		if (mfd >= 0) {
			attack_memfd("control page", mfd, 0);
			close(mfd);
		}
		if (mfd < 0) {
			printf("PCM_MMAP by hand failed: %s\n", strerror(errno));
			return 2;
		}
		r = mprotect((void *)st, 4096, PROT_READ | PROT_WRITE), e = errno;
		must_fail("mprotect of the library's status mapping to PROT_WRITE", r, e);
		ctl->appl_ptr = ~0UL; /* garbage pointers in its own control page */
		ctl->avail_min = 0;
		r = sp_start(fd), e = errno;
		own_stream("START with appl_ptr ~0 and avail_min 0 stored in the control page", r, e);
		usleep(50000);
		printf("state after garbage: %d, hw_ptr %lu\n", st->state, st->hw_ptr);
		sp_drop(fd);
		r = sp_hw_free(fd), e = errno;
		must_fail("HW_FREE while the ring is mapped (EBADFD)", r, e);
		r = sp_set_hw(fd, &mc, NULL), e = errno;
		must_fail("HW_PARAMS while the ring is mapped (EBADFD)", r, e);
		attack_others(victim);
		shm_names();
		munmap(ring, RING * FB);
		munmap((void *)st, 4096);
		munmap((void *)ctl, 4096);
		close(fd);
		usleep(200000);
	}
	printf("%s\n", bad ? "SOME ATTEMPTS WERE NOT REFUSED" : "every attempt that must fail was refused");
	return bad;
}
