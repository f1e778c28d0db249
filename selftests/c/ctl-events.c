// SPDX-License-Identifier: MIT
/*
 * ctl-events - value-change events of the control device through a real mount: changes of one element that
 * nobody has read yet merge into one event (as snd_ctl_notify does), another element queues its own event in
 * order, a change after reading is a new event; poll() follows the queue; unsubscribing drops unread events;
 * ELEM_LIST's count and its unwritable id array (EFAULT). Each check runs in its own process (check.h).
 * TAP output with a trailing plan; exit 1 on any failure.
 * usage: SNDFUSE_MOUNT=DIR ctl-events [-l]
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "tutil.h"
#include "check.h"

#define RATE_SHIFT	"PCM Rate Shift 100000"
#define NOTIFY		"PCM Notify"

static const char *mnt(void)
{
	const char *m = getenv("SNDFUSE_MOUNT");

	return m && *m ? m : "/tmp/snd";
}

static int open_ctl(int flags)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/snd/controlC0", mnt());
	return open(path, O_RDWR | O_CLOEXEC | flags);
}

/* ELEM_WRITE of a PCM-interface element by name on device 0; the numid the kernel fills in, or -errno */
static int elem_write(int fd, const char *name, int sub, long v)
{
	struct snd_ctl_elem_value val;

	memset(&val, 0, sizeof(val));
	val.id.iface = SNDRV_CTL_ELEM_IFACE_PCM;
	val.id.subdevice = (unsigned int)sub;
	snprintf((char *)val.id.name, sizeof(val.id.name), "%s", name);
	val.value.integer.value[0] = v;
	if (ioctl(fd, SNDRV_CTL_IOCTL_ELEM_WRITE, &val) < 0)
		return -errno;
	return (int)val.id.numid;
}

