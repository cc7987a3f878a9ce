//! Builds the C++ kernels through csrc/CMakeLists.txt (the one place that
//! knows the per-ISA flags) and links the resulting static library.
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let csrc = manifest.join("../../csrc").canonicalize().expect("csrc/ next to rust/");
    println!("cargo:rerun-if-changed={}", csrc.display());
    println!("cargo:rerun-if-env-changed=COREPY_SANITIZE");

    let mut cfg = cmake::Config::new(&csrc);
    cfg.define("COREPY_BUILD_TESTS", "OFF");
    // The kernels carry their own -O flags per ISA; a debug Rust build still
    // gets optimized kernels (the scalar reference stays unvectorized).
    cfg.profile("Release");
    if std::env::var("COREPY_SANITIZE").map(|v| v == "1").unwrap_or(false) {
        cfg.define("COREPY_SANITIZE", "ON");
    }
    let dst = cfg.build();
    println!("cargo:rustc-link-search=native={}", dst.join("lib").display());
    println!("cargo:rustc-link-lib=static=corepy_kernels");
    // random.cpp uses libm (log, sin, cos, sqrt); the kernels need no libstdc++.
    println!("cargo:rustc-link-lib=m");
}
