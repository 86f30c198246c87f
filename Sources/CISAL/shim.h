#ifndef FERRY_CISAL_SHIM_H
#define FERRY_CISAL_SHIM_H
#include <isa-l/erasure_code.h>
#endif
