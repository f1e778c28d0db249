/* The high-level libfuse 2 floor: a blocked read() holds a libfuse worker thread, which the TRIGGER request's
 * thread wakes through a condition variable (what a daemon on jnr-fuse does). See floor.h.
 * Usage: floor-hl MOUNTPOINT -f [-o ...] */
#define FUSE_USE_VERSION 26
#include <errno.h>
#include <fuse.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "floor.h"

struct handle {
	struct handle *next, *prev;
	uint32_t pending;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ticked = PTHREAD_COND_INITIALIZER;
static struct handle open_handles = { &open_handles, &open_handles, 0 };

static int hl_getattr(const char *path, struct stat *st)
{
	memset(st, 0, sizeof *st);
	if (strcmp(path, "/") == 0) {
		st->st_mode = S_IFDIR | 0755;
		st->st_nlink = 2;
		return 0;
	}
	if (strcmp(path, "/" FLOOR_FILE) == 0) {
		st->st_mode = S_IFREG | 0666;
		st->st_nlink = 1;
		return 0;
	}
	return -ENOENT;
}

static int hl_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off, struct fuse_file_info *fi)
{
	(void)off; (void)fi;
	if (strcmp(path, "/") != 0)
		return -ENOENT;
	fill(buf, ".", NULL, 0);
	fill(buf, "..", NULL, 0);
	fill(buf, FLOOR_FILE, NULL, 0);
	return 0;
}

static int hl_open(const char *path, struct fuse_file_info *fi)
{
	if (strcmp(path, "/" FLOOR_FILE) != 0)
		return -ENOENT;
	struct handle *h = calloc(1, sizeof *h);
	if (!h)
		return -ENOMEM;
	pthread_mutex_lock(&lock);
	h->next = open_handles.next;
	h->prev = &open_handles;
	open_handles.next->prev = h;
	open_handles.next = h;
	pthread_mutex_unlock(&lock);
	fi->fh = (uintptr_t)h;
	fi->direct_io = 1;
	fi->nonseekable = 1;
	return 0;
}

static int hl_release(const char *path, struct fuse_file_info *fi)
{
	(void)path;
	struct handle *h = (struct handle *)(uintptr_t)fi->fh;
	pthread_mutex_lock(&lock);
	h->prev->next = h->next;
	h->next->prev = h->prev;
	pthread_mutex_unlock(&lock);
	free(h);
	return 0;
}

static int hl_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi)
{
	(void)path; (void)off;
	struct handle *h = (struct handle *)(uintptr_t)fi->fh;
	if (size < sizeof(struct floor_record))
		return 0;
	pthread_mutex_lock(&lock);
	while (h->pending == 0) {
		if (fuse_interrupted()) {
			pthread_mutex_unlock(&lock);
			return -EINTR;
		}
		/* wake now and then to notice an interrupt, as any blocking high-level daemon must */
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 50000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&ticked, &lock, &until);
	}
	struct floor_record r = { FLOOR_RESOLUTION, h->pending };
	h->pending = 0;
	pthread_mutex_unlock(&lock);
	memcpy(buf, &r, sizeof r);
	return sizeof r;
}

static int hl_ioctl(const char *path, int cmd, void *arg, struct fuse_file_info *fi, unsigned int flags, void *data)
{
	(void)path; (void)arg; (void)fi; (void)flags; (void)data;
	if ((unsigned int)cmd != FLOOR_TRIGGER)
		return -ENOTTY;
	pthread_mutex_lock(&lock);
	for (struct handle *h = open_handles.next; h != &open_handles; h = h->next)
		h->pending++;
	pthread_cond_broadcast(&ticked);
	pthread_mutex_unlock(&lock);
	return 0;
}

static struct fuse_operations ops = {
	.getattr = hl_getattr,
	.readdir = hl_readdir,
	.open = hl_open,
	.release = hl_release,
	.read = hl_read,
	.ioctl = hl_ioctl,
	.flag_nopath = 1,
};

int main(int argc, char **argv)
{
	return fuse_main(argc, argv, &ops, NULL);
}
