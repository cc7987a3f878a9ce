{
  description = "corepy: a NumPy-style tensor library (Python -> Rust -> C++ kernels)";

  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-utils.url = "github:numtide/flake-utils";
    # The Rust toolchain comes from rust-toolchain.toml (channel 1.95.0).
    rust-overlay = {
      url = "github:oxalica/rust-overlay";
      inputs.nixpkgs.follows = "nixpkgs";
    };
  };

  outputs = { self, nixpkgs, flake-utils, rust-overlay }:
    flake-utils.lib.eachSystem [ "x86_64-linux" "aarch64-linux" ] (system:
      let
        # withCuda: CUDA is unfree, so only the CUDA shell allows unfree packages.
        pkgsFor = withCuda: import nixpkgs {
          inherit system;
          overlays = [ rust-overlay.overlays.default ];
          config = {
            allowUnfree = withCuda;
            cudaSupport = withCuda;
          };
        };
        pkgs = pkgsFor false;

        # Exactly the toolchain Cargo and rustup use (channel + components).
        rustToolchainFor = p: p.rust-bin.fromRustupToolchainFile ./rust-toolchain.toml;

        # Python 3.11, as pinned for Bazel (MODULE.bazel) and the wheel tag.
        pythonFor = p: p.python311;
        pythonEnvFor = p: (pythonFor p).withPackages (ps: [
          ps.pip
          ps.numpy
          ps.pytest
          ps.hypothesis
        ]);

        mkDevShell = { withCuda ? false }:
          let
            p = pkgsFor withCuda;
          in
          p.mkShell {
            name = if withCuda then "corepy-cuda" else "corepy";
            packages = [
              (rustToolchainFor p)
              (pythonEnvFor p)
              p.maturin
              p.gcc
              p.cmake
              p.ninja
              p.gtest
              p.bazel_7
              p.bazel-buildtools # buildifier
              p.nodejs
            ] ++ p.lib.optionals withCuda [
              p.cudaPackages.cudatoolkit
              p.cudaPackages.cuda_nvcc
            ];
            # `python -m corepy` and pytest import the installed package, not
            # the source folder (see README); maturin develop installs it.
            shellHook = ''
              export COREPY_ROOT="$PWD"
            '' + p.lib.optionalString withCuda ''
              export CUDA_PATH=${p.cudaPackages.cudatoolkit}
            '';
          };

        # The wheel, built the way `pip install .` builds it: maturin, whose
        # Cargo build script drives csrc/CMakeLists.txt.
        rustPlatform = pkgs.makeRustPlatform {
          cargo = rustToolchainFor pkgs;
          rustc = rustToolchainFor pkgs;
        };
        python = pythonFor pkgs;
        corepy = python.pkgs.buildPythonPackage {
          pname = "corepy";
          version = "0.1.0";
          pyproject = true;
          src = pkgs.lib.cleanSource ./.;
          cargoDeps = rustPlatform.importCargoLock { lockFile = ./Cargo.lock; };
          nativeBuildInputs = [
            rustPlatform.cargoSetupHook
            rustPlatform.maturinBuildHook
            pkgs.cmake
            pkgs.ninja
          ];
          # cmake is for Cargo's build script, not for this derivation's configure.
          dontUseCmakeConfigure = true;
          dependencies = [ python.pkgs.numpy ];
          nativeCheckInputs = [
            python.pkgs.pytestCheckHook
            python.pkgs.hypothesis
            python.pkgs.numpy
          ];
          # As tools/test_all.sh: from tests/, so the source folder corepy/
          # does not shadow the installed package.
          preCheck = ''
            cd tests
          '';
          pytestFlagsArray = [ "python" "-p" "no:cacheprovider" ];
          pythonImportsCheck = [ "corepy" ];
        };
      in
      {
        devShells = {
          default = mkDevShell { };
          cuda = mkDevShell { withCuda = true; };
        };

        packages = {
          default = corepy;
          inherit corepy;
          # The .whl itself (buildPythonPackage's dist output).
          wheel = corepy.dist;
        };

        formatter = pkgs.nixpkgs-fmt;
      });
}
