//! Streams kept for reuse.  zlib-rs's initialization writes large tables:
//! about 15 KB for an inflater (three times what the C module's whole
//! `decompressobj()` costs) and 256 KB for a deflater (zlib clears 64 KB).
//! A reset writes a few fields (`inflateReset2`), or clears the hash table
//! (`deflateReset`, 128 KB).  So the stream of a finished one-shot call, or
//! of an object that died, waits in its interpreter's pool for the next
//! one; a reset leaves nothing of its past stream (window, dictionary,
//! header), and a deflater is reused only for the same parameters, so that
//! it makes exactly the bytes a new one would.

use core::ffi::c_int;
use core::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex};

use zlib_stream::{Deflater, InitError, Inflater, Z_OK};

/// A stream that can be made again from its configuration.
pub(crate) trait Reusable: Sized + Send {
    type Config: Copy + PartialEq + Send;

    fn create(config: Self::Config) -> Result<Self, InitError>;

    /// Makes this stream, made for `old`, what `create(new)` makes; false
    /// when it cannot.
    fn renew(&mut self, old: Self::Config, new: Self::Config) -> bool;
}

impl Reusable for Inflater {
    /// `wbits`.
    type Config = c_int;

    fn create(wbits: c_int) -> Result<Self, InitError> {
        Inflater::new(wbits)
    }

    fn renew(&mut self, _old: c_int, wbits: c_int) -> bool {
        self.reset(wbits) == Z_OK
    }
}

/// `deflateInit2`'s parameters: level, method, wbits, memLevel, strategy.
#[derive(Clone, Copy, PartialEq)]
pub(crate) struct DeflateConfig(pub c_int, pub c_int, pub c_int, pub c_int, pub c_int);

impl Reusable for Deflater {
    type Config = DeflateConfig;

    fn create(DeflateConfig(level, method, wbits, mem_level, strategy): DeflateConfig) -> Result<Self, InitError> {
        Deflater::new(level, method, wbits, mem_level, strategy)
    }

    fn renew(&mut self, old: DeflateConfig, new: DeflateConfig) -> bool {
        old == new && self.reset() == Z_OK
    }
}

/// One stream at most, shared by an interpreter's zlib module and its
/// objects.  Threads that find it empty, locked or of other parameters make
/// their own.
pub(crate) struct Pool<S: Reusable>(Arc<Mutex<Option<Kept<S>>>>);

/// A stream in the pool, and the configuration it was made for.
type Kept<S> = (<S as Reusable>::Config, S);

impl<S: Reusable> Default for Pool<S> {
    fn default() -> Self {
        Pool(Arc::default())
    }
}

impl<S: Reusable> Pool<S> {
    /// A stream for `config`: the pool's, renewed, or a new one.
    pub(crate) fn get(&self, config: S::Config) -> Result<Pooled<S>, InitError> {
        let kept = self.0.try_lock().ok().and_then(|mut slot| slot.take());
        let stream = match kept.and_then(|(old, mut stream)| stream.renew(old, config).then_some(stream)) {
            Some(stream) => stream,
            None => S::create(config)?,
        };
        Ok(self.adopt(config, stream))
    }

    /// A stream made otherwise for `config` (a copy), kept here after use.
    pub(crate) fn adopt(&self, config: S::Config, stream: S) -> Pooled<S> {
        Pooled { stream: Some(stream), config, pool: Pool(Arc::clone(&self.0)) }
    }
}

/// A stream that goes back to its pool when dropped.
pub(crate) struct Pooled<S: Reusable> {
    /// Always `Some` until dropped.
    stream: Option<S>,
    config: S::Config,
    pool: Pool<S>,
}

impl<S: Reusable> Pooled<S> {
    pub(crate) fn config(&self) -> S::Config {
        self.config
    }
}

impl<S: Reusable> Deref for Pooled<S> {
    type Target = S;

    fn deref(&self) -> &S {
        self.stream.as_ref().expect("a stream until dropped")
    }
}

impl<S: Reusable> DerefMut for Pooled<S> {
    fn deref_mut(&mut self) -> &mut S {
        self.stream.as_mut().expect("a stream until dropped")
    }
}

impl<S: Reusable> Drop for Pooled<S> {
    fn drop(&mut self) {
        if let (Some(stream), Ok(mut slot)) = (self.stream.take(), self.pool.0.try_lock()) {
            *slot = Some((self.config, stream));
        }
    }
}

pub(crate) type InflaterPool = Pool<Inflater>;
pub(crate) type PooledInflater = Pooled<Inflater>;
pub(crate) type DeflaterPool = Pool<Deflater>;
pub(crate) type PooledDeflater = Pooled<Deflater>;
