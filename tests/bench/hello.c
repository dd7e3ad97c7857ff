/* hello.fcgi: the page floor of `make bench` — a libfcgi program that
 * answers every request with a fixed short text and touches nothing else.
 * Its rate is what nginx + FastCGI alone can serve; the app's GET pages are
 * reported as a ratio to it. */
#include <fcgiapp.h>

int
main(void)
{
	FCGX_Request fr;

	if (FCGX_Init() != 0)
		return 1;
	FCGX_InitRequest(&fr, 0, 0);
	while (FCGX_Accept_r(&fr) >= 0) {
		FCGX_PutS("Status: 200 OK\r\nContent-Type: text/plain\r\n"
		    "Content-Length: 6\r\n\r\nhello\n", fr.out);
		FCGX_Finish_r(&fr);
	}
	return 0;
}
