#ifndef SCALELAB_CREADLINE_SHIM_H
#define SCALELAB_CREADLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
#endif
