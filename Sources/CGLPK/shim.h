#ifndef OBSERVATORY_CGLPK_SHIM_H
#define OBSERVATORY_CGLPK_SHIM_H
#include <glpk.h>
#endif
