/* N threads blocked in read() on snd/timer, each a listener of one of ceil(N/1000) utimers (a timer takes at
 * most 1000 instances, the kernel's max_instances for a utimer). Prints "blocked N" once every listener is set
 * up and a second has passed for the reads to reach the daemon, then stays until stdin closes.
 * Usage: blocked-readers TIMER_NODE N */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "sndfuse/utimer.h"

#define PER_UTIMER 1000

static const char *node;
static int *ids, ready;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *reader(void *arg)
{
	struct snd_timer_select sel;
	struct snd_timer_params p;
	struct snd_timer_read r;
	int fd = open(node, O_RDONLY);

	memset(&sel, 0, sizeof sel);
	sel.id.dev_class = SNDRV_TIMER_CLASS_GLOBAL;
	sel.id.card = -1;
	sel.id.device = SNDRV_TIMER_GLOBAL_UDRIVEN;
	sel.id.subdevice = ids[(long)arg / PER_UTIMER];
	memset(&p, 0, sizeof p);
	p.flags = SNDRV_TIMER_PSFLG_AUTO;
	p.ticks = 1;
	p.queue_size = 32;
	if (fd < 0 || ioctl(fd, SNDRV_TIMER_IOCTL_SELECT, &sel) < 0 || ioctl(fd, SNDRV_TIMER_IOCTL_PARAMS, &p) < 0 ||
	    ioctl(fd, SNDRV_TIMER_IOCTL_START) < 0) {
		fprintf(stderr, "blocked-readers: listener %ld: %s\n", (long)arg, strerror(errno));
		exit(1);
	}
	pthread_mutex_lock(&mu);
	ready++;
	pthread_mutex_unlock(&mu);
	while (read(fd, &r, sizeof r) < 0 && errno == EINTR)
		;
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: blocked-readers TIMER_NODE N\n");
		return 2;
	}
	node = argv[1];
	long n = atol(argv[2]), nu = (n + PER_UTIMER - 1) / PER_UTIMER;
	ids = calloc(nu, sizeof *ids);
	for (long u = 0; u < nu; u++) {
		struct snd_timer_uinfo ui = { .resolution = 10000000 };
		int owner = open(node, O_RDWR);
		if (owner < 0 || ioctl(owner, SNDRV_TIMER_IOCTL_CREATE, &ui) < 0) {
			fprintf(stderr, "blocked-readers: CREATE: %s\n", strerror(errno));
			return 1;
		}
		ids[u] = (int)ui.id;
	}
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 64 * 1024);
	for (long i = 0; i < n; i++) {
		pthread_t th;
		if (pthread_create(&th, &a, reader, (void *)i) != 0) {
			fprintf(stderr, "blocked-readers: thread %ld: %s\n", i, strerror(errno));
			return 1;
		}
	}
	for (int i = 0; i < 1200; i++) {
		pthread_mutex_lock(&mu);
		int r = ready;
		pthread_mutex_unlock(&mu);
		if (r == n)
			break;
		usleep(50000);
	}
	sleep(1);
	printf("blocked %d\n", ready);
	fflush(stdout);
	char c;
	while (read(0, &c, 1) > 0)
		;
	_exit(0);
}
