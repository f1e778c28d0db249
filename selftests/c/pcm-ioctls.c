// SPDX-License-Identifier: MIT
/*
 * pcm-ioctls - the PCM and control requests the other suites do not issue themselves, each through a real
 * ioctl() on the mount: STATUS and STATUS_EXT, DELAY, SYNC_PTR (push and read back), RESET, XRUN, REWIND
 * and FORWARD (the frames the kernel writes back), RESUME, TSTAMP/TTSTAMP/USER_PVERSION, CHANNEL_INFO,
 * HW_REFINE and HW_FREE, UNLINK, and on controlC0: PVERSION, CARD_INFO, PCM_NEXT_DEVICE, PCM_INFO,
 * PCM_PREFER_SUBDEVICE, ELEM_LIST/INFO/READ/WRITE and an unsupported request; WRITEN/READN_FRAMES
 * (non-interleaved, byte-exact through a utimer-clocked cable) with their errnos. TAP output; exit 1 on any failure.
 * usage: SNDFUSE_MOUNT=DIR pcm-ioctls
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sndfuse/pcm.h"
#include "sndfuse/tap.h"
#include "sndfuse/utimer.h"

/* ioctl returning -errno, 0 or the value */
static int io(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) < 0 ? -errno : 0;
}

int main(void)
{
	struct sp_config c = sp_config_s16(48000, 960, 4 * 960);
	struct snd_pcm_status st;
	struct snd_pcm_sync_ptr sp;
	struct snd_pcm_hw_params hw;
	struct snd_pcm_channel_info ci;
	struct snd_ctl_card_info card;
	struct snd_pcm_info info;
	snd_pcm_sframes_t delay;
	snd_pcm_uframes_t frames;
	unsigned char period[960 * 4];
	int fd, ctl, v, r;
	char path[512];

	alarm(120);
	setvbuf(stdout, NULL, _IOLBF, 0);
	sp_set_timer_source("");
	/* no ctl/pcm profile may pre-configure the nodes this test opens */
	{
		int p = open(sp_path(path, sizeof(path), "ctl/pcm"), O_WRONLY | O_CLOEXEC);
		const char *clear = "clear C0D0p\nclear C0D0c\nclear C0D1p\nclear C0D1c\n";

		if (p >= 0) {
			if (write(p, clear, strlen(clear)) < 0)
				perror("ctl/pcm");
			close(p);
		}
	}

	/* ---- control device ---- */
	ctl = open(sp_path(path, sizeof(path), "snd/controlC0"), O_RDWR | O_CLOEXEC);
	check(ctl >= 0, "open controlC0", "%s", strerror(errno));
	r = io(ctl, SNDRV_CTL_IOCTL_PVERSION, &v);
	check(r == 0 && (v >> 16) == 2, "CTL PVERSION is 2.x", "r=%d v=0x%x", r, v);
	memset(&card, 0, sizeof(card));
	r = io(ctl, SNDRV_CTL_IOCTL_CARD_INFO, &card);
	check(r == 0 && card.card == 0 && !strcmp((char *)card.id, "Loopback") &&
	      !strcmp((char *)card.driver, "Loopback") && !strcmp((char *)card.longname, "Loopback 1") &&
	      !strcmp((char *)card.mixername, "Loopback Mixer"),
	      "CTL CARD_INFO: card 0, id/driver Loopback, longname 'Loopback 1'", "r=%d id=%s long=%s", r,
	      card.id, card.longname);
	v = -1;
	r = io(ctl, SNDRV_CTL_IOCTL_PCM_NEXT_DEVICE, &v);
	check(r == 0 && v == 0, "CTL PCM_NEXT_DEVICE after -1 is 0", "r=%d v=%d", r, v);
	r = io(ctl, SNDRV_CTL_IOCTL_PCM_NEXT_DEVICE, &v);
	check(r == 0 && v == 1, "CTL PCM_NEXT_DEVICE after 0 is 1", "r=%d v=%d", r, v);
	r = io(ctl, SNDRV_CTL_IOCTL_PCM_NEXT_DEVICE, &v);
	check(r == 0 && v == -1, "CTL PCM_NEXT_DEVICE after 1 is -1 (no more)", "r=%d v=%d", r, v);
	memset(&info, 0, sizeof(info));
	info.device = 1;
	info.subdevice = 3;
	info.stream = SP_CAPTURE;
	r = io(ctl, SNDRV_CTL_IOCTL_PCM_INFO, &info);
	check(r == 0 && info.device == 1 && info.subdevice == 3 && info.stream == SP_CAPTURE &&
	      !strcmp((char *)info.id, "Loopback PCM") && !strcmp((char *)info.subname, "subdevice #3"),
	      "CTL PCM_INFO of device 1 capture subdevice 3", "r=%d id=%s subname=%s", r, info.id, info.subname);
	info.device = 7;
	r = io(ctl, SNDRV_CTL_IOCTL_PCM_INFO, &info);
	check(r == -ENXIO, "CTL PCM_INFO of a missing device: ENXIO", "r=%d", r);
	v = 5;
	r = io(ctl, SNDRV_CTL_IOCTL_PCM_PREFER_SUBDEVICE, &v);
	fd = sp_open(0, SP_PLAYBACK, O_NONBLOCK);
	check(r == 0 && fd >= 0 && sp_subdevice(fd) == 5, "PCM_PREFER_SUBDEVICE 5: the next open gets substream 5",
	      "r=%d fd=%d sub=%d", r, fd, fd >= 0 ? sp_subdevice(fd) : -1);
	if (fd >= 0)
		close(fd);
	v = -1;
	io(ctl, SNDRV_CTL_IOCTL_PCM_PREFER_SUBDEVICE, &v);
	{
		struct snd_ctl_elem_list list;
		struct snd_ctl_elem_id ids[8];
		struct snd_ctl_elem_value val;
		struct snd_ctl_elem_info ei;
		int subs = 0;
		FILE *f = fopen(sp_path(path, sizeof(path), "sys/module/snd_aloop/parameters/pcm_substreams"), "r");

		if (!f || fscanf(f, "%d", &subs) != 1)
			subs = 8;
		if (f)
			fclose(f);
		memset(&list, 0, sizeof(list));
		list.offset = 7;
		list.space = 8;
		list.pids = ids;
		r = io(ctl, SNDRV_CTL_IOCTL_ELEM_LIST, &list);
		check(r == 0 && list.count == (unsigned)(2 * subs * 7) && list.used == 8 && ids[0].numid == 8 &&
		      ids[0].iface == SNDRV_CTL_ELEM_IFACE_PCM && ids[0].subdevice == 1 &&
		      !strcmp((char *)ids[0].name, "PCM Rate Shift 100000") && !strcmp((char *)ids[1].name, "PCM Notify"),
		      "CTL ELEM_LIST from offset 7: 7 controls per substream, ids written into the caller's array",
		      "r=%d count=%u used=%u numid=%u name=%s", r, list.count, list.used, ids[0].numid, ids[0].name);
		memset(&ei, 0, sizeof(ei));
		ei.id.numid = 7;
		ei.value.enumerated.item = 1;
		r = io(ctl, SNDRV_CTL_IOCTL_ELEM_INFO, &ei);
		check(r == 0 && ei.type == SNDRV_CTL_ELEM_TYPE_ENUMERATED && ei.value.enumerated.items == 2 &&
		      !strcmp(ei.value.enumerated.name, "Non-interleaved"),
		      "CTL ELEM_INFO of 'PCM Slave Access Mode', item 1", "r=%d type=%d name=%s", r, ei.type,
		      ei.value.enumerated.name);
		memset(&val, 0, sizeof(val));
		val.id.iface = SNDRV_CTL_ELEM_IFACE_PCM;
		val.id.device = 1;
		val.id.subdevice = 1;
		strcpy((char *)val.id.name, "PCM Rate Shift 100000");
		val.value.integer.value[0] = 95000;
		r = io(ctl, SNDRV_CTL_IOCTL_ELEM_WRITE, &val);
		memset(&val.value, 0, sizeof(val.value));
		int r2 = io(ctl, SNDRV_CTL_IOCTL_ELEM_READ, &val);
		check(r == 0 && r2 == 0 && val.value.integer.value[0] == 95000,
		      "CTL ELEM_WRITE then ELEM_READ of 'PCM Rate Shift 100000' by name", "r=%d r2=%d v=%ld", r, r2,
		      val.value.integer.value[0]);
		val.value.integer.value[0] = 100000;
		io(ctl, SNDRV_CTL_IOCTL_ELEM_WRITE, &val);
		memset(&val, 0, sizeof(val));
		val.id.numid = 3; /* PCM Slave Active */
		val.value.integer.value[0] = 1;
		r = io(ctl, SNDRV_CTL_IOCTL_ELEM_WRITE, &val);
		check(r == -EPERM, "CTL ELEM_WRITE of a read-only element: EPERM", "r=%d", r);
		memset(&val, 0, sizeof(val));
		val.id.numid = 100000;
		r = io(ctl, SNDRV_CTL_IOCTL_ELEM_READ, &val);
		check(r == -ENOENT, "CTL ELEM_READ of a missing element: ENOENT", "r=%d", r);
	}
	{
		struct snd_ctl_elem_value val;
		struct snd_ctl_event ev;
		int ctl2 = open(sp_path(path, sizeof(path), "snd/controlC0"), O_RDWR | O_NONBLOCK | O_CLOEXEC);
		int on = 1, q = -1;
		ssize_t got;

		r = io(ctl2, SNDRV_CTL_IOCTL_SUBSCRIBE_EVENTS, &on);
		io(ctl2, SNDRV_CTL_IOCTL_SUBSCRIBE_EVENTS, &q);
		check(r == 0 && q == 1, "CTL SUBSCRIBE_EVENTS, then asking reports 1", "r=%d q=%d", r, q);
		got = read(ctl2, &ev, sizeof(ev));
		check(got < 0 && errno == EAGAIN, "no event yet: EAGAIN", "got=%zd", got);
		memset(&val, 0, sizeof(val));
		val.id.numid = 1;
		val.value.integer.value[0] = 110000;
		io(ctl, SNDRV_CTL_IOCTL_ELEM_WRITE, &val);
		memset(&ev, 0, sizeof(ev));
		got = read(ctl2, &ev, sizeof(ev));
		check(got == (ssize_t)sizeof(ev) && ev.type == SNDRV_CTL_EVENT_ELEM &&
		      (ev.data.elem.mask & SNDRV_CTL_EVENT_MASK_VALUE) && ev.data.elem.id.numid == 1,
		      "a write through another descriptor reads back as a VALUE event for numid 1", "got=%zd numid=%u",
		      got, ev.data.elem.id.numid);
		val.value.integer.value[0] = 100000;
		io(ctl, SNDRV_CTL_IOCTL_ELEM_WRITE, &val);
		close(ctl2);
	}
	r = io(ctl, SNDRV_CTL_IOCTL_POWER_STATE, &v);
	check(r == -ENOTTY, "CTL POWER_STATE: ENOTTY (not served)", "r=%d", r);
	close(ctl);

	/* ---- PCM requests, playback with the system clock ---- */
	fd = sp_open(0, SP_PLAYBACK, 0);
	check(fd >= 0, "open pcmC0D0p", "%s", strerror(errno));
	v = SNDRV_PCM_VERSION;
	check(io(fd, SNDRV_PCM_IOCTL_USER_PVERSION, &v) == 0, "USER_PVERSION", "");
	v = SNDRV_PCM_TSTAMP_TYPE_MONOTONIC;
	check(io(fd, SNDRV_PCM_IOCTL_TTSTAMP, &v) == 0, "TTSTAMP monotonic", "");
	v = SNDRV_PCM_TSTAMP_TYPE_LAST + 1;
	r = io(fd, SNDRV_PCM_IOCTL_TTSTAMP, &v);
	check(r == -EINVAL, "TTSTAMP out of range: EINVAL", "r=%d", r);
	v = 1;
	check(io(fd, SNDRV_PCM_IOCTL_TSTAMP, &v) == 0, "TSTAMP (obsolete) accepted", "");
	r = io(fd, SNDRV_PCM_IOCTL_HW_FREE, NULL);
	check(r == -EBADFD, "HW_FREE in OPEN: EBADFD", "r=%d", r);
	sp_hw_any(&hw);
	sp_hw_rate(&hw, 44100);
	r = io(fd, SNDRV_PCM_IOCTL_HW_REFINE, &hw);
	check(r == 0 && sp_hw_min(&hw, SNDRV_PCM_HW_PARAM_RATE) == 44100 &&
	      sp_hw_max(&hw, SNDRV_PCM_HW_PARAM_CHANNELS) == 32 && hw.rmask == 0,
	      "HW_REFINE narrows rate, keeps channels 1..32, clears rmask", "r=%d rate=%u ch<=%u rmask=%u", r,
	      sp_hw_min(&hw, SNDRV_PCM_HW_PARAM_RATE), sp_hw_max(&hw, SNDRV_PCM_HW_PARAM_CHANNELS), hw.rmask);
	sp_hw_any(&hw);
	sp_hw_rate(&hw, 1000);
	r = io(fd, SNDRV_PCM_IOCTL_HW_REFINE, &hw);
	check(r == -EINVAL, "HW_REFINE with rate 1000 (below 8000): EINVAL", "r=%d", r);
	r = io(fd, SNDRV_PCM_IOCTL_DELAY, &delay);
	check(r == -EBADFD, "DELAY in OPEN: EBADFD", "r=%d", r);
	check(sp_set_hw(fd, &c, NULL) == 0, "HW_PARAMS 48000/S16_LE/2/960/3840", "%s", strerror(errno));
	memset(&ci, 0, sizeof(ci));
	ci.channel = 1;
	r = io(fd, SNDRV_PCM_IOCTL_CHANNEL_INFO, &ci);
	check(r == 0 && ci.channel == 1 && ci.first == 16 && ci.step == 32,
	      "CHANNEL_INFO of channel 1: first bit 16, step 32", "r=%d first=%u step=%u", r, ci.first, ci.step);
	check(sp_set_sw(fd, 960, 4 * 960 * 2, 4 * 960, NULL) == 0, "SW_PARAMS with a start threshold above the buffer", "%s",
	      strerror(errno));
	check(sp_prepare(fd) == 0, "PREPARE", "%s", strerror(errno));

	memset(period, 0x11, sizeof(period));
	for (int i = 0; i < 3; i++)
		if (write(fd, period, sizeof(period)) != (ssize_t)sizeof(period))
			break;
	memset(&st, 0, sizeof(st));
	r = io(fd, SNDRV_PCM_IOCTL_STATUS, &st);
	check(r == 0 && st.state == SNDRV_PCM_STATE_PREPARED && st.appl_ptr == 3 * 960 && st.hw_ptr == 0 &&
	      st.avail == 960 && st.delay == 0,
	      "STATUS: PREPARED, appl_ptr 2880, avail 960, delay 0 (the kernel fills it only while running)", "r=%d state=%d appl=%lu avail=%lu delay=%ld",
	      r, st.state, st.appl_ptr, st.avail, (long)st.delay);
	memset(&st, 0, sizeof(st));
	st.audio_tstamp_data = 1; /* audio tstamp type DEFAULT requested */
	r = io(fd, SNDRV_PCM_IOCTL_STATUS_EXT, &st);
	check(r == 0 && st.state == SNDRV_PCM_STATE_PREPARED && st.appl_ptr == 3 * 960,
	      "STATUS_EXT with a requested audio tstamp type", "r=%d state=%d", r, st.state);
	r = io(fd, SNDRV_PCM_IOCTL_DELAY, &delay);
	check(r == 0 && delay == 3 * 960, "DELAY = frames queued", "r=%d delay=%ld", r, (long)delay);
	frames = 1000;
	r = io(fd, SNDRV_PCM_IOCTL_REWIND, &frames);
	check(r == 0 && frames == 1000, "REWIND 1000: the kernel writes back 1000", "r=%d frames=%lu", r, frames);
	frames = 100000;
	r = io(fd, SNDRV_PCM_IOCTL_FORWARD, &frames);
	check(r == 0 && frames == 1960, "FORWARD 100000 is limited to avail: 1960", "r=%d frames=%lu", r, frames);
	memset(&sp, 0, sizeof(sp));
	sp.flags = SNDRV_PCM_SYNC_PTR_APPL | SNDRV_PCM_SYNC_PTR_AVAIL_MIN;
	r = io(fd, SNDRV_PCM_IOCTL_SYNC_PTR, &sp);
	check(r == 0 && sp.s.status.state == SNDRV_PCM_STATE_PREPARED && sp.c.control.appl_ptr == 3840 &&
	      sp.c.control.avail_min == 960,
	      "SYNC_PTR reading appl_ptr and avail_min back", "r=%d state=%d appl=%lu avail_min=%lu", r,
	      sp.s.status.state, sp.c.control.appl_ptr, sp.c.control.avail_min);
	sp.flags = 0;
	sp.c.control.appl_ptr = 960;
	sp.c.control.avail_min = 480;
	r = io(fd, SNDRV_PCM_IOCTL_SYNC_PTR, &sp);
	memset(&st, 0, sizeof(st));
	io(fd, SNDRV_PCM_IOCTL_STATUS, &st);
	check(r == 0 && st.appl_ptr == 960, "SYNC_PTR pushing appl_ptr 960", "r=%d appl=%lu", r, st.appl_ptr);
	r = sp_reset(fd);
	memset(&st, 0, sizeof(st));
	io(fd, SNDRV_PCM_IOCTL_STATUS, &st);
	check(r == 0 && st.appl_ptr == st.hw_ptr, "RESET: appl_ptr = hw_ptr", "r=%d appl=%lu hw=%lu", r,
	      st.appl_ptr, st.hw_ptr);
	r = io(fd, SNDRV_PCM_IOCTL_XRUN, NULL);
	check(r == -EBADFD, "XRUN in PREPARED: EBADFD", "r=%d", r);
	r = io(fd, SNDRV_PCM_IOCTL_RESUME, NULL);
	check(r == -EBADFD, "RESUME when not suspended: EBADFD", "r=%d", r);
	r = io(fd, SNDRV_PCM_IOCTL_UNLINK, NULL);
	check(r == -EALREADY, "UNLINK of an unlinked stream: EALREADY", "r=%d", r);

	for (int i = 0; i < 4; i++)
		if (write(fd, period, sizeof(period)) != (ssize_t)sizeof(period))
			break;
	check(sp_start(fd) == 0, "START", "%s", strerror(errno));
	r = io(fd, SNDRV_PCM_IOCTL_XRUN, NULL);
	memset(&st, 0, sizeof(st));
	io(fd, SNDRV_PCM_IOCTL_STATUS, &st);
	check(r == 0 && st.state == SNDRV_PCM_STATE_XRUN, "XRUN in RUNNING: state XRUN", "r=%d state=%d", r,
	      st.state);
	r = io(fd, SNDRV_PCM_IOCTL_DELAY, &delay);
	check(r == -EPIPE, "DELAY in XRUN: EPIPE", "r=%d", r);
	r = io(fd, SNDRV_PCM_IOCTL_XRUN, NULL);
	check(r == 0, "XRUN in XRUN: 0", "r=%d", r);
	check(sp_drop(fd) == 0, "DROP", "%s", strerror(errno));
	r = io(fd, SNDRV_PCM_IOCTL_HW_FREE, NULL);
	memset(&st, 0, sizeof(st));
	io(fd, SNDRV_PCM_IOCTL_STATUS, &st);
	check(r == 0 && st.state == SNDRV_PCM_STATE_OPEN, "HW_FREE in SETUP: back to OPEN", "r=%d state=%d", r,
	      st.state);
	close(fd);

	/* ---- the substream's PCM-class timer: GINFO, and one tick per period of a running stream ---- */
	{
		struct snd_timer_ginfo gi;
		struct snd_timer_select sel;
		struct snd_timer_params tp;
		struct snd_timer_read rd[16];
		int t = open(sp_path(path, sizeof(path), "snd/timer"), O_RDONLY | O_CLOEXEC);
		long ticks = 0;

		memset(&gi, 0, sizeof(gi));
		gi.tid.dev_class = SNDRV_TIMER_CLASS_PCM;
		gi.tid.card = 0;
		gi.tid.device = 0;
		gi.tid.subdevice = 0; /* substream 0, playback */
		r = io(t, SNDRV_TIMER_IOCTL_GINFO, &gi);
		check(r == 0 && gi.card == 0 && (gi.flags & SNDRV_TIMER_FLG_SLAVE) && !strcmp((char *)gi.id, "PCM") &&
		      !strcmp((char *)gi.name, "PCM Playback 0-0-0"),
		      "GINFO of PCM timer P0-0-0: card 0, SLAVE, id PCM, name 'PCM Playback 0-0-0'",
		      "r=%d card=%d flags=%u id=%s name=%s", r, gi.card, gi.flags, gi.id, gi.name);
		memset(&sel, 0, sizeof(sel));
		sel.id = gi.tid;
		memset(&tp, 0, sizeof(tp));
		tp.flags = SNDRV_TIMER_PSFLG_AUTO;
		tp.ticks = 1;
		r = io(t, SNDRV_TIMER_IOCTL_SELECT, &sel);
		if (r == 0)
			r = io(t, SNDRV_TIMER_IOCTL_PARAMS, &tp);
		if (r == 0)
			r = io(t, SNDRV_TIMER_IOCTL_START, NULL);
		check(r == 0, "SELECT + PARAMS + START on the PCM timer", "r=%d", r);
		fd = sp_open_sub(0, SP_PLAYBACK, 0, 0);
		r = fd >= 0 ? sp_set_hw(fd, &c, NULL) : -1;
		if (r == 0)
			r = sp_prepare(fd);
		for (int i = 0; r == 0 && i < 4; i++)
			if (write(fd, period, sizeof(period)) != (ssize_t)sizeof(period))
				r = -1;
		usleep(150000); /* about 7 periods: the ring empties after 4, then the stream underruns */
		for (;;) {
			ssize_t got;
			int fl = fcntl(t, F_GETFL);

			fcntl(t, F_SETFL, fl | O_NONBLOCK);
			got = read(t, rd, sizeof(rd));
			fcntl(t, F_SETFL, fl);
			if (got <= 0)
				break;
			for (ssize_t k = 0; k < got / (ssize_t)sizeof(rd[0]); k++)
				ticks += rd[k].ticks;
		}
		check(r == 0 && ticks == 4, "the PCM timer ticked once per period played (4)", "r=%d ticks=%ld", r,
		      ticks);
		if (fd >= 0)
			close(fd);
		close(t);
	}

	/* ---- non-interleaved transfers: WRITEN/READN_FRAMES through a utimer-clocked cable ---- */
	{
		enum { P = 960, PERIODS = 8 };
		struct sp_config ni = sp_config_s16(48000, P, 4 * P);
		static short left[PERIODS * P], right[PERIODS * P], gotl[PERIODS * P], gotr[PERIODS * P];
		short one[P * 2];
		void *bufs[2], *bad[2] = { (void *)8, (void *)8 };
		int tfd, id = -1, pfd, cfd, ok = 1;
		long w;

		ni.access = SNDRV_PCM_ACCESS_RW_NONINTERLEAVED;
		srand(4711);
		for (int i = 0; i < PERIODS * P; i++) {
			left[i] = (short)rand();
			right[i] = (short)rand();
		}
		tfd = sp_utimer_create(sp_period_ns(48000, P), &id, NULL);
		r = tfd >= 0 ? sp_use_utimer(id) : -1;
		check(r == 0, "a utimer of one 960-frame period clocks the cable", "%s", strerror(errno));
		pfd = sp_open_sub(0, SP_PLAYBACK, 2, 0);
		cfd = sp_open_sub(1, SP_CAPTURE, 2, 0);
		check(pfd >= 0 && cfd >= 0, "open pcmC0D0p and pcmC0D1c substream 2", "%s", strerror(errno));
		sp_hw_any(&hw);
		r = io(pfd, SNDRV_PCM_IOCTL_HW_REFINE, &hw);
		check(r == 0 && sp_hw_mask_has(&hw, SNDRV_PCM_HW_PARAM_ACCESS, SNDRV_PCM_ACCESS_RW_INTERLEAVED) &&
		      sp_hw_mask_has(&hw, SNDRV_PCM_HW_PARAM_ACCESS, SNDRV_PCM_ACCESS_RW_NONINTERLEAVED) &&
		      !sp_hw_mask_has(&hw, SNDRV_PCM_HW_PARAM_ACCESS, SNDRV_PCM_ACCESS_MMAP_INTERLEAVED) &&
		      !sp_hw_mask_has(&hw, SNDRV_PCM_HW_PARAM_ACCESS, SNDRV_PCM_ACCESS_MMAP_NONINTERLEAVED),
		      "HW_REFINE offers both RW access types and no MMAP one", "r=%d", r);
		bufs[0] = left;
		bufs[1] = right;
		w = sp_writen(pfd, bufs, P);
		check(w < 0 && errno == EBADFD, "WRITEN before HW_PARAMS: EBADFD", "w=%ld %s", w, strerror(errno));
		r = sp_set_hw(pfd, &ni, NULL);
		if (r == 0)
			r = sp_set_hw(cfd, &ni, NULL);
		if (r == 0)
			r = sp_prepare(pfd);
		if (r == 0)
			r = sp_prepare(cfd);
		check(r == 0, "HW_PARAMS RW_NONINTERLEAVED S16_LE 2ch 48000/960/3840 and PREPARE on both ends", "%s",
		      strerror(errno));
		w = sp_writei(pfd, one, P);
		check(w < 0 && errno == EINVAL, "WRITEI on a non-interleaved stereo stream: EINVAL", "w=%ld %s", w,
		      strerror(errno));
		w = sp_writen(pfd, (void **)8, P);
		check(w < 0 && errno == EFAULT, "WRITEN with an unreadable bufs array: EFAULT", "w=%ld %s", w,
		      strerror(errno));
		w = sp_writen(pfd, bad, P);
		check(w < 0 && errno == EFAULT, "WRITEN with unreadable channel buffers: EFAULT", "w=%ld %s", w,
		      strerror(errno));
		w = sp_writen(pfd, bufs, 4 * P); /* fills the ring; start_threshold 1 starts playback */
		check(w == 4 * P && sp_start(cfd) == 0, "WRITEN of 4 periods (the whole ring), capture started",
		      "w=%ld %s", w, strerror(errno));
		for (int i = 0; i < PERIODS && ok; i++) {
			void *in[2] = { gotl + i * P, gotr + i * P };

			if (sp_utimer_trigger(tfd) < 0 || sp_readn(cfd, in, P) != P)
				ok = 0;
			if (ok && i + 4 < PERIODS) {
				void *out[2] = { left + (i + 4) * P, right + (i + 4) * P };

				if (sp_writen(pfd, out, P) != P)
					ok = 0;
			}
		}
		check(ok && !memcmp(left, gotl, sizeof(left)) && !memcmp(right, gotr, sizeof(right)),
		      "8 periods WRITEN on playback come back byte-exact from READN on capture, per channel",
		      "ok=%d %s", ok, strerror(errno));
		{
			void *in[2] = { gotl, gotr };
			struct snd_pcm_hw_params ih;
			struct sp_config il = sp_config_s16(48000, P, 4 * P);

			sp_drop(cfd);
			sp_set_hw(cfd, &il, &ih);
			sp_prepare(cfd);
			w = sp_readn(cfd, in, P);
			check(w < 0 && errno == EINVAL, "READN on an interleaved stream: EINVAL", "w=%ld %s", w,
			      strerror(errno));
		}
		if (pfd >= 0)
			close(pfd);
		if (cfd >= 0)
			close(cfd);
		if (tfd >= 0)
			close(tfd);
		sp_set_timer_source("");
	}

	return tap_end();
}
