//! Kernel selection. The CPU is detected once; each ISA the CPU can run gets
//! its table loaded once; the selected table is what every op reads before
//! its loop starts. `select_backend` switches it at run time.
pub mod table;

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use crate::cpu_features::cpu_features;
use crate::error::{Error, Result};
pub use table::{Isa, KernelTable};

/// Whether this CPU can run kernels built for `isa`.
pub fn cpu_supports(isa: Isa) -> bool {
    let f = cpu_features();
    match isa {
        Isa::Scalar => true,
        // The features each ISA's kernels are compiled for (csrc/CMakeLists.txt
        // COREPY_FLAGS_<isa>, bazel/isa_flags.bzl): avx2 is built with -mfma -mf16c.
        Isa::Avx2 => f.has_avx2 && f.has_fma && f.has_f16c,
        Isa::Avx512 => f.has_avx512 && f.has_fma && f.has_f16c,
        Isa::Neon => f.has_neon,
    }
}

/// The ISAs both compiled in and supported here, best last.
pub fn available_isas() -> Vec<Isa> {
    Isa::compiled().iter().copied().filter(|&i| cpu_supports(i)).collect()
}

struct Tables {
    by_isa: Vec<(Isa, &'static KernelTable)>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| Tables { by_isa: available_isas().into_iter().map(|isa| (isa, &*Box::leak(Box::new(table::load(isa))))).collect() })
}

const UNSELECTED: u8 = u8::MAX;
static SELECTED: AtomicU8 = AtomicU8::new(UNSELECTED); // index into tables().by_isa

fn best_index() -> u8 {
    let t = tables();
    let chosen = std::env::var("COREPY_ISA").ok().and_then(|want| t.by_isa.iter().position(|(i, _)| i.name() == want));
    chosen.unwrap_or(t.by_isa.len() - 1) as u8
}

/// The kernel table every op uses now.
#[inline]
pub fn current() -> &'static KernelTable {
    let t = tables();
    let mut idx = SELECTED.load(Ordering::Relaxed);
    if idx == UNSELECTED {
        idx = best_index();
        SELECTED.store(idx, Ordering::Relaxed);
    }
    t.by_isa[idx as usize].1
}

pub fn current_isa() -> Isa {
    let _ = current();
    tables().by_isa[SELECTED.load(Ordering::Relaxed) as usize].0
}

/// Backends a user may select: "cpu_simd" (the best ISA here), "cpu_scalar"
/// (the reference kernels) and "cpu_<isa>" for each ISA this CPU supports.
pub fn backend_names() -> Vec<String> {
    let mut names = vec!["cpu_simd".to_string(), "cpu_scalar".to_string()];
    for isa in available_isas() {
        if isa != Isa::Scalar {
            names.push(format!("cpu_{}", isa.name()));
        }
    }
    names
}

/// Switch kernels. Returns the ISA now in use.
pub fn select_backend(name: &str) -> Result<Isa> {
    let t = tables();
    let idx = match name {
        "cpu_simd" | "cpu" => (t.by_isa.len() - 1) as u8,
        other => {
            let isa_name = other.strip_prefix("cpu_").unwrap_or("");
            match t.by_isa.iter().position(|(i, _)| i.name() == isa_name) {
                Some(i) => i as u8,
                None => {
                    let known = Isa::compiled().iter().any(|i| i.name() == isa_name);
                    let why = if known { " (this CPU does not support it)" } else { "" };
                    return Err(Error::InvalidArgument(format!("unknown backend '{other}'{why}; available: {}", backend_names().join(", "))));
                }
            }
        }
    };
    SELECTED.store(idx, Ordering::Relaxed);
    Ok(t.by_isa[idx as usize].0)
}
