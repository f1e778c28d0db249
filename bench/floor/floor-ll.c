/* The low-level libfuse 2 floor: a read() that must wait is parked as a pending request and answered by the
 * thread that handles TRIGGER, so no daemon thread waits; an interrupt answers a parked read with EINTR.
 * See floor.h; files timer, timer1 .. timer127 are independent timers. Usage: floor-ll MOUNTPOINT [-f] [-o ...] */
#define FUSE_USE_VERSION 26
#include <errno.h>
#include <fuse_lowlevel.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "floor.h"

#define FILE_INO 2 /* file k (0 = "timer", k = "timerK") is inode FILE_INO + k */

struct handle {
	struct handle *next, *prev;
	uint32_t pending;
	fuse_req_t parked; /* a read waiting for a tick, or NULL */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct handle open_handles[FLOOR_FILES]; /* list heads, one per file */

static int is_file(fuse_ino_t ino)
{
	return ino >= FILE_INO && ino < FILE_INO + FLOOR_FILES;
}

/* the inode of NAME: "timer" or "timerK" (1 <= K < FLOOR_FILES), else 0 */
static fuse_ino_t file_ino(const char *name)
{
	size_t n = strlen(FLOOR_FILE);
	if (strncmp(name, FLOOR_FILE, n) != 0)
		return 0;
	if (name[n] == '\0')
		return FILE_INO;
	char *end;
	long k = strtol(name + n, &end, 10);
	return *end == '\0' && name[n] != '0' && k >= 1 && k < FLOOR_FILES ? FILE_INO + (fuse_ino_t)k : 0;
}

static int fill_stat(fuse_ino_t ino, struct stat *st)
{
	memset(st, 0, sizeof *st);
	st->st_ino = ino;
	if (ino == FUSE_ROOT_ID) {
		st->st_mode = S_IFDIR | 0755;
		st->st_nlink = 2;
	} else if (is_file(ino)) {
		st->st_mode = S_IFREG | 0666;
		st->st_nlink = 1;
	} else {
		return -1;
	}
	return 0;
}

static void ll_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct fuse_entry_param e;
	memset(&e, 0, sizeof e);
	fuse_ino_t ino = parent == FUSE_ROOT_ID ? file_ino(name) : 0;
	if (!ino) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	e.ino = ino;
	e.attr_timeout = 1.0;
	e.entry_timeout = 1.0;
	fill_stat(ino, &e.attr);
	fuse_reply_entry(req, &e);
}

static void ll_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)fi;
	struct stat st;
	if (fill_stat(ino, &st) < 0)
		fuse_reply_err(req, ENOENT);
	else
		fuse_reply_attr(req, &st, 1.0);
}

static void ll_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	if (!is_file(ino)) {
		fuse_reply_err(req, EISDIR);
		return;
	}
	struct handle *h = calloc(1, sizeof *h), *head = &open_handles[ino - FILE_INO];
	if (!h) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	pthread_mutex_lock(&lock);
	h->next = head->next;
	h->prev = head;
	head->next->prev = h;
	head->next = h;
	pthread_mutex_unlock(&lock);
	fi->fh = (uintptr_t)h;
	fi->direct_io = 1;
	fi->nonseekable = 1;
	fuse_reply_open(req, fi);
}

static void ll_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)ino;
	struct handle *h = (struct handle *)(uintptr_t)fi->fh;
	pthread_mutex_lock(&lock);
	h->prev->next = h->next;
	h->next->prev = h->prev;
	if (h->parked)
		fuse_reply_err(h->parked, EINTR);
	pthread_mutex_unlock(&lock);
	free(h);
	fuse_reply_err(req, 0);
}

static void reply_record(fuse_req_t req, struct handle *h)
{
	struct floor_record r = { FLOOR_RESOLUTION, h->pending };
	h->pending = 0;
	fuse_reply_buf(req, (const char *)&r, sizeof r);
}

static void on_interrupt(fuse_req_t req, void *data)
{
	struct handle *h = data;
	pthread_mutex_lock(&lock);
	if (h->parked == req) {
		h->parked = NULL;
		fuse_reply_err(req, EINTR);
	}
	pthread_mutex_unlock(&lock);
}

static void ll_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi)
{
	(void)ino; (void)off;
	struct handle *h = (struct handle *)(uintptr_t)fi->fh;
	if (size < sizeof(struct floor_record)) {
		fuse_reply_buf(req, NULL, 0);
		return;
	}
	/* registered before the request is published: once parked, a TRIGGER may answer and free it */
	fuse_req_interrupt_func(req, on_interrupt, h);
	pthread_mutex_lock(&lock);
	if (h->pending > 0)
		reply_record(req, h);
	else if (h->parked) /* a second concurrent read on one description is not worth parking */
		fuse_reply_err(req, EAGAIN);
	else if (fuse_req_interrupted(req))
		fuse_reply_err(req, EINTR);
	else
		h->parked = req;
	pthread_mutex_unlock(&lock);
}

static void ll_ioctl(fuse_req_t req, fuse_ino_t ino, int cmd, void *arg, struct fuse_file_info *fi,
		     unsigned flags, const void *in, size_t in_size, size_t out_size)
{
	(void)arg; (void)fi; (void)flags; (void)in; (void)in_size; (void)out_size;
	if ((unsigned int)cmd != FLOOR_TRIGGER || !is_file(ino)) {
		fuse_reply_err(req, ENOTTY);
		return;
	}
	struct handle *head = &open_handles[ino - FILE_INO];
	pthread_mutex_lock(&lock);
	for (struct handle *h = head->next; h != head; h = h->next) {
		h->pending++;
		if (h->parked) {
			fuse_req_t r = h->parked;
			h->parked = NULL;
			reply_record(r, h);
		}
	}
	pthread_mutex_unlock(&lock);
	fuse_reply_ioctl(req, 0, NULL, 0);
}

static struct fuse_lowlevel_ops ops = {
	.lookup = ll_lookup,
	.getattr = ll_getattr,
	.open = ll_open,
	.release = ll_release,
	.read = ll_read,
	.ioctl = ll_ioctl,
};

int main(int argc, char **argv)
{
	struct fuse_args args = FUSE_ARGS_INIT(argc, argv);
	char *mountpoint;
	int err = -1;
	for (int k = 0; k < FLOOR_FILES; k++)
		open_handles[k].next = open_handles[k].prev = &open_handles[k];
	if (fuse_parse_cmdline(&args, &mountpoint, NULL, NULL) == -1 || !mountpoint) {
		fprintf(stderr, "usage: floor-ll MOUNTPOINT [-f] [-o opts]\n");
		return 1;
	}
	struct fuse_chan *ch = fuse_mount(mountpoint, &args);
	if (!ch)
		return 1;
	struct fuse_session *se = fuse_lowlevel_new(&args, &ops, sizeof ops, NULL);
	if (se) {
		if (fuse_set_signal_handlers(se) != -1) {
			fuse_session_add_chan(se, ch);
			err = fuse_session_loop_mt(se);
			fuse_remove_signal_handlers(se);
			fuse_session_remove_chan(ch);
		}
		fuse_session_destroy(se);
	}
	fuse_unmount(mountpoint, ch);
	fuse_opt_free_args(&args);
	return err ? 1 : 0;
}
