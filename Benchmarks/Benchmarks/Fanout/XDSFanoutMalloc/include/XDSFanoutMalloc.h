#ifndef XDS_FANOUT_MALLOC_H
#define XDS_FANOUT_MALLOC_H

#include <stddef.h>

/// Bytes glibc's allocator has handed out and not had back (mallinfo2: uordblks + hblkhd); 0 elsewhere.
size_t xds_fanout_allocated_bytes(void);

/// Returns freed heap memory to the system (malloc_trim(0)); nothing elsewhere.
void xds_fanout_trim(void);

#endif
