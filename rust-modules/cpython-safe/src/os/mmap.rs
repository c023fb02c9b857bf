//! Memory maps: `mmap`, `munmap`, `mremap`, `msync`, `madvise` (the mmap module).
