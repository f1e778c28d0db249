/* alsa-lib's own timer API against the emulated /dev/snd/timer: open a global timer by name, read
 * timestamped events until COUNT tick periods arrived, print them. Usage: timer-read DEVICE SUBDEVICE TICKS COUNT */
#include <alsa/asoundlib.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	char name[128];
	snd_timer_t *t;
	snd_timer_params_t *p;
	snd_timer_info_t *info;
	long ticks = argc > 3 ? atol(argv[3]) : 25, want = argc > 4 ? atol(argv[4]) : 4, periods = 0, total = 0;
	int err;

	snprintf(name, sizeof name, "hw:CLASS=1,SCLASS=0,DEV=%s,SUBDEV=%s", argc > 1 ? argv[1] : "0",
		 argc > 2 ? argv[2] : "0");
	if ((err = snd_timer_open(&t, name, SND_TIMER_OPEN_TREAD)) < 0) {
		printf("snd_timer_open(%s): %s\n", name, snd_strerror(err));
		return 1;
	}
	snd_timer_info_alloca(&info);
	snd_timer_info(t, info);
	printf("timer %s: id '%s', resolution %ld ns\n", name, snd_timer_info_get_id(info),
	       snd_timer_info_get_resolution(info));
	snd_timer_params_alloca(&p);
	snd_timer_params_set_auto_start(p, 1);
	snd_timer_params_set_ticks(p, ticks);
	snd_timer_params_set_filter(p, (1 << SND_TIMER_EVENT_TICK) | (1 << SND_TIMER_EVENT_START));
	if ((err = snd_timer_params(t, p)) < 0 || (err = snd_timer_start(t)) < 0) {
		printf("params/start: %s\n", snd_strerror(err));
		return 1;
	}
	while (periods < want) {
		snd_timer_tread_t r[8];
		ssize_t n = snd_timer_read(t, r, sizeof r);

		if (n < 0) {
			printf("snd_timer_read: %s\n", snd_strerror((int)n));
			return 1;
		}
		for (ssize_t k = 0; k < n / (ssize_t)sizeof r[0]; k++) {
			printf("event %d val %u\n", r[k].event, r[k].val);
			if (r[k].event == SND_TIMER_EVENT_TICK) {
				periods++;
				total += r[k].val;
			}
		}
	}
	snd_timer_stop(t);
	snd_timer_close(t);
	printf("periods %ld ticks %ld\n", periods, total);
	return 0;
}
