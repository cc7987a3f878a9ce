"""Macros for the corepy BUILD files: the per-ISA kernel libraries and the
test environment chosen by --//bazel:isa (see .bazelrc's ISA configs)."""

load("@rules_cc//cc:defs.bzl", "cc_library")
load(":isa_flags.bzl", "ALL_ISAS", "ISAS_BY_ARCH", "RANDOM_FLAGS_ISA", "TABLE_FLAGS_ISA", "isa_copts", "isa_defines")

# The CPU each ISA's objects can be built for (the flags are x86 or Arm only).
_ISA_COMPATIBLE_WITH = {
    "avx2": ["@platforms//cpu:x86_64"],
    "avx512": ["@platforms//cpu:x86_64"],
    "neon": ["@platforms//cpu:aarch64"],
    "scalar": [],
}

def corepy_kernel_libraries(
        name,
        kernel_srcs,
        table_srcs,
        random_srcs,
        private_hdrs,
        abi,
        visibility = None):
    """The C++ kernels, compiled once per ISA, as csrc/CMakeLists.txt does.

    For every ISA this defines `<name>_<isa>` (the kernel sources with that
    ISA's flags) and `<name>_table_<isa>` (kernel_table.cpp with that ISA's
    name but the scalar flags), plus `<name>_random` (random.cpp, once), and
    `<name>`: the libraries of the ISAs of the target CPU, which is what the
    Rust runtime and the GoogleTest suite link. All sources come in as labels
    (filegroups) so each file belongs to exactly one target.

    Args:
        name: the name of the aggregate library.
        kernel_srcs: label of the kernel sources (COREPY_KERNEL_SOURCES).
        table_srcs: label of kernels/kernel_table.cpp.
        random_srcs: label of kernels/random.cpp.
        private_hdrs: label of the headers private to the kernels.
        abi: the cc_library with the public header corepy/kernel_table.h.
        visibility: visibility of the aggregate library.
    """
    for isa in ALL_ISAS:
        cc_library(
            name = "{}_{}".format(name, isa),
            srcs = [kernel_srcs, private_hdrs],
            copts = isa_copts(isa),
            local_defines = isa_defines(isa),
            target_compatible_with = _ISA_COMPATIBLE_WITH[isa],
            alwayslink = True,
            deps = [abi],
        )
        cc_library(
            name = "{}_table_{}".format(name, isa),
            srcs = [table_srcs, private_hdrs],
            copts = isa_copts(TABLE_FLAGS_ISA),
            local_defines = isa_defines(isa),
            target_compatible_with = _ISA_COMPATIBLE_WITH[isa],
            alwayslink = True,
            deps = [
                abi,
                ":{}_{}".format(name, isa),
                ":{}_random".format(name),
            ],
        )

    cc_library(
        name = "{}_random".format(name),
        srcs = [random_srcs],
        copts = isa_copts(RANDOM_FLAGS_ISA),
        # random.cpp uses libm (log, sin, cos, sqrt); the kernels need no libstdc++.
        linkopts = ["-lm"],
        alwayslink = True,
    )

    cc_library(
        name = name,
        visibility = visibility,
        deps = [abi] + select({
            "@platforms//cpu:aarch64": [":{}_table_{}".format(name, isa) for isa in ISAS_BY_ARCH["aarch64"]],
            "@platforms//cpu:x86_64": [":{}_table_{}".format(name, isa) for isa in ISAS_BY_ARCH["x86_64"]],
            "//conditions:default": [":{}_table_{}".format(name, isa) for isa in ISAS_BY_ARCH["default"]],
        }),
    )

def corepy_test_env():
    """The environment of Rust and Python tests under --//bazel:isa.

    Returns:
        A select(): COREPY_ISA=<isa> (the runtime's starting backend) for a
        chosen ISA, nothing for the default "auto" (the best ISA of the CPU).
    """
    branches = {
        Label("//bazel:isa_" + isa): {"COREPY_ISA": isa}
        for isa in ALL_ISAS
    }
    branches["//conditions:default"] = {}
    return select(branches)

def gtest_isa_env():
    """The environment of the GoogleTest suite under --//bazel:isa.

    Returns:
        A select(): only the parameterized tests of the chosen ISA
        (test names end in /<isa>) for a chosen ISA, every ISA otherwise.
    """
    branches = {
        Label("//bazel:isa_" + isa): {"GTEST_FILTER": "*/" + isa}
        for isa in ALL_ISAS
    }
    branches["//conditions:default"] = {}
    return select(branches)
