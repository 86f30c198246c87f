#include "standard_streams.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static int closed_streams = 0;

/* Runs when the executable is loaded, before the Swift runtime or any library opens a
   descriptor. open() takes the lowest free number, so each closed one is filled in turn. */
__attribute__((constructor)) static void ferry_claim_standard_streams(void) {
    for (int descriptor = 0; descriptor <= 2; descriptor++) {
        if (fcntl(descriptor, F_GETFD) != -1 || errno != EBADF) continue;
        int opened = open("/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY);
        if (opened == descriptor) {
            closed_streams |= 1 << descriptor;
        } else if (opened >= 0) {
            close(opened);
        }
    }
}

int ferry_closed_standard_streams(void) { return closed_streams; }
