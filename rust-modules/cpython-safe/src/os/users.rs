//! The user and group databases: `getpwnam_r`, `getpwuid_r`, `getgrnam_r`,
//! `getgrgid_r`, `getpwent`, `getgrent` (the pwd and grp modules), and
//! CPython's own conversions between `int` and `uid_t`/`gid_t`.
//!
//! An entry's strings stay where the C library wrote them: a lookup writes
//! them into the caller's [`EntryBuffer`] and returns the entry borrowing
//! it, and an enumeration lends each entry to a callback for the time the
//! library keeps it ([`PasswdDatabase::for_each`]), so nothing is copied
//! twice, as in C.

use core::ffi::{c_char, CStr};
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use std::sync::Mutex;

use libc::{gid_t, uid_t};

use crate::boundary::{PyResult, Python};
use crate::ffi;
use crate::object::Owned;

/// `_PyLong_FromUid(uid)`: `(uid_t)-1` is `-1`.
pub fn uid_to_object(_py: Python<'_>, uid: uid_t) -> PyResult<Owned> {
    // SAFETY: GIL held (the token).
    let result = unsafe { ffi::_PyLong_FromUid(uid) };
    // SAFETY: a new reference or null with an exception set.
    unsafe { Owned::from_result(result) }
}

/// `_PyLong_FromGid(gid)`: `(gid_t)-1` is `-1`.
pub fn gid_to_object(_py: Python<'_>, gid: gid_t) -> PyResult<Owned> {
    // SAFETY: GIL held (the token).
    let result = unsafe { ffi::_PyLong_FromGid(gid) };
    // SAFETY: a new reference or null with an exception set.
    unsafe { Owned::from_result(result) }
}

/// A buffer for the `_r` functions could not be allocated.
#[derive(Debug)]
pub struct OutOfMemory;

/// # Safety
/// `ptr` is null or a NUL-terminated string alive for `'a`.
unsafe fn optional_str<'a>(ptr: *const c_char) -> Option<&'a CStr> {
    // SAFETY: forwarded from the caller.
    (!ptr.is_null()).then(|| unsafe { CStr::from_ptr(ptr) })
}

/// An entry of the password database, borrowed from where the C library
/// keeps it.  Strings are `None` where the library gives none (NULL).
pub struct Passwd<'a> {
    pub name: Option<&'a CStr>,
    pub passwd: Option<&'a CStr>,
    pub uid: uid_t,
    pub gid: gid_t,
    pub gecos: Option<&'a CStr>,
    pub dir: Option<&'a CStr>,
    pub shell: Option<&'a CStr>,
}

impl Passwd<'_> {
    /// # Safety
    /// The strings of `raw` are null or alive for `'a`.
    unsafe fn from_raw<'a>(raw: &libc::passwd) -> Passwd<'a> {
        Passwd {
            // SAFETY: forwarded from the caller.
            name: unsafe { optional_str(raw.pw_name) },
            // SAFETY: forwarded from the caller.
            passwd: unsafe { optional_str(raw.pw_passwd) },
            uid: raw.pw_uid,
            gid: raw.pw_gid,
            // SAFETY: forwarded from the caller.
            gecos: unsafe { optional_str(raw.pw_gecos) },
            // SAFETY: forwarded from the caller.
            dir: unsafe { optional_str(raw.pw_dir) },
            // SAFETY: forwarded from the caller.
            shell: unsafe { optional_str(raw.pw_shell) },
        }
    }
}

/// An entry of the group database, borrowed from where the C library
/// keeps it.
pub struct Group<'a> {
    pub name: Option<&'a CStr>,
    pub passwd: Option<&'a CStr>,
    pub gid: gid_t,
    members: *mut *mut c_char,
    _entry: PhantomData<&'a CStr>,
}

