"""The per-ISA compile flags of the C++ kernels, for Bazel.

This is the Bazel mirror of the flag table in csrc/CMakeLists.txt (the home of
the flags: COREPY_COMMON_FLAGS, COREPY_FLAGS_<isa>, COREPY_ISAS and the test
target's options). tools/check_build_graph.py fails when the two differ, so
change a flag in CMakeLists.txt first and then here, in the same commit.
"""

# Every kernel object: freestanding (no exceptions, no RTTI), no implicit FMA
# contraction (every ISA rounds like the scalar reference; gemm.cpp turns it
# back on for itself), warnings on.
COMMON_COPTS = [
    "-fno-exceptions",
    "-fno-rtti",
    "-ffp-contract=off",
    "-fno-math-errno",
    "-fno-trapping-math",
    "-Wall",
    "-Wextra",
    "-Wno-unused-parameter",
]

# One entry per ISA (CMake: COREPY_FLAGS_<isa>). The scalar build is the
# reference: no auto-vectorization.
ISA_COPTS = {
    "avx2": ["-O3", "-mavx2", "-mfma", "-mf16c"],
    "avx512": ["-O3", "-mavx512f", "-mavx512vl", "-mavx512bw", "-mavx512dq", "-mfma", "-mprefer-vector-width=512"],
    "neon": ["-O3"],
    "scalar": ["-O2", "-fno-tree-vectorize"],
}

# The ISAs in CMake's order.
ALL_ISAS = ["scalar", "avx2", "avx512", "neon"]

# The ISAs compiled on each CPU architecture (CMake's COREPY_ISAS branches);
# "default" is any other architecture.
ISAS_BY_ARCH = {
    "aarch64": ["scalar", "neon"],
    "default": ["scalar"],
    "x86_64": ["scalar", "avx2", "avx512"],
}

# kernel_table.cpp (one per ISA) and random.cpp (once) use these ISA flags: the
# table never executes an instruction the CPU may lack, and the random streams
# give the same numbers on every ISA.
TABLE_FLAGS_ISA = "scalar"

RANDOM_FLAGS_ISA = "scalar"

# The GoogleTest suite's own options (CMake: corepy_kernel_tests).
TEST_COPTS = ["-O1", "-ffp-contract=off"]

def isa_copts(isa):
    """The full copts of one ISA's kernel objects.

    Args:
        isa: an entry of ALL_ISAS.

    Returns:
        COMMON_COPTS followed by that ISA's flags, as CMake orders them.
    """
    return COMMON_COPTS + ISA_COPTS[isa]

def isa_defines(isa):
    """The preprocessor defines that name one ISA build of the kernels.

    Args:
        isa: an entry of ALL_ISAS.

    Returns:
        ["COREPY_ISA=<isa>", "COREPY_ISA_<ISA>=1"], as CMake defines them.
    """
    return ["COREPY_ISA=" + isa, "COREPY_ISA_" + isa.upper() + "=1"]
