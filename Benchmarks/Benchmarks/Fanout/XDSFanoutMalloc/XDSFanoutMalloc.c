#include "XDSFanoutMalloc.h"

#if defined(__linux__)
#include <malloc.h>

size_t xds_fanout_allocated_bytes(void) {
    struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

void xds_fanout_trim(void) { malloc_trim(0); }
#else
size_t xds_fanout_allocated_bytes(void) { return 0; }

void xds_fanout_trim(void) {}
#endif
