/* The mmap piece of the preload library (docs/mmap.md). A FUSE file cannot share pages, so the daemon keeps
 * the ring of a PCM descriptor that said HELLO in a shared file; mmap of the data offset maps that file, and
 * every process that maps the substream, the daemon included, sees the same pages (what the kernel's DMA
 * buffer gives dmix). The status and control pages stay refused with ENXIO, as the kernel refuses them when
 * it cannot map them (snd_pcm_mmap), so alsa-lib falls back to SYNC_PTR. munmap is passed through: the
 * mapping is an ordinary file mapping. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>
#include <sound/asound.h>

#include "sndfuse-preload.h"
#include "sndfuse-private.h"

/* The offsets of the status and control pages (both the old and the time64 ones); any other offset is the
 * data buffer (snd_pcm_mmap). */
static int is_status_or_control(off_t off)
{
	return off == SNDRV_PCM_MMAP_OFFSET_STATUS_OLD || off == SNDRV_PCM_MMAP_OFFSET_CONTROL_OLD ||
	       off == SNDRV_PCM_MMAP_OFFSET_STATUS_NEW || off == SNDRV_PCM_MMAP_OFFSET_CONTROL_NEW;
}

static void *fail(int err)
{
	errno = err;
	return MAP_FAILED;
}

static void *map_data(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	struct sndfuse_mmap_info mi;
	memset(&mi, 0, sizeof(mi));
	mi.offset = (uint64_t)off;
	mi.length = len;
	mi.prot = (uint32_t)(prot & (PROT_READ | PROT_WRITE));
	/* the daemon applies snd_pcm_mmap_data()'s checks and names the file holding the ring */
	if (sf_real_ioctl(fd, SNDFUSE_IOCTL_PCM_MMAP_INFO, &mi) < 0)
		return MAP_FAILED;
	mi.path[sizeof(mi.path) - 1] = '\0';
	int (*real_open)(const char *, int, ...) = (int (*)(const char *, int, ...))sf_real("open");
	void *(*real_mmap)(void *, size_t, int, int, int, off_t) =
		(void *(*)(void *, size_t, int, int, int, off_t))sf_real("mmap");
	if (!real_open || !real_mmap)
		return fail(ENOSYS);
	int sfd = real_open(mi.path, ((prot & PROT_WRITE) ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (sfd < 0)
		return fail(errno == ENOENT ? EBADFD : errno); /* freed by a HW_FREE in between */
	void *p = real_mmap(addr, len, prot, flags, sfd, off);
	int saved = errno;
	close(sfd);
	errno = saved;
	return p;
}

int sf_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off, void **ret)
{
	const struct sf_fd *f = sf_lookup(fd);
	if (!f || f->kind != SNDFUSE_NODE_PCM)
		return 0;
	*ret = is_status_or_control(off) ? fail(ENXIO) : map_data(addr, len, prot, flags, fd, off);
	return 1;
}

int sf_munmap(void *addr, size_t len, int *ret)
{
	(void)addr;
	(void)len;
	(void)ret;
	return 0; /* an ordinary file mapping: the real munmap releases it */
}