impl Group<'_> {
    /// # Safety
    /// The strings of `raw` and its NULL-terminated member array are null
    /// or alive for `'a`.
    unsafe fn from_raw<'a>(raw: &libc::group) -> Group<'a> {
        Group {
            // SAFETY: forwarded from the caller.
            name: unsafe { optional_str(raw.gr_name) },
            // SAFETY: forwarded from the caller.
            passwd: unsafe { optional_str(raw.gr_passwd) },
            gid: raw.gr_gid,
            members: raw.gr_mem,
            _entry: PhantomData,
        }
    }
}

// SAFETY: the member array is only read, and lives (in a lookup's buffer
// or the C library's enumeration entry) as long as 'a, like the strings.
unsafe impl Send for Group<'_> {}

impl<'a> Group<'a> {
    /// The member names (`gr_mem`).
    pub fn members(&self) -> Members<'a> {
        Members { next: self.members, _entry: PhantomData }
    }
}

/// The member names of a group (`gr_mem`, up to its NULL).
pub struct Members<'a> {
    next: *mut *mut c_char,
    _entry: PhantomData<&'a CStr>,
}

impl<'a> Iterator for Members<'a> {
    type Item = &'a CStr;
    fn next(&mut self) -> Option<&'a CStr> {
        if self.next.is_null() {
            return None;
        }
        // SAFETY: an element of the NULL-terminated array (alive for 'a,
        // see `Group::from_raw`), not past its NULL; it can be misaligned
        // (C copies it with memcpy).
        let member = unsafe { self.next.read_unaligned() };
        if member.is_null() {
            self.next = core::ptr::null_mut();
            return None;
        }
        // SAFETY: the next element, at most the terminating NULL.
        self.next = unsafe { self.next.add(1) };
        // SAFETY: a member name, alive for 'a.
        Some(unsafe { CStr::from_ptr(member) })
    }
}

/// The first buffer size of a `_r` lookup, as C's modules pick it.
fn initial_buffer_size(name: libc::c_int) -> usize {
    // SAFETY: no preconditions.
    match unsafe { libc::sysconf(name) } {
        -1 => 1024,
        size => size as usize,
    }
}

/// What the stack holds of an [`EntryBuffer`]: the size C's modules start
/// with where `sysconf` gives none (and glibc's `sysconf` value).
const STACK_BUFFER: usize = 1024;

/// Room for the strings of one looked-up entry: on the stack while the
/// size asked for fits, then on the heap (allocated fallibly), so that the
/// usual lookup allocates nothing.
pub struct EntryBuffer {
    stack: [MaybeUninit<u8>; STACK_BUFFER],
    heap: Vec<u8>,
}

impl EntryBuffer {
    pub fn new() -> EntryBuffer {
        EntryBuffer { stack: [MaybeUninit::uninit(); STACK_BUFFER], heap: Vec::new() }
    }

    /// `size` writable bytes (left uninitialized, as C's buffer is: only
    /// the C library writes and reads them).
    fn room(&mut self, size: usize) -> Result<*mut c_char, OutOfMemory> {
        if size <= STACK_BUFFER {
            return Ok(self.stack.as_mut_ptr().cast());
        }
        self.heap.try_reserve_exact(size).map_err(|_| OutOfMemory)?;
        Ok(self.heap.spare_capacity_mut().as_mut_ptr().cast())
    }
}

impl Default for EntryBuffer {
    fn default() -> EntryBuffer {
        EntryBuffer::new()
    }
}

/// Calls a `_r` lookup with room in `buffer` grown (doubled) while it says
/// `ERANGE`, as C's pwd and grp modules do: the record it filled, whose
/// strings point into `buffer`; `None` when not found (any other error
/// counts as not found).
fn lookup_r<R>(
    buffer: &mut EntryBuffer,
    initial_size: usize,
    mut call: impl FnMut(&mut R, *mut c_char, usize, &mut *mut R) -> libc::c_int,
) -> Result<Option<R>, OutOfMemory> {
    let mut size = initial_size;
    loop {
        let room = buffer.room(size)?;
        // SAFETY: the record is plain C data (integers and pointers) that
        // the call fills in.
        let mut record: R = unsafe { core::mem::zeroed() };
        let mut result: *mut R = core::ptr::null_mut();
        let status = call(&mut record, room, size, &mut result);
        if status == 0 && !result.is_null() {
            return Ok(Some(record));
        }
        if status != libc::ERANGE {
            return Ok(None);
        }
        if size > isize::MAX as usize >> 1 {
            return Err(OutOfMemory);
        }
        size <<= 1;
    }
}

