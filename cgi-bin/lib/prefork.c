/* prefork: the pre-forking master of a FastCGI program (see prefork.h).
 * The master only forks, reaps and signals: it never accepts a request or
 * touches the database. Signals are blocked in it and taken one at a time
 * with sigtimedwait, so there is no handler and no race between a child's
 * death and the decision to fork its replacement. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include "prefork.h"

#define BACKOFF_MIN_MS	100	/* second quick death in a row */
#define BACKOFF_MAX_MS	5000
#define STABLE_MS	1000	/* a worker that lived this long was no crash loop */

struct slot {
	pid_t		 pid;		/* 0: not running */
	pid_t		 prev;		/* the worker it replaces, 0 at start */
	long long	 born;		/* monotonic ms */
	long long	 due;		/* monotonic ms: fork again from then on */
	int		 streak;	/* deaths within STABLE_MS in a row */
};

static struct slot slots[PREFORK_MAX];

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
plog(const char *name, const char *fmt, ...)
{
	char		 when[32];
	time_t		 t = time(NULL);
	struct tm	 tm;
	va_list		 ap;

	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%F %T", &tm);
	fprintf(stderr, "%s: %s prefork: ", name, when);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
prefork_workers(void)
{
	const char	*s = getenv("PINTUAN_WORKERS");
	char		*end;
	long		 n;

	if (s == NULL || *s == '\0')
		return 0;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || n < 1 || n > PREFORK_MAX)
		return -1;
	return (int)n;
}

/* In a new worker: the signals as a program starts with them, and SIGTERM
 * when the master dies. */
static void
worker_setup(pid_t master, const sigset_t *old)
{
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	sigprocmask(SIG_SETMASK, old, NULL);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	/* The master died between fork and prctl: nobody would stop us. */
	if (getppid() != master)
		_exit(0);
}

/* Records the death of the worker in slot i and when to replace it. */
static void
buried(const char *name, struct slot *s, int status, int stopping)
{
	long long	 t = now_ms(), lived = t - s->born, delay = 0;
	char		 how[64];

	if (WIFSIGNALED(status))
		snprintf(how, sizeof(how), "killed by signal %d (%s)",
		    WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(how, sizeof(how), "exited with status %d",
		    WEXITSTATUS(status));
	s->prev = s->pid;
	s->pid = 0;
	if (stopping) {
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			plog(name, "worker %d %s while stopping", (int)s->prev,
			    how);
		return;
	}
	s->streak = lived < STABLE_MS ? s->streak + 1 : 0;
	if (s->streak > 1) {
		int shift = s->streak - 2 > 10 ? 10 : s->streak - 2;

		delay = (long long)BACKOFF_MIN_MS << shift;
		if (delay > BACKOFF_MAX_MS)
			delay = BACKOFF_MAX_MS;
	}
	s->due = t + delay;
	if (delay == 0)
		plog(name, "worker %d %s after %.1fs; restarting it",
		    (int)s->prev, how, (double)lived / 1000);
	else
		plog(name, "worker %d %s after %.1fs (%d quick deaths in a "
		    "row); restarting it in %lld ms", (int)s->prev, how,
		    (double)lived / 1000, s->streak, delay);
}

int
prefork_run(const char *name, int workers)
{
	sigset_t	 set, old;
	siginfo_t	 si;
	struct timespec	 ts;
	pid_t		 master = getpid(), pid;
	long long	 t, wait_ms;
	int		 i, status, live, sig, stopping = 0;

	if (workers < 1 || workers > PREFORK_MAX) {
		errno = EINVAL;
		return -1;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigprocmask(SIG_BLOCK, &set, &old) != 0)
		return -1;
	/* SIG_IGN inherited for SIGCHLD would reap the workers for us. */
	signal(SIGCHLD, SIG_DFL);
	memset(slots, 0, sizeof(slots));
	plog(name, "master %d starts %d workers", (int)master, workers);
	for (;;) {
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			for (i = 0; i < workers && slots[i].pid != pid; i++)
				continue;
			if (i < workers)
				buried(name, &slots[i], status, stopping);
		}
		for (i = live = 0; i < workers; i++)
			live += slots[i].pid != 0;
		if (stopping && live == 0) {
			plog(name, "master %d: every worker has exited",
			    (int)master);
			sigprocmask(SIG_SETMASK, &old, NULL);
			return 1;
		}
		wait_ms = 1000;
		for (i = 0; !stopping && i < workers; i++) {
			if (slots[i].pid != 0)
				continue;
			t = now_ms();
			if (slots[i].due > t) {
				if (slots[i].due - t < wait_ms)
					wait_ms = slots[i].due - t;
				continue;
			}
			if ((pid = fork()) == 0) {
				worker_setup(master, &old);
				return 0;
			}
			if (pid < 0) {
				plog(name, "fork: %s; trying again in 1s",
				    strerror(errno));
				slots[i].due = t + 1000;
				continue;
			}
			if (slots[i].prev != 0)
				plog(name, "worker %d replaces %d", (int)pid,
				    (int)slots[i].prev);
			slots[i].pid = pid;
			slots[i].born = t;
		}
		ts.tv_sec = (time_t)(wait_ms / 1000);
		ts.tv_nsec = (long)(wait_ms % 1000) * 1000000L;
		sig = sigtimedwait(&set, &si, &ts);
		if ((sig == SIGTERM || sig == SIGINT) && !stopping) {
			stopping = 1;
			plog(name, "master %d: %s, stopping %d workers",
			    (int)master, strsignal(sig), live);
			for (i = 0; i < workers; i++)
				if (slots[i].pid != 0)
					kill(slots[i].pid, SIGTERM);
		}
	}
}
