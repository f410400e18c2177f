#ifndef OBSERVATORY_CLIBCSV_SHIM_H
#define OBSERVATORY_CLIBCSV_SHIM_H
#include <csv.h>
#endif
