//! The `corepy._corepy` extension module: a thin bridge that converts Python
//! values, forwards to corepy-runtime and maps its errors to Python
//! exceptions. One file per Python module it serves:
//! tensor.rs (corepy.Tensor: the class, properties and views, with
//! tensor_ops.rs, tensor_index.rs, tensor_reduce.rs and tensor_interop.rs
//! adding its other methods by concern), dtype.rs (corepy/dtypes.py),
//! creation.rs (corepy/creation.py), backend.rs (corepy/backend.py),
//! functions.rs, manipulation.rs and products.rs (corepy/functions.py),
//! io.rs (corepy/npyio.py), printing.rs (corepy/_repr.py),
//! compare_pad.rs (corepy/compare_pad.py), statistics.rs
//! (corepy/statistics.py), einsum.rs (corepy/contractions.py),
//! shapes.rs (corepy/_shapes.py; tensor_shapes.rs adds the matching methods).
mod backend;
mod compare_pad;
mod convert;
mod creation;
mod dtype;
mod einsum;
mod errors;
mod functions;
mod io;
mod manipulation;
mod printing;
mod products;
mod shapes;
mod statistics;
mod tensor;
mod tensor_index;
mod tensor_interop;
mod tensor_layout;
mod tensor_ops;
mod tensor_reduce;
mod tensor_shapes;

use pyo3::prelude::*;

#[pymodule]
fn _corepy(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<tensor::PyTensor>()?;
    m.add_class::<dtype::PyDType>()?;
    for (name, d) in dtype::all_dtypes() {
        m.add(name, d)?;
    }
    m.add_function(wrap_pyfunction!(dtype::dtypes, m)?)?;
    m.add_function(wrap_pyfunction!(dtype::type_info, m)?)?;
    creation::register(m)?;
    backend::register(m)?;
    functions::register(m)?;
    manipulation::register(m)?;
    products::register(m)?;
    io::register(m)?;
    printing::register(m)?;
    compare_pad::register(m)?;
    statistics::register(m)?;
    shapes::register(m)?;
    einsum::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
