//! Inflaters kept for reuse.  zlib-rs's initialization writes about 15 KB
//! of tables: three times what the C module's whole `decompressobj()`
//! costs, and twice a small stream's whole `zlib.decompress`.  A reset
//! (`inflateReset2`) writes a few fields.  So the inflater of a finished
//! `zlib.decompress` call, or of a decompressor that died, waits in its
//! interpreter's pool for the next one; it is reset to the new `wbits`,
//! which leaves nothing of its past stream (window, dictionary, header).

use core::ffi::c_int;
use core::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex};

use zlib_stream::{InitError, Inflater, Z_OK};

/// One inflater at most, shared by an interpreter's zlib module and its
/// objects.  Threads that find it empty or locked make their own.
#[derive(Clone, Default)]
pub(crate) struct InflaterPool(Arc<Mutex<Option<Inflater>>>);

impl InflaterPool {
    /// An inflater for `wbits`: the pool's, reset, or a new one.
    pub(crate) fn inflater(&self, wbits: c_int) -> Result<PooledInflater, InitError> {
        let kept = self.0.try_lock().ok().and_then(|mut slot| slot.take());
        let inflater = match kept.and_then(|mut inflater| (inflater.reset(wbits) == Z_OK).then_some(inflater)) {
            Some(inflater) => inflater,
            None => Inflater::new(wbits)?,
        };
        Ok(self.adopt(inflater))
    }

    /// An inflater made otherwise (a copy), to be kept here after use.
    pub(crate) fn adopt(&self, inflater: Inflater) -> PooledInflater {
        PooledInflater { inflater: Some(inflater), pool: self.clone() }
    }
}

/// An inflater that goes back to its pool when dropped.
pub(crate) struct PooledInflater {
    /// Always `Some` until dropped.
    inflater: Option<Inflater>,
    pool: InflaterPool,
}

impl Deref for PooledInflater {
    type Target = Inflater;

    fn deref(&self) -> &Inflater {
        self.inflater.as_ref().expect("an inflater until dropped")
    }
}

impl DerefMut for PooledInflater {
    fn deref_mut(&mut self) -> &mut Inflater {
        self.inflater.as_mut().expect("an inflater until dropped")
    }
}

impl Drop for PooledInflater {
    fn drop(&mut self) {
        if let (Some(inflater), Ok(mut slot)) = (self.inflater.take(), self.pool.0.try_lock()) {
            *slot = Some(inflater);
        }
    }
}
