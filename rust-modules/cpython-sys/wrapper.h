/* What cpython-sys binds: the public and unstable C API of the tree being built. */
#include "Python.h"
/* CPython's uid_t/gid_t conversions, exported by libpython for the pwd,
   grp and _posixsubprocess modules (Modules/posixmodule.h). */
#include "../Modules/posixmodule.h"