/// `getpwuid_r(uid)`, its strings in `buffer`.
pub fn getpwuid(uid: uid_t, buffer: &mut EntryBuffer) -> Result<Option<Passwd<'_>>, OutOfMemory> {
    let found = lookup_r(buffer, initial_buffer_size(libc::_SC_GETPW_R_SIZE_MAX), |record, room, size, result| {
        // SAFETY: a record, `size` writable bytes and the result pointer,
        // all alive for the call.
        unsafe { libc::getpwuid_r(uid, record, room, size, result) }
    })?;
    // SAFETY: the strings point into `buffer`, borrowed as long as the entry.
    Ok(found.map(|raw| unsafe { Passwd::from_raw(&raw) }))
}

/// `getpwnam_r(name)`, its strings in `buffer`.
pub fn getpwnam<'b>(name: &CStr, buffer: &'b mut EntryBuffer) -> Result<Option<Passwd<'b>>, OutOfMemory> {
    let found = lookup_r(buffer, initial_buffer_size(libc::_SC_GETPW_R_SIZE_MAX), |record, room, size, result| {
        // SAFETY: a NUL-terminated name, a record, `size` writable bytes and
        // the result pointer, all alive for the call.
        unsafe { libc::getpwnam_r(name.as_ptr(), record, room, size, result) }
    })?;
    // SAFETY: the strings point into `buffer`, borrowed as long as the entry.
    Ok(found.map(|raw| unsafe { Passwd::from_raw(&raw) }))
}

/// `getgrgid_r(gid)`, its strings and member array in `buffer`.
pub fn getgrgid(gid: gid_t, buffer: &mut EntryBuffer) -> Result<Option<Group<'_>>, OutOfMemory> {
    let found = lookup_r(buffer, initial_buffer_size(libc::_SC_GETGR_R_SIZE_MAX), |record, room, size, result| {
        // SAFETY: a record, `size` writable bytes and the result pointer,
        // all alive for the call.
        unsafe { libc::getgrgid_r(gid, record, room, size, result) }
    })?;
    // SAFETY: the strings and member array point into `buffer`, borrowed
    // as long as the entry.
    Ok(found.map(|raw| unsafe { Group::from_raw(&raw) }))
}

/// `getgrnam_r(name)`, its strings and member array in `buffer`.
pub fn getgrnam<'b>(name: &CStr, buffer: &'b mut EntryBuffer) -> Result<Option<Group<'b>>, OutOfMemory> {
    let found = lookup_r(buffer, initial_buffer_size(libc::_SC_GETGR_R_SIZE_MAX), |record, room, size, result| {
        // SAFETY: a NUL-terminated name, a record, `size` writable bytes and
        // the result pointer, all alive for the call.
        unsafe { libc::getgrnam_r(name.as_ptr(), record, room, size, result) }
    })?;
    // SAFETY: the strings and member array point into `buffer`, borrowed
    // as long as the entry.
    Ok(found.map(|raw| unsafe { Group::from_raw(&raw) }))
}

/// The password database's one enumeration cursor (`setpwent`,
/// `getpwent`, `endpwent` share static state in the C library): held
/// through [`PASSWD_DATABASE`], so one enumeration runs at a time.
pub struct PasswdDatabase(());

/// The lock of the password database's cursor.
pub static PASSWD_DATABASE: Mutex<PasswdDatabase> = Mutex::new(PasswdDatabase(()));

