/* valuearg.c - the requests whose argument is a value, not a pointer (docs/preload.md).
 *
 * FUSE carries an ioctl argument only as a pointer to a struct it copies: the kernel's PAUSE takes its flag by
 * value and LINK an fd by value, so over FUSE both fail with EFAULT before the daemon sees them, and an fd
 * number would mean nothing to the daemon anyway. On a sndfuse PCM descriptor this piece rewrites them:
 *   PAUSE(value)  -> SNDFUSE_IOCTL_PCM_PAUSE with &flag. Like snd_pcm_pause_lock_irq, any non-zero argument
 *                    pushes (a caller passing a pointer pushes too, as on the kernel).
 *   LINK(otherfd) -> SNDFUSE_IOCTL_PCM_LINK with the HELLO token of otherfd's open file description; an fd that
 *                    is no sndfuse PCM gets EBADFD, as snd_pcm_link answers for an fd that is not a PCM file.
 * UNLINK takes no argument and passes through. Any other request is not this piece's.
 */
#include <errno.h>
#include <sound/asound.h>

#include "sndfuse-preload.h"
#include "sndfuse-private.h"

#ifndef EBADFD
#define EBADFD 77
#endif

int sf_valuearg_ioctl(int fd, const struct sf_fd *f, unsigned long request, void *arg, int *ret)
{
	if (!f || f->kind != SNDFUSE_NODE_PCM)
		return 0;
	if (request == SNDRV_PCM_IOCTL_PAUSE) {
		int push = (unsigned long)arg != 0;

		*ret = sf_real_ioctl(fd, SNDFUSE_IOCTL_PCM_PAUSE, &push);
		/* The daemon's ENOSYS (no SNDRV_PCM_INFO_PAUSE) reaches us as ENOTTY: FUSE rewrites ENOSYS from an
		 * ioctl, and a daemon that answered HELLO knows PCM_PAUSE, so ENOTTY can only be that. */
		if (*ret < 0 && errno == ENOTTY)
			errno = ENOSYS;
		return 1;
	}
	if (request == SNDRV_PCM_IOCTL_LINK) {
		const struct sf_fd *other = sf_lookup((int)(long)arg);
		struct sndfuse_link link = { 0 };

		if (!other || other->kind != SNDFUSE_NODE_PCM) {
			errno = EBADFD;
			*ret = -1;
			return 1;
		}
		link.token = other->token;
		*ret = sf_real_ioctl(fd, SNDFUSE_IOCTL_PCM_LINK, &link);
		return 1;
	}
	return 0;
}
