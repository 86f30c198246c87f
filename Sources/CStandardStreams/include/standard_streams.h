#ifndef FERRY_STANDARD_STREAMS_H
#define FERRY_STANDARD_STREAMS_H

/// Which of descriptors 0, 1 and 2 were closed when the process started (bit N for
/// descriptor N). Each was opened on /dev/null then, before any other code ran, so no file,
/// socket or event descriptor of the process can take its number: with standard output
/// closed (`>&-`), the runtime's epoll descriptor got number 1, and file data written to
/// "standard output" went to it.
int ferry_closed_standard_streams(void);

#endif