/* a reader subscribed to events (non-blocking), or -1 */
static int subscriber(void)
{
	int fd = open_ctl(O_NONBLOCK), on = 1;

	if (fd >= 0 && ioctl(fd, SNDRV_CTL_IOCTL_SUBSCRIBE_EVENTS, &on) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* reads every queued event into ev (room for max); the count, or -errno */
static int read_events(int fd, struct snd_ctl_event *ev, int max)
{
	ssize_t n = read(fd, ev, sizeof(*ev) * (size_t)max);

	if (n < 0)
		return errno == EAGAIN ? 0 : -errno;
	return (int)(n / (ssize_t)sizeof(*ev));
}

static void restore(int fd)
{
	elem_write(fd, RATE_SHIFT, 0, 100000);
	elem_write(fd, RATE_SHIFT, 1, 100000);
	elem_write(fd, NOTIFY, 0, 0);
}

static int check_three_writes_one_event(long arg)
{
	struct snd_ctl_event ev[8];
	int w = open_ctl(0), r = subscriber(), id = 0, n, more, i;

	(void)arg;
	REQUIRE(w >= 0 && r >= 0, "open/subscribe controlC0: %s", strerror(errno));
	for (i = 0; i < 3; i++) {
		id = elem_write(w, RATE_SHIFT, 0, 110000 + 1000 * i);
		REQUIRE(id > 0, "ELEM_WRITE %d: %s", i, strerror(-id));
	}
	n = read_events(r, ev, 8);
	more = read_events(r, ev + 1, 7);
	restore(w);
	REQUIRE(n == 1, "three writes of one element without reading: %d events, want 1", n);
	REQUIRE(ev[0].type == SNDRV_CTL_EVENT_ELEM && ev[0].data.elem.mask == SNDRV_CTL_EVENT_MASK_VALUE,
		"type %d mask 0x%x", ev[0].type, ev[0].data.elem.mask);
	REQUIRE((int)ev[0].data.elem.id.numid == id && !strcmp((char *)ev[0].data.elem.id.name, RATE_SHIFT),
		"event for numid %u '%s', want %d", ev[0].data.elem.id.numid, ev[0].data.elem.id.name, id);
	REQUIRE(more == 0, "%d more events after the merged one", more);
	return 0;
}

static int check_other_element_own_event(long arg)
{
	struct snd_ctl_event ev[8];
	int w = open_ctl(0), r = subscriber(), a, b, n;

	(void)arg;
	REQUIRE(w >= 0 && r >= 0, "open/subscribe controlC0: %s", strerror(errno));
	a = elem_write(w, RATE_SHIFT, 0, 110000);
	b = elem_write(w, NOTIFY, 0, 1);
	elem_write(w, RATE_SHIFT, 0, 111000);
	n = read_events(r, ev, 8);
	restore(w);
	REQUIRE(a > 0 && b > 0 && a != b, "numids %d %d", a, b);
	REQUIRE(n == 2, "changes of two elements (one twice): %d events, want 2", n);
	REQUIRE((int)ev[0].data.elem.id.numid == a && (int)ev[1].data.elem.id.numid == b,
		"order %u, %u; want %d (merged, keeps its place) then %d", ev[0].data.elem.id.numid,
		ev[1].data.elem.id.numid, a, b);
	return 0;
}

static int check_write_after_read_new_event(long arg)
{
	struct snd_ctl_event ev[8];
	int w = open_ctl(0), r = subscriber(), n1, n2;

	(void)arg;
	REQUIRE(w >= 0 && r >= 0, "open/subscribe controlC0: %s", strerror(errno));
	elem_write(w, RATE_SHIFT, 1, 90000);
	n1 = read_events(r, ev, 8);
	elem_write(w, RATE_SHIFT, 1, 95000);
	n2 = read_events(r, ev, 8);
	restore(w);
	REQUIRE(n1 == 1 && n2 == 1, "write, read (%d events), write, read (%d events): want 1 and 1", n1, n2);
	return 0;
}

static int check_writer_hears_itself_and_poll(long arg)
{
	struct snd_ctl_event ev[2];
	struct pollfd p;
	int r = subscriber(), n, pr;

	(void)arg;
	REQUIRE(r >= 0, "subscribe: %s", strerror(errno));
	p.fd = r;
	p.events = POLLIN;
	pr = poll(&p, 1, 0);
	REQUIRE(pr == 0, "poll with nothing queued: %d revents 0x%x", pr, p.revents);
	elem_write(r, RATE_SHIFT, 0, 105000);
	pr = poll(&p, 1, 1000);
	REQUIRE(pr == 1 && (p.revents & POLLIN), "poll after a write on this descriptor: %d revents 0x%x", pr,
		p.revents);
	n = read_events(r, ev, 2);
	restore(r);
	read_events(r, ev, 2);
	REQUIRE(n == 1, "the writer's own subscription got %d events, want 1", n);
	pr = poll(&p, 1, 0);
	REQUIRE(pr == 0, "poll after reading everything: %d revents 0x%x", pr, p.revents);
	return 0;
}

static int check_unsubscribe_drops_events(long arg)
{
	struct snd_ctl_event ev;
	int w = open_ctl(0), r = subscriber(), off = 0, q = -1;

	(void)arg;
	REQUIRE(w >= 0 && r >= 0, "open/subscribe controlC0: %s", strerror(errno));
	elem_write(w, RATE_SHIFT, 0, 101000);
	OK(ioctl(r, SNDRV_CTL_IOCTL_SUBSCRIBE_EVENTS, &off));
	REQUIRE(off == 0, "setting changed the caller's int to %d", off);
	OK(ioctl(r, SNDRV_CTL_IOCTL_SUBSCRIBE_EVENTS, &q));
	REQUIRE(q == 0, "asked after unsubscribing: %d", q);
	ERR(read(r, &ev, sizeof(ev)), EBADFD);
	restore(w);
	off = 1;
	OK(ioctl(r, SNDRV_CTL_IOCTL_SUBSCRIBE_EVENTS, &off));
	REQUIRE(elem_write(w, RATE_SHIFT, 0, 100000) > 0, "rewriting the current value failed");
	/* the event from before unsubscribing is gone, and a write that changes nothing queues none */
	ERR(read(r, &ev, sizeof(ev)), EAGAIN);
	ERR(read(r, &ev, sizeof(ev) - 1), EINVAL);
	return 0;
}

static int check_elem_list_count_and_efault(long arg)
{
	struct snd_ctl_elem_list list;
	int fd = open_ctl(0);

	(void)arg;
	REQUIRE(fd >= 0, "open controlC0: %s", strerror(errno));
	memset(&list, 0, sizeof(list));
	OK(ioctl(fd, SNDRV_CTL_IOCTL_ELEM_LIST, &list));
	REQUIRE(list.count > 0 && list.count % 14 == 0 && list.used == 0, "space 0: count %u used %u", list.count,
		list.used);
	list.space = 4;
	list.pids = (struct snd_ctl_elem_id *)8; /* unmapped */
	ERR(ioctl(fd, SNDRV_CTL_IOCTL_ELEM_LIST, &list), EFAULT);
	list.offset = list.count;
	OK(ioctl(fd, SNDRV_CTL_IOCTL_ELEM_LIST, &list));
	REQUIRE(list.used == 0, "offset at the end: used %u (and the bad array untouched)", list.used);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(long);
} checks[] = {
	{ "three writes of one element without reading: one VALUE event", check_three_writes_one_event },
	{ "a write to another element: a second event, in order", check_other_element_own_event },
	{ "after reading, a new write gives a new event", check_write_after_read_new_event },
	{ "the writer's own subscription hears it; poll follows the queue", check_writer_hears_itself_and_poll },
	{ "unsubscribing drops unread events; read needs a subscription and room", check_unsubscribe_drops_events },
	{ "ELEM_LIST: count with space 0, EFAULT for an unwritable array", check_elem_list_count_and_efault },
};

int main(int argc, char **argv)
{
	int n = (int)(sizeof(checks) / sizeof(checks[0])), i, failed = 0, fd;

	if (argc > 1 && !strcmp(argv[1], "-l")) {
		for (i = 0; i < n; i++)
			printf("%d %s\n", i + 1, checks[i].name);
		return 0;
	}
	fd = open_ctl(0);
	if (fd < 0) {
		printf("not ok 1 - controlC0 opens: %s\n1..1\n", strerror(errno));
		return 1;
	}
	close(fd);
	for (i = 0; i < n; i++)
		failed += check_run(i + 1, checks[i].name, checks[i].fn, 0, 20);
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
