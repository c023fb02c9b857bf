//! Filter specifiers: Python dicts to [`Filter`]s and back (C's
//! `lzma_filter_converter`, `parse_filter_chain_spec`, `build_filter_spec`),
//! reading the caller's objects in C's order.

use cpython_safe::object::PyDict;
use cpython_safe::prelude::*;
use lzma_stream::{
    DecodedProperties, Filter, FilterOptions, LzmaOptions, BCJ_FILTERS, FILTERS_MAX, FILTER_DELTA, FILTER_LZMA1,
    FILTER_LZMA2, PRESET_DEFAULT,
};

use crate::State;

/// C's `uint32_converter`: `PyLong_AsUnsignedLongLong`, then a range check.
pub(crate) fn to_u32(obj: &PyAny) -> PyResult<u32> {
    let value = obj.to_c_ulonglong()?;
    u32::try_from(value).map_err(|_| exc::overflow_error(obj.py(), "Value too large for uint32_t type"))
}

/// C's `PyArg_ParseTupleAndKeywords(empty_tuple, spec, "|OO&...", names)`
/// on a filter specifier: the specifier must be a dict whose keys are all
/// among `names`; the values present from `names[first_converted]` on are
/// converted by [`to_u32`], in `names`' order.  `None` on any failure (C
/// replaces that error with its own ValueError, so it is cleared here).
fn keyword_options<const N: usize>(spec: &PyAny, names: [&str; N], first_converted: usize) -> Option<[Option<u32>; N]> {
    let py = spec.py();
    let dict = spec.downcast::<PyDict>()?;
    let given = dict.len();
    if given > N {
        return None;
    }
    let mut values = [None; N];
    let mut found = 0;
    for (index, name) in names.iter().enumerate() {
        if found == given {
            return Some(values);
        }
        let value = match PyStr::new(py, name).and_then(|key| dict.get_item(&key)) {
            Ok(value) => value,
            Err(err) => {
                err.clear();
                return None;
            }
        };
        let Some(value) = value else { continue };
        found += 1;
        if index >= first_converted {
            match to_u32(&value) {
                Ok(value) => values[index] = Some(value),
                Err(err) => {
                    err.clear();
                    return None;
                }
            }
        }
    }
    // Keys left over: not among the names (or not strings).
    (found == given).then_some(values)
}

/// C's `parse_filter_spec_lzma`: a preset's options, overridden by the
/// specifier's entries.
fn lzma_options(state: &State, spec: &PyAny) -> PyResult<LzmaOptions> {
    let py = spec.py();
    let preset = match spec.mapping_get_optional(c"preset")? {
        Some(preset) => to_u32(&preset)?,
        None => PRESET_DEFAULT,
    };
    let mut options = LzmaOptions::preset(preset)
        .ok_or_else(|| PyErr::new(&state.error, &format!("Invalid compression preset: {preset}")))?;
    let names = ["id", "preset", "dict_size", "lc", "lp", "pb", "mode", "nice_len", "mf", "depth"];
    let [_, _, dict_size, lc, lp, pb, mode, nice_len, mf, depth] = keyword_options(spec, names, 2)
        .ok_or_else(|| exc::value_error(py, "Invalid filter specifier for LZMA filter"))?;
    for (field, value) in [
        (&mut options.dict_size, dict_size),
        (&mut options.lc, lc),
        (&mut options.lp, lp),
        (&mut options.pb, pb),
        (&mut options.mode, mode),
        (&mut options.nice_len, nice_len),
        (&mut options.mf, mf),
        (&mut options.depth, depth),
    ] {
        if let Some(value) = value {
            *field = value;
        }
    }
    Ok(options)
}

/// The one option of a delta or BCJ filter (C's `parse_filter_spec_delta`
/// and `parse_filter_spec_bcj`), `default` when absent.
fn single_option(spec: &PyAny, name: &str, default: u32, filter_kind: &str) -> PyResult<u32> {
    let [_, value] = keyword_options(spec, ["id", name], 1)
        .ok_or_else(|| exc::value_error(spec.py(), &format!("Invalid filter specifier for {filter_kind} filter")))?;
    Ok(value.unwrap_or(default))
}

/// C's `lzma_filter_converter`: one filter specifier.
pub(crate) fn parse_filter_spec(state: &State, spec: &PyAny) -> PyResult<Filter> {
    let py = spec.py();
    if !spec.is_mapping() {
        return Err(exc::type_error(py, "Filter specifier must be a dict or dict-like object"));
    }
    let Some(id) = spec.mapping_get_optional(c"id")? else {
        return Err(exc::value_error(py, "Filter specifier must have an \"id\" entry"));
    };
    let id = id.to_c_ulonglong()?;
    let options = match id {
        FILTER_LZMA1 | FILTER_LZMA2 => FilterOptions::Lzma(lzma_options(state, spec)?),
        FILTER_DELTA => FilterOptions::Delta { dist: single_option(spec, "dist", 1, "delta")? },
        _ if BCJ_FILTERS.contains(&id) => {
            FilterOptions::Bcj { start_offset: single_option(spec, "start_offset", 0, "BCJ")? }
        }
        _ => return Err(exc::value_error(py, &format!("Invalid filter ID: {id}"))),
    };
    Filter::new(id, options).ok_or_else(|| exc::system_error(py, "filter options of another kind than the ID's"))
}

/// C's `parse_filter_chain_spec`: a sequence of at most four specifiers.
pub(crate) fn parse_filter_chain(state: &State, specs: &PyAny) -> PyResult<Vec<Filter>> {
    let py = specs.py();
    let count = specs.sequence_len()?;
    if count > FILTERS_MAX {
        return Err(exc::value_error(py, &format!("Too many filters - liblzma supports a maximum of {FILTERS_MAX}")));
    }
    let mut chain = Vec::with_capacity(count);
    if count > 0 {
        let items = SequenceItems::new(specs)?;
        for index in 0..count {
            chain.push(parse_filter_spec(state, &*items.get(index as isize)?)?);
        }
    }
    Ok(chain)
}

/// C's `build_filter_spec`: the dict of decoded properties.
pub(crate) fn build_filter_spec(py: Python<'_>, id: u64, decoded: DecodedProperties) -> PyResult<Owned<PyDict>> {
    let spec = PyDict::new(py)?;
    let add = |key: &str, value: u64| -> PyResult<()> {
        spec.set_item(PyStr::new(py, key)?.as_any(), PyInt::from_u64(py, value)?.as_any())
    };
    add("id", id)?;
    match decoded {
        DecodedProperties::Lzma1 { lc, lp, pb, dict_size } => {
            add("lc", lc.into())?;
            add("lp", lp.into())?;
            add("pb", pb.into())?;
            add("dict_size", dict_size.into())?;
        }
        DecodedProperties::Lzma2 { dict_size } => add("dict_size", dict_size.into())?,
        DecodedProperties::Delta { dist } => add("dist", dist.into())?,
        DecodedProperties::Bcj { start_offset } => {
            if let Some(start_offset) = start_offset {
                add("start_offset", start_offset.into())?;
            }
        }
        DecodedProperties::Other => return Err(exc::value_error(py, &format!("Invalid filter ID: {id}"))),
    }
    Ok(spec)
}
