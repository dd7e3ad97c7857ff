/* clock: what time it is. In production, the real time. In test mode
 * (app.conf test_mode = 1) a test may move the clock forward or back with
 * `ctl clock …`: the offset lives in <var>/test-clock, every program reads
 * it at the start of each request (jobs: each round; ctl: at start) and
 * sets the database session's timestamp to match, so NOW() and CURDATE()
 * in SQL agree with clock_now() in C. Without test mode the file is never
 * read: a production clock cannot be moved. */
#ifndef PT_CLOCK_H
#define PT_CLOCK_H
#include <time.h>

/* The current time (real time + the test offset in test mode). */
time_t	clock_now(void);
/* Reads the offset (test mode only) and sets the DB session's timestamp;
 * resets it to the real time when there is no offset. 0 or a db_err. */
int	clock_apply(void);
/* Test mode only: sets the offset in seconds (0 removes it). 0, or -1
 * outside test mode or when the file cannot be written. */
int	clock_set_offset(long long seconds);
long long clock_offset(void);

#endif
