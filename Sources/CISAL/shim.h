#ifndef FERRY_CISAL_SHIM_H
#define FERRY_CISAL_SHIM_H
#include <isa-l/erasure_code.h>

/*
 * ISA-L's AVX2/AVX-512 kernels return without `vzeroupper`, leaving the upper halves of
 * the vector registers dirty; every SSE instruction on that thread afterwards pays a
 * transition penalty (measured: SHA-256 and the Swift codec run up to 2x slower for the
 * rest of the process). Callers clear the state after each ISA-L call when AVX exists.
 */
#if defined(__x86_64__)
#include <cpuid.h>
static inline int ferry_cpu_has_avx(void) {
    unsigned a, b, c, d, lo, hi;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & (1u << 27)) || !(c & (1u << 28))) return 0; /* OSXSAVE and AVX */
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & 6) == 6;
}
static inline void ferry_vzeroupper(void) { __asm__ volatile("vzeroupper" ::: "memory"); }
#else
static inline int ferry_cpu_has_avx(void) { return 0; }
static inline void ferry_vzeroupper(void) {}
#endif

#endif
