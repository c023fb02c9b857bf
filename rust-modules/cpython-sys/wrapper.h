/* What cpython-sys binds: the public and unstable C API of the tree being built. */
#include "Python.h"
