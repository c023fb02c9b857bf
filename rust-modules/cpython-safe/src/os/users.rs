//! The user and group databases: `getpwnam_r`, `getpwuid_r`, `getgrnam_r`, `getgrgid_r`, `getpwent`, `getgrent` (the pwd and grp modules).
