/* The low-level libfuse 2 floor: a read() that must wait is parked as a pending request and answered by the
 * thread that handles TRIGGER, so no daemon thread waits; an interrupt answers a parked read with EINTR.
 * See floor.h; files timer, timer1 .. timer127 are independent timers, play and cap the loopback pair.
 * Usage: floor-ll MOUNTPOINT [-f] [-o ...] */
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
#define PLAY_INO (FILE_INO + FLOOR_FILES)
#define CAP_INO (PLAY_INO + 1)

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

/* The loopback pair (floor.h), under `lock`: a parked write keeps a copy of what did not fit (libfuse reuses
 * its receive buffer once the callback returns), a parked read only its size. */
struct ring {
	unsigned char *buf;
	size_t size, head, fill;
};

static struct {
	struct ring play, cap;
	size_t period;
	fuse_req_t wreq, rreq;
	unsigned char *wrest;
	size_t wsize, wlen, wleft, rsize; /* the write's size, what did not fit at first, what is still left */
} pair;

static size_t min(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* copies n <= free bytes of src into r, or, with src NULL, moves them from the ring `from` */
static void ring_put(struct ring *r, const unsigned char *src, struct ring *from, size_t n)
{
	while (n > 0) {
		size_t tail = (r->head + r->fill) % r->size, k = min(n, r->size - tail);
		if (from) {
			k = min(k, from->size - from->head);
			memcpy(r->buf + tail, from->buf + from->head, k);
			from->head = (from->head + k) % from->size;
			from->fill -= k;
		} else {
			memcpy(r->buf + tail, src, k);
			src += k;
		}
		r->fill += k;
		n -= k;
	}
}

/* answers a read of up to size bytes from cap's ring (1 <= fill), straight from the ring */
static void reply_cap(fuse_req_t req, size_t size)
{
	struct ring *r = &pair.cap;
	size_t n = min(size, r->fill), first = min(n, r->size - r->head);
	struct iovec iov[2] = { { r->buf + r->head, first }, { r->buf, n - first } };
	fuse_reply_iov(req, iov, n > first ? 2 : 1);
	r->head = (r->head + n) % r->size;
	r->fill -= n;
}

/* the parked write: copy on into play's ring, answer it once all of it is in */
static void write_more(void)
{
	if (!pair.wreq)
		return;
	size_t n = min(pair.wleft, pair.play.size - pair.play.fill);
	ring_put(&pair.play, pair.wrest + (pair.wlen - pair.wleft), NULL, n);
	pair.wleft -= n;
	if (pair.wleft == 0) {
		fuse_reply_write(pair.wreq, pair.wsize);
		pair.wreq = NULL;
		free(pair.wrest);
		pair.wrest = NULL;
	}
}

/* TRIGGER on play: one period (what there is, what fits) from play to cap, then the parked calls */
static void pair_tick(void)
{
	size_t n = min(min(pair.period, pair.play.fill), pair.cap.size - pair.cap.fill);
	ring_put(&pair.cap, NULL, &pair.play, n);
	if (pair.rreq && pair.cap.fill > 0) {
		reply_cap(pair.rreq, pair.rsize);
		pair.rreq = NULL;
	}
	write_more();
}

static void on_pair_interrupt(fuse_req_t req, void *data)
{
	(void)data;
	pthread_mutex_lock(&lock);
	if (pair.rreq == req) {
		pair.rreq = NULL;
		fuse_reply_err(req, EINTR);
	} else if (pair.wreq == req) {
		size_t done = pair.wsize - pair.wleft;
		pair.wreq = NULL;
		free(pair.wrest);
		pair.wrest = NULL;
		if (done)
			fuse_reply_write(req, done);
		else
			fuse_reply_err(req, EINTR);
	}
	pthread_mutex_unlock(&lock);
}

static void pair_setup(fuse_req_t req, const struct floor_pcm_setup *s)
{
	size_t size = (size_t)s->period_bytes * s->periods;
	if (s->period_bytes == 0 || s->periods == 0 || size > (64u << 20)) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	pthread_mutex_lock(&lock);
	if (pair.wreq || pair.rreq) {
		pthread_mutex_unlock(&lock);
		fuse_reply_err(req, EBUSY);
		return;
	}
	unsigned char *p = realloc(pair.play.buf, size), *c = p ? realloc(pair.cap.buf, size) : NULL;
	if (p)
		pair.play.buf = p;
	if (c)
		pair.cap.buf = c;
	if (!p || !c) {
		pthread_mutex_unlock(&lock);
		fuse_reply_err(req, ENOMEM);
		return;
	}
	pair.play = (struct ring){ p, size, 0, 0 };
	pair.cap = (struct ring){ c, size, 0, 0 };
	pair.period = s->period_bytes;
	pthread_mutex_unlock(&lock);
	fuse_reply_ioctl(req, 0, NULL, 0);
}

static void ll_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off,
		     struct fuse_file_info *fi)
{
	(void)off; (void)fi;
	if (ino != PLAY_INO) {
		fuse_reply_err(req, EBADF);
		return;
	}
	fuse_req_interrupt_func(req, on_pair_interrupt, NULL);
	pthread_mutex_lock(&lock);
	size_t n = min(size, pair.play.size - pair.play.fill);
	if (!pair.period) {
		fuse_reply_err(req, EIO);
	} else if (pair.wreq) { /* one writer is all the benchmark has */
		fuse_reply_err(req, EAGAIN);
	} else {
		ring_put(&pair.play, (const unsigned char *)buf, NULL, n);
		if (n == size) {
			fuse_reply_write(req, size);
		} else if (fuse_req_interrupted(req)) {
			fuse_reply_write(req, n);
		} else if (!(pair.wrest = malloc(size - n))) {
			fuse_reply_write(req, n);
		} else {
			memcpy(pair.wrest, buf + n, size - n);
			pair.wsize = size;
			pair.wlen = pair.wleft = size - n;
			pair.wreq = req;
		}
	}
	pthread_mutex_unlock(&lock);
}

