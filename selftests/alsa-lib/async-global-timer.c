/* async-global-timer - the kernel selftest's global-timer through alsa-lib, counting ticks by SIGIO
 * (tools/testing/selftests/alsa/global-timer.c takes these steps): open a global timer by name, auto start,
 * an async handler (snd_async_add_timer_handler) that only counts and never reads, start, wait SECONDS.
 * Prints "Timer has started" once running and "Total ticks count: K" at the end (the interface
 * selftests/c/utimer-test.c drives with -g). Needs the preload library: FUSE files never send SIGIO.
 * usage: async-global-timer DEVICE SUBDEVICE SECONDS */
#include <alsa/asoundlib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static volatile sig_atomic_t ticked;

static void on_tick(snd_async_handler_t *h)
{
	(void)h;
	ticked++;
}

int main(int argc, char **argv)
{
	char name[96];
	snd_timer_t *t;
	snd_timer_params_t *p;
	snd_async_handler_t *h;
	int err;

	if (argc != 4) {
		fprintf(stderr, "usage: %s DEVICE SUBDEVICE SECONDS\n", argv[0]);
		return 2;
	}
	snprintf(name, sizeof(name), "hw:CLASS=%d,SCLASS=%d,DEV=%s,SUBDEV=%s", SND_TIMER_CLASS_GLOBAL,
		 SND_TIMER_SCLASS_NONE, argv[1], argv[2]);
	if ((err = snd_timer_open(&t, name, SND_TIMER_OPEN_NONBLOCK)) < 0) {
		fprintf(stderr, "snd_timer_open(%s): %s\n", name, snd_strerror(err));
		return 1;
	}
	snd_timer_params_alloca(&p);
	snd_timer_params_set_auto_start(p, 1);
	snd_timer_params_set_ticks(p, 1);
	if ((err = snd_timer_params(t, p)) < 0 || (err = snd_async_add_timer_handler(&h, t, on_tick, NULL)) < 0 ||
	    (err = snd_timer_start(t)) < 0) {
		fprintf(stderr, "params/async handler/start: %s\n", snd_strerror(err));
		return 1;
	}
	printf("Timer has started\n");
	fflush(stdout);
	time_t end = time(NULL) + atoi(argv[3]);
	while (time(NULL) < end)
		sleep(1); /* a SIGIO cuts a sleep short: loop on the clock */
	snd_timer_stop(t);
	printf("Total ticks count: %d\n", (int)ticked);
	/* no snd_async_del_handler/snd_timer_close: some alsa-lib versions assert there for timer handlers
	 * (docs/kernel-facts.md, "Side finding"); the exit closes the descriptor */
	return 0;
}
