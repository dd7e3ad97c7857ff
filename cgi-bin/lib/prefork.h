/* prefork: a pre-forking master for the FastCGI programs (like php-fpm's).
 * spawn-fcgi starts one process on the listening socket (fd 0); with
 * PINTUAN_WORKERS=N in its environment that process becomes a master that
 * forks N workers accepting on the inherited socket, forks a new one
 * whenever a worker dies (SIGKILL, crash, sanitizer abort), slowing down
 * when they die in a loop, and on SIGTERM/SIGINT passes SIGTERM on and
 * exits once every worker is gone. The socket stays open in the master, so
 * nginx never finds it closed while a worker restarts: only the request
 * the dead worker was serving fails. */
#ifndef PT_PREFORK_H
#define PT_PREFORK_H

#define PREFORK_MAX	256	/* workers per master */

/* The worker count asked for in the environment (PINTUAN_WORKERS): 0 when
 * unset or empty (no master: the process serves requests itself), -1 when
 * it is not a number from 1 to PREFORK_MAX. */
int	prefork_workers(void);

/* Runs the master loop for `workers` workers; name prefixes its log lines
 * (stderr). Returns 0 in a worker, which then serves requests and returns
 * from main when done (its parent death signal is SIGTERM, so the workers
 * of a master killed with SIGKILL finish their request and exit). Returns
 * 1 in the master once it was told to stop and every worker has exited,
 * or -1 (errno set) when signals cannot be set up. Call it once, before
 * opening any database connection (a connection must not be shared by
 * processes). */
int	prefork_run(const char *name, int workers);

#endif