/* the inode of NAME: "timer" or "timerK" (1 <= K < FLOOR_FILES), else 0 */
static fuse_ino_t file_ino(const char *name)
{
	size_t n = strlen(FLOOR_FILE);
	if (strcmp(name, FLOOR_PLAY) == 0)
		return PLAY_INO;
	if (strcmp(name, FLOOR_CAP) == 0)
		return CAP_INO;
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
	} else if (is_file(ino) || ino == PLAY_INO || ino == CAP_INO) {
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
	if (ino == PLAY_INO || ino == CAP_INO) { /* the pair has one state, no per-description handle */
		fi->fh = 0;
		fi->direct_io = 1;
		fi->nonseekable = 1;
		fuse_reply_open(req, fi);
		return;
	}
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
	if (!h) { /* play or cap: a parked call holds its file open, so none is parked now */
		fuse_reply_err(req, 0);
		return;
	}
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
	(void)off;
	struct handle *h = (struct handle *)(uintptr_t)fi->fh;
	if (ino == CAP_INO) {
		fuse_req_interrupt_func(req, on_pair_interrupt, NULL);
		pthread_mutex_lock(&lock);
		if (pair.cap.fill > 0)
			reply_cap(req, size);
		else if (pair.rreq) /* one reader is all the benchmark has */
			fuse_reply_err(req, EAGAIN);
		else if (fuse_req_interrupted(req))
			fuse_reply_err(req, EINTR);
		else {
			pair.rreq = req;
			pair.rsize = size;
		}
		pthread_mutex_unlock(&lock);
		return;
	}
	if (!h || size < sizeof(struct floor_record)) {
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
	(void)arg; (void)fi; (void)flags; (void)out_size;
	if (ino == PLAY_INO && (unsigned int)cmd == FLOOR_TRIGGER) {
		pthread_mutex_lock(&lock);
		pair_tick();
		pthread_mutex_unlock(&lock);
		fuse_reply_ioctl(req, 0, NULL, 0);
		return;
	}
	if (ino == PLAY_INO && (unsigned int)cmd == FLOOR_PCM_SETUP && in_size == sizeof(struct floor_pcm_setup)) {
		pair_setup(req, in);
		return;
	}
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
	.write = ll_write,
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
