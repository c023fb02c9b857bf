//! Text built one field or one line at a time, stored as narrow as it
//! allows: Latin-1 bytes until a wider character arrives, then code points.
//! A `str` is made from it in one call, as CPython stores it.  Both grow
//! fallibly: an input too big for memory is a `MemoryError`, as in C.

use cpython_safe::alloc::{TryGrow, TryPush};

use cpython_safe::prelude::*;

/// A code unit of a `str`'s storage (one, two or four bytes).
pub(crate) trait Unit: Copy + Into<u32> {
    #[inline(always)]
    fn code(self) -> u32 {
        self.into()
    }
    /// Whether the character is one of `stops`.
    #[inline(always)]
    fn stops_at(self, stops: &Stops) -> bool {
        stops.contains(self.code())
    }
    /// The units as Latin-1 bytes, when that is what they are.
    #[inline(always)]
    fn latin1(_data: &[Self]) -> Option<&[u8]> {
        None
    }
}

impl Unit for u8 {
    #[inline(always)]
    fn stops_at(self, stops: &Stops) -> bool {
        stops.latin1[self as usize]
    }
    #[inline(always)]
    fn latin1(data: &[u8]) -> Option<&[u8]> {
        Some(data)
    }
}

impl Unit for u16 {}

impl Unit for u32 {}

/// A small set of characters where a scan stops: a table for Latin-1,
/// a sorted list for the others.
pub(crate) struct Stops {
    latin1: [bool; 256],
    wide: Vec<u32>,
}

impl Stops {
    /// No characters (to be filled in place by [`Stops::add`]: a reader's
    /// tables are not copied around).
    pub(crate) const fn empty() -> Stops {
        Stops { latin1: [false; 256], wide: Vec::new() }
    }

    /// Adds `chars` (NOT_SET, `u32::MAX`, is no character).  They may be
    /// many (a writer's line terminator is input): the list is deduplicated
    /// whenever it fills up, so it stays within a few times the number of
    /// distinct characters, as C keeps none.
    pub(crate) fn add(&mut self, py: Python<'_>, chars: impl IntoIterator<Item = u32>) -> PyResult<()> {
        let wide = &mut self.wide;
        for c in chars {
            match c {
                0..=255 => self.latin1[c as usize] = true,
                u32::MAX => {}
                _ => {
                    if wide.len() == wide.capacity() {
                        wide.sort_unstable();
                        wide.dedup();
                        // At least half stays free: sorting stays amortized.
                        wide.try_grow(py, wide.len().max(4))?;
                    }
                    wide.push(c);
                }
            }
        }
        wide.sort_unstable();
        wide.dedup();
        Ok(())
    }

    #[inline(always)]
    pub(crate) fn contains(&self, c: u32) -> bool {
        if c < 256 {
            self.latin1[c as usize]
        } else {
            self.wide.binary_search(&c).is_ok()
        }
    }

    /// The index of the first character of `data` in the set.
    #[inline(always)]
    pub(crate) fn find<T: Unit>(&self, data: &[T]) -> Option<usize> {
        data.iter().position(|&c| c.stops_at(self))
    }
}

#[derive(Default)]
pub(crate) struct Text {
    narrow: Vec<u8>,
    wide: Vec<u32>,
    is_wide: bool,
}

impl Text {
    #[inline(always)]
    pub(crate) fn len(&self) -> usize {
        if self.is_wide { self.wide.len() } else { self.narrow.len() }
    }

    #[inline(always)]
    pub(crate) fn clear(&mut self) {
        self.narrow.clear();
        self.wide.clear();
        self.is_wide = false;
    }

    /// Switches to code points, with room for `additional` more.
    #[cold]
    fn widen(&mut self, py: Python<'_>, additional: usize) -> PyResult<()> {
        self.wide.clear();
        self.wide.try_grow(py, self.narrow.len().saturating_add(additional))?;
        self.wide.extend(self.narrow.iter().map(|&b| b as u32));
        self.narrow.clear();
        self.is_wide = true;
        Ok(())
    }

    #[inline(always)]
    pub(crate) fn push(&mut self, py: Python<'_>, c: u32) -> PyResult<()> {
        // The common case inline: a Latin-1 character with room for it.
        if !self.is_wide && c < 256 && self.narrow.len() < self.narrow.capacity() {
            self.narrow.push(c as u8);
            return Ok(());
        }
        self.push_growing(py, c)
    }

    #[cold]
    fn push_growing(&mut self, py: Python<'_>, c: u32) -> PyResult<()> {
        if !self.is_wide {
            if c < 256 {
                return self.narrow.try_push(py, c as u8);
            }
            self.widen(py, 1)?;
        }
        self.wide.try_push(py, c)
    }

    #[inline]
    pub(crate) fn extend<T: Unit>(&mut self, py: Python<'_>, data: &[T]) -> PyResult<()> {
        if !self.is_wide {
            if let Some(bytes) = T::latin1(data) {
                return self.narrow.try_extend_from_slice(py, bytes);
            }
            if data.iter().all(|c| c.code() < 256) {
                self.narrow.try_grow(py, data.len())?;
                self.narrow.extend(data.iter().map(|c| c.code() as u8));
                return Ok(());
            }
            self.widen(py, data.len())?;
        }
        self.wide.try_grow(py, data.len())?;
        self.wide.extend(data.iter().map(|c| c.code()));
        Ok(())
    }

    /// The text as a new `str`.
    #[inline]
    pub(crate) fn to_str(&self, py: Python<'_>) -> PyResult<Owned<PyStr>> {
        if self.is_wide { PyStr::from_ucs4(py, &self.wide) } else { PyStr::from_ucs1(py, &self.narrow) }
    }
}