impl PasswdDatabase {
    /// `setpwent()`, `each` on every entry from `getpwent()` (each valid
    /// until the next call, so lent for the callback only), `endpwent()`;
    /// stops at the first error of `each`.
    pub fn for_each<E>(&mut self, mut each: impl FnMut(&Passwd<'_>) -> Result<(), E>) -> Result<(), E> {
        // SAFETY: the cursor is ours (`&mut self`, under the lock).
        unsafe { libc::setpwent() };
        let result = loop {
            // SAFETY: as above.
            let raw = unsafe { libc::getpwent() };
            // SAFETY: null at the end, else an entry valid until the next
            // call on the cursor, which cannot happen while it is lent.
            let Some(raw) = (unsafe { raw.as_ref() }) else { break Ok(()) };
            // SAFETY: as above: the strings live until the next call.
            if let Err(error) = each(&unsafe { Passwd::from_raw(raw) }) {
                break Err(error);
            }
        };
        // SAFETY: as above.
        unsafe { libc::endpwent() };
        result
    }
}

/// The group database's one enumeration cursor (`setgrent`, `getgrent`,
/// `endgrent`), held through [`GROUP_DATABASE`].
pub struct GroupDatabase(());

/// The lock of the group database's cursor (C's `getgrall_mutex`).
pub static GROUP_DATABASE: Mutex<GroupDatabase> = Mutex::new(GroupDatabase(()));

impl GroupDatabase {
    /// `setgrent()`, `each` on every entry from `getgrent()`, `endgrent()`;
    /// stops at the first error of `each`.
    pub fn for_each<E>(&mut self, mut each: impl FnMut(&Group<'_>) -> Result<(), E>) -> Result<(), E> {
        // SAFETY: the cursor is ours (`&mut self`, under the lock).
        unsafe { libc::setgrent() };
        let result = loop {
            // SAFETY: as above.
            let raw = unsafe { libc::getgrent() };
            // SAFETY: null at the end, else an entry valid until the next
            // call on the cursor, which cannot happen while it is lent.
            let Some(raw) = (unsafe { raw.as_ref() }) else { break Ok(()) };
            // SAFETY: as above: strings and member array live until the
            // next call.
            if let Err(error) = each(&unsafe { Group::from_raw(raw) }) {
                break Err(error);
            }
        };
        // SAFETY: as above.
        unsafe { libc::endgrent() };
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_buffer_grows_until_the_entry_fits() {
        for start in [1, 2 * STACK_BUFFER] {
            let mut sizes = Vec::new();
            let mut buffer = EntryBuffer::new();
            let found = lookup_r(&mut buffer, start, |record: &mut libc::passwd, room, size, result| {
                sizes.push(size);
                // SAFETY: a record, `size` writable bytes and the result
                // pointer, all alive for the call.
                unsafe { libc::getpwuid_r(0, record, room, size, result) }
            });
            let raw = found.expect("memory").expect("root is in the password database");
            // SAFETY: the strings point into `buffer`, alive and untouched.
            let entry = unsafe { Passwd::from_raw(&raw) };
            assert_eq!((entry.uid, entry.name), (0, Some(c"root")));
            assert!(sizes.windows(2).all(|pair| pair[1] == 2 * pair[0]), "{sizes:?}");
            assert_eq!(sizes.len() > 1, start == 1, "{sizes:?}");
        }
    }

    #[test]
    fn a_missing_entry_is_none() {
        assert!(getpwnam(c"no such user, surely", &mut EntryBuffer::new()).expect("memory").is_none());
        assert!(getgrnam(c"no such group, surely", &mut EntryBuffer::new()).expect("memory").is_none());
        assert_eq!(getgrgid(0, &mut EntryBuffer::new()).expect("memory").expect("group 0").gid, 0);
    }

    #[test]
    fn enumerations_lend_every_entry() {
        let mut names = Vec::new();
        let result: Result<(), ()> = PASSWD_DATABASE.lock().unwrap().for_each(|entry| {
            names.push(entry.name.map(CStr::to_owned));
            Ok(())
        });
        assert!(result.is_ok() && names.contains(&Some(c"root".to_owned())));
        let mut groups = 0;
        let stopped = GROUP_DATABASE.lock().unwrap().for_each(|entry| {
            groups += 1;
            entry.members().count();
            Err(())
        });
        assert!(stopped.is_err() && groups == 1, "the first error stops the enumeration");
    }
}
