//! What this CPU can do, detected once: ISA extensions, cores, cache sizes.
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CpuFeatures {
    pub arch: &'static str,
    pub model: String,
    pub has_avx2: bool,
    pub has_fma: bool,
    pub has_f16c: bool,   // half <-> single conversions; the avx2 kernels are built with -mf16c
    pub has_avx512: bool, // F + VL + BW + DQ, the set the avx512 kernels are built for
    pub has_neon: bool,
    pub cores: usize,
    pub l1d_bytes: usize,
    pub l2_bytes: usize,
    pub l3_bytes: usize,
}

fn detect() -> CpuFeatures {
    #[cfg(target_arch = "x86_64")]
    let (has_avx2, has_fma, has_f16c, has_avx512) = (
        std::arch::is_x86_feature_detected!("avx2"),
        std::arch::is_x86_feature_detected!("fma"),
        std::arch::is_x86_feature_detected!("f16c"),
        std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512vl")
            && std::arch::is_x86_feature_detected!("avx512bw")
            && std::arch::is_x86_feature_detected!("avx512dq"),
    );
    #[cfg(not(target_arch = "x86_64"))]
    let (has_avx2, has_fma, has_f16c, has_avx512) = (false, false, false, false);
    let has_neon = cfg!(target_arch = "aarch64"); // NEON is baseline on aarch64
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    CpuFeatures {
        arch: std::env::consts::ARCH,
        model: cpu_model(),
        has_avx2,
        has_fma,
        has_f16c,
        has_avx512,
        has_neon,
        cores,
        l1d_bytes: cache_bytes(1, "Data").unwrap_or(32 << 10),
        l2_bytes: cache_bytes(2, "Unified").unwrap_or(1 << 20),
        l3_bytes: cache_bytes(3, "Unified").unwrap_or(8 << 20),
    }
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("model name") || l.starts_with("Model")).and_then(|l| l.split(':').nth(1)).map(|m| m.trim().to_string()))
        .unwrap_or_else(|| "unknown".to_string())
}

/// Per-core cache size from Linux sysfs (e.g. "48K").
fn cache_bytes(level: u32, kind: &str) -> Option<usize> {
    for index in 0..8 {
        let dir = format!("/sys/devices/system/cpu/cpu0/cache/index{index}");
        let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).ok().map(|s| s.trim().to_string());
        if read("level")?.parse::<u32>().ok()? != level || read("type")? != kind {
            continue;
        }
        let size = read("size")?;
        let (num, mult) = match size.chars().last()? {
            'K' => (&size[..size.len() - 1], 1 << 10),
            'M' => (&size[..size.len() - 1], 1 << 20),
            _ => (size.as_str(), 1),
        };
        return num.parse::<usize>().ok().map(|n| n * mult);
    }
    None
}

static FEATURES: OnceLock<CpuFeatures> = OnceLock::new();

pub fn cpu_features() -> &'static CpuFeatures {
    FEATURES.get_or_init(detect)
}
