//! einsum: NumPy's Einstein summation, one op in three parts.
//!
//! - parse: the subscripts string against the operands' shapes, into one
//!   label per operand dimension (letters, and the dimensions `...` covers,
//!   right-aligned across operands), the output labels (explicit after `->`,
//!   or NumPy's implicit rule) and each label's size (size 1 broadcasts);
//! - plan: which labels each operand sums away on its own, then a pairwise
//!   contraction order (left to right, or greedy: the pair whose result is
//!   smallest, pairs sharing a label first), and for each pair its batch,
//!   free and contracted labels;
//! - execute: repeated labels of one operand become a diagonal view (summed
//!   strides), lone labels go through the sum reduction, and each pair is
//!   permuted and reshaped into one (batch, m, k) x (batch, k, n) matmul (an
//!   elementwise product when nothing is contracted, a product and row sum
//!   for batched dot products); the last result is permuted to the output
//!   order.
//!
//! The result dtype is the promotion of the operands' dtypes, as NumPy's;
//! sums stay in that dtype (integers wrap, bool sums are logical or).
use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::check_device;
use super::convert::to_dtype;
use super::elementwise::{binary, BinaryOp, Operand};
use super::matmul::matmul;
use super::reduce::{reduce_axes, ReduceOp};
use crate::dtype::DType;
use crate::error::{fmt_shape, Error, Result};
use crate::layout::Layout;
use crate::promotion::promote;
use crate::tensor::Tensor;

/// One index of the summation: a letter, or the k-th (from the left) of the
/// dimensions that `...` stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Label {
    Letter(u8),
    Broadcast(usize),
}

/// The order in which the operands are contracted pairwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Order {
    /// The first two operands, then that result with the third, and so on.
    LeftToRight,
    /// At each step the pair with the smallest result, preferring pairs
    /// that share a label over outer products.
    Greedy,
    /// NumPy's explicit path: each entry the positions (in the current list)
    /// of the operands multiplied together, their product appended to the
    /// list; a single position only moves that operand to the end.
    Path(Vec<Vec<usize>>),
}

impl Order {
    fn name(&self) -> &'static str {
        match self {
            Order::LeftToRight => "left to right",
            Order::Greedy => "greedy",
            Order::Path(_) => "given path",
        }
    }
}

fn invalid(msg: String) -> Error {
    Error::InvalidArgument(format!("einsum: {msg}"))
}

/// One side of the subscripts as written: its letters and where `...`
/// stands among them.
struct Written {
    letters: Vec<u8>,
    ellipsis: Option<usize>,
}

/// Parse one operand's (or the output's) subscripts; `what` names it in
/// errors ("operand 0", "the output").
fn parse_written(text: &str, what: &str) -> Result<Written> {
    let bytes = text.as_bytes();
    let (mut letters, mut ellipsis, mut i) = (Vec::new(), None, 0);
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_alphabetic() {
            letters.push(c);
            i += 1;
        } else if c == b' ' {
            i += 1;
        } else if c == b'.' {
            if ellipsis.is_some() || !text[i..].starts_with("...") {
                return Err(invalid(format!("einstein sum subscripts string contains a '.' that is not part of an ellipsis ('...') in {what}")));
            }
            ellipsis = Some(letters.len());
            i += 3;
        } else {
            // Every byte so far was ASCII, so `i` is on a character boundary.
            let ch = text[i..].chars().next().unwrap_or('?');
            return Err(invalid(format!("invalid subscript '{ch}' in einstein sum subscripts string, subscripts must be letters")));
        }
    }
    Ok(Written { letters, ellipsis })
}

/// The labels of a written side once `...` stands for `count` broadcast
/// dimensions (the last `count` of `total`).
fn expand(w: &Written, count: usize, total: usize) -> Vec<Label> {
    let pos = w.ellipsis.unwrap_or(w.letters.len());
    let mut out: Vec<Label> = w.letters[..pos].iter().map(|&c| Label::Letter(c)).collect();
    out.extend((total - count..total).map(Label::Broadcast));
    out.extend(w.letters[pos..].iter().map(|&c| Label::Letter(c)));
    out
}

fn label_name(l: Label) -> String {
    match l {
        Label::Letter(c) => format!("index '{}'", c as char),
        Label::Broadcast(k) => format!("broadcast ('...') dimension {k}"),
    }
}

/// Labels as subscripts text: letters, and each run of broadcast labels as `...`.
fn labels_text(labels: &[Label]) -> String {
    let mut s = String::new();
    let mut in_run = false;
    for &l in labels {
        match l {
            Label::Letter(c) => {
                s.push(c as char);
                in_run = false;
            }
            Label::Broadcast(_) => {
                if !in_run {
                    s.push_str("...");
                }
                in_run = true;
            }
        }
    }
    s
}

/// The parsed subscripts: a label per dimension of each operand, the output
/// labels, and each label's size.
struct Spec {
    inputs: Vec<Vec<Label>>,
    output: Vec<Label>,
    sizes: BTreeMap<Label, usize>,
}

impl Spec {
    fn size(&self, l: Label) -> usize {
        self.sizes[&l]
    }

    fn text(&self) -> String {
        let inputs: Vec<String> = self.inputs.iter().map(|l| labels_text(l)).collect();
        format!("{}->{}", inputs.join(","), labels_text(&self.output))
    }
}

/// At most this many operands (NumPy's limit, NPY_MAXARGS): the greedy
/// planner looks at every pair at every step.
pub const MAX_OPERANDS: usize = 64;

fn parse(subscripts: &str, shapes: &[&[usize]]) -> Result<Spec> {
    if shapes.is_empty() {
        return Err(invalid("must specify the einstein sum subscripts string and at least one operand".into()));
    }
    if shapes.len() > MAX_OPERANDS {
        return Err(invalid(format!("too many operands: {} given, at most {MAX_OPERANDS}", shapes.len())));
    }
    let (lhs, rhs) = match subscripts.find("->") {
        Some(p) => (&subscripts[..p], Some(&subscripts[p + 2..])),
        None => (subscripts, None),
    };
    if lhs.contains('-') || rhs.is_some_and(|r| r.contains('-')) {
        return Err(invalid("einstein sum subscript string does not contain proper '->' output specified".into()));
    }
    let terms: Vec<&str> = lhs.split(',').collect();
    if terms.len() != shapes.len() {
        let more = if shapes.len() > terms.len() { "more" } else { "fewer" };
        return Err(invalid(format!(
            "{more} operands provided to einstein sum function than specified in the subscripts string ({} given, '{subscripts}' names {})",
            shapes.len(),
            terms.len()
        )));
    }
    let mut written = Vec::with_capacity(terms.len());
    let mut bcast = Vec::with_capacity(terms.len());
    for (i, (term, shape)) in terms.iter().zip(shapes).enumerate() {
        let w = parse_written(term, &format!("operand {i}"))?;
        let (n, ndim) = (w.letters.len(), shape.len());
        if n > ndim {
            return Err(invalid(format!(
                "einstein sum subscripts string contains too many subscripts for operand {i} ('{term}' for shape {})",
                fmt_shape(shape)
            )));
        }
        if w.ellipsis.is_none() && n < ndim {
            return Err(invalid(format!(
                "operand has more dimensions than subscripts given in einstein sum, but no '...' ellipsis provided to broadcast \
                 the extra dimensions (operand {i}: '{term}' for shape {})",
                fmt_shape(shape)
            )));
        }
        bcast.push(ndim - n);
        written.push(w);
    }
    let total = bcast.iter().copied().max().unwrap_or(0);
    let single = shapes.len() == 1;
    let mut sizes: BTreeMap<Label, (usize, usize)> = BTreeMap::new();
    let mut inputs = Vec::with_capacity(written.len());
    for (i, (w, shape)) in written.iter().zip(shapes).enumerate() {
        let labels = expand(w, bcast[i], total);
        for (d, &l) in labels.iter().enumerate() {
            let size = shape[d];
            if let Some(first) = labels[..d].iter().position(|&e| e == l) {
                if shape[first] != size {
                    let whose = if single { "single operand".to_string() } else { format!("operand {i}") };
                    let c = match l {
                        Label::Letter(c) => c as char,
                        Label::Broadcast(_) => '.',
                    };
                    return Err(invalid(format!("dimensions in {whose} for collapsing index '{c}' don't match ({} != {size})", shape[first])));
                }
                continue;
            }
            match sizes.get_mut(&l) {
                None => {
                    sizes.insert(l, (size, i));
                }
                Some((known, from)) => {
                    if *known == 1 {
                        *known = size;
                        *from = i;
                    } else if size != 1 && size != *known {
                        return Err(invalid(format!(
                            "operands could not be broadcast together: {} has size {known} in operand {from} (shape {}) and size {size} in \
                             operand {i} (shape {})",
                            label_name(l),
                            fmt_shape(shapes[*from]),
                            fmt_shape(shape)
                        )));
                    }
                }
            }
        }
        inputs.push(labels);
    }
    let output = match rhs {
        Some(text) => {
            let w = parse_written(text, "the output")?;
            for (k, &c) in w.letters.iter().enumerate() {
                if w.letters[..k].contains(&c) {
                    return Err(invalid(format!("einstein sum subscripts string includes output subscript '{}' multiple times", c as char)));
                }
                if !sizes.contains_key(&Label::Letter(c)) {
                    return Err(invalid(format!("einstein sum subscripts string included output subscript '{}' which never appeared in an input", c as char)));
                }
            }
            if w.ellipsis.is_none() && total > 0 {
                return Err(invalid(format!(
                    "output has more dimensions than subscripts given in einstein sum, but no '...' ellipsis provided to broadcast the \
                     extra dimensions ('{subscripts}': the operands' '...' covers {total} dimension{})",
                    if total == 1 { "" } else { "s" }
                )));
            }
            expand(&w, total, total)
        }
        None => {
            // NumPy's implicit output: the broadcast dimensions, then the
            // letters that appear exactly once, in alphabetical (ASCII) order.
            let mut out: Vec<Label> = (0..total).map(Label::Broadcast).collect();
            let once = |c: u8| inputs.iter().flatten().filter(|&&l| l == Label::Letter(c)).count() == 1;
            out.extend(sizes.keys().filter(|l| matches!(l, Label::Letter(c) if once(*c))).copied());
            out
        }
    };
    Ok(Spec { inputs, output, sizes: sizes.into_iter().map(|(l, (s, _))| (l, s)).collect() })
}

/// One pairwise product: operands `pair` of the current list (both removed,
/// the result appended, as in NumPy's paths); `swapped`: the second of the
/// two is the matmul's left operand.
struct Step {
    pair: (usize, usize),
    swapped: bool,
    batch: Vec<Label>,
    left_free: Vec<Label>,
    right_free: Vec<Label>,
    summed: Vec<Label>,
    /// Labels of the two operands (for the description).
    operands: (Vec<Label>, Vec<Label>),
}

impl Step {
    fn result(&self) -> Vec<Label> {
        self.batch.iter().chain(&self.left_free).chain(&self.right_free).copied().collect()
    }
}

/// What one entry of the plan does to the list of operands.
enum Action {
    /// Multiply two operands (removed), appending the product.
    Contract(Step),
    /// Move the operand at this position to the end (a one-operand path entry).
    Move(usize),
}

impl Action {
    fn step(&self) -> Option<&Step> {
        match self {
            Action::Contract(s) => Some(s),
            Action::Move(_) => None,
        }
    }
}

struct Plan {
    spec: Spec,
    order: Order,
    /// Per operand: its distinct labels after the diagonal, and those of
    /// them it sums away alone (in no other operand, not in the output).
    alone: Vec<(Vec<Label>, Vec<Label>)>,
    actions: Vec<Action>,
}

fn distinct(labels: &[Label]) -> Vec<Label> {
    let mut out: Vec<Label> = Vec::with_capacity(labels.len());
    for &l in labels {
        if !out.contains(&l) {
            out.push(l);
        }
    }
    out
}

fn product(spec: &Spec, labels: &[Label]) -> u128 {
    labels.iter().fold(1u128, |acc, &l| acc.saturating_mul(spec.size(l) as u128))
}

fn plan(subscripts: &str, shapes: &[&[usize]], order: &Order) -> Result<Plan> {
    let spec = parse(subscripts, shapes)?;
    let uniq: Vec<Vec<Label>> = spec.inputs.iter().map(|l| distinct(l)).collect();
    let holders = |l: Label| uniq.iter().filter(|u| u.contains(&l)).count();
    let mut alone = Vec::with_capacity(uniq.len());
    let mut terms: Vec<Vec<Label>> = Vec::with_capacity(uniq.len());
    for u in &uniq {
        let summed: Vec<Label> = u.iter().copied().filter(|&l| holders(l) == 1 && !spec.output.contains(&l)).collect();
        terms.push(u.iter().copied().filter(|l| !summed.contains(l)).collect());
        alone.push((u.clone(), summed));
    }
    let mut actions = Vec::new();
    if let Order::Path(path) = order {
        given_path(&spec, &mut terms, path, &mut actions)?;
    }
    while terms.len() > 1 {
        let (i, j) = match order {
            Order::LeftToRight | Order::Path(_) => (0, if actions.is_empty() { 1 } else { terms.len() - 1 }),
            Order::Greedy => {
                let mut best: Option<((bool, u128), (usize, usize))> = None;
                for i in 0..terms.len() {
                    for j in i + 1..terms.len() {
                        let step = pair_step(&spec, &terms, i, j, false);
                        let shares = !step.batch.is_empty() || !step.summed.is_empty();
                        let key = (!shares, product(&spec, &step.result()));
                        if best.as_ref().map_or(true, |(k, _)| key < *k) {
                            best = Some((key, (i, j)));
                        }
                    }
                }
                best.map(|(_, p)| p).unwrap_or((0, 1))
            }
        };
        contract_terms(&spec, &mut terms, i, j, &mut actions);
    }
    Ok(Plan { spec, order: order.clone(), alone, actions })
}

fn contract_terms(spec: &Spec, terms: &mut Vec<Vec<Label>>, i: usize, j: usize, actions: &mut Vec<Action>) {
    let step = pair_step(spec, terms, i, j, terms.len() == 2);
    terms.remove(j);
    terms.remove(i);
    terms.push(step.result());
    actions.push(Action::Contract(step));
}

/// Follow a given path; it must leave one operand.
fn given_path(spec: &Spec, terms: &mut Vec<Vec<Label>>, path: &[Vec<usize>], actions: &mut Vec<Action>) -> Result<()> {
    for entry in path {
        let n = terms.len();
        let distinct = entry.iter().enumerate().all(|(k, p)| !entry[..k].contains(p));
        if entry.is_empty() || !distinct || entry.iter().any(|&p| p >= n) {
            return Err(invalid(format!("invalid contraction path entry {entry:?}: needs distinct operand positions below {n} (the operands left)")));
        }
        if entry.len() == 1 {
            let t = terms.remove(entry[0]);
            terms.push(t);
            actions.push(Action::Move(entry[0]));
            continue;
        }
        // Several operands: the first two, then that product with the next...
        // `ids`: the original position of each listed operand (MAX: a product).
        let mut ids: Vec<usize> = (0..n).collect();
        let mut pair = (entry[0].min(entry[1]), entry[0].max(entry[1]));
        for (k, &next) in entry.iter().enumerate().skip(1) {
            if k > 1 {
                let at = ids.iter().position(|&x| x == next).expect("entry position still listed");
                pair = (at, ids.len() - 1);
            }
            contract_terms(spec, terms, pair.0, pair.1, actions);
            ids.remove(pair.1);
            ids.remove(pair.0);
            ids.push(usize::MAX);
        }
    }
    if terms.len() != 1 {
        return Err(invalid(format!("the contraction path leaves {} operands; it must end with one", terms.len())));
    }
    Ok(())
}

/// The labels of the product of terms i and j; `last` orders them for the
/// output (so the final permutation is often the identity).
fn pair_step(spec: &Spec, terms: &[Vec<Label>], i: usize, j: usize, last: bool) -> Step {
    let (a, b) = (&terms[i], &terms[j]);
    let kept = |l: &Label| spec.output.contains(l) || terms.iter().enumerate().any(|(k, t)| k != i && k != j && t.contains(l));
    let mut batch: Vec<Label> = a.iter().copied().filter(|l| b.contains(l) && kept(l)).collect();
    let summed: Vec<Label> = a.iter().copied().filter(|l| b.contains(l) && !kept(l)).collect();
    let mut a_free: Vec<Label> = a.iter().copied().filter(|l| !b.contains(l)).collect();
    let mut b_free: Vec<Label> = b.iter().copied().filter(|l| !a.contains(l)).collect();
    let mut swapped = false;
    if last {
        let at = |l: &Label| spec.output.iter().position(|o| o == l).unwrap_or(usize::MAX);
        batch.sort_by_key(at);
        a_free.sort_by_key(at);
        b_free.sort_by_key(at);
        // b's free labels first in the output: b is the left operand.
        swapped = matches!((a_free.first(), b_free.first()), (Some(x), Some(y)) if at(y) < at(x));
    }
    let (left_free, right_free) = if swapped { (b_free, a_free) } else { (a_free, b_free) };
    Step { pair: (i, j), swapped, batch, left_free, right_free, summed, operands: (a.clone(), b.clone()) }
}

/// The view of `t` in which every repeated label of `labels` is one
/// dimension (its strides summed: the diagonal), and the distinct labels.
fn diagonal(t: &Tensor, labels: &[Label]) -> (Tensor, Vec<Label>) {
    let (mut uniq, mut shape, mut strides): (Vec<Label>, Vec<usize>, Vec<isize>) = (Vec::new(), Vec::new(), Vec::new());
    for (d, &l) in labels.iter().enumerate() {
        match uniq.iter().position(|&u| u == l) {
            // A dimension of one element has no stride that matters.
            Some(p) => strides[p] = if shape[p] > 1 { strides[p] + t.strides()[d] } else { 0 },
            None => {
                uniq.push(l);
                shape.push(t.shape()[d]);
                strides.push(t.strides()[d]);
            }
        }
    }
    if uniq.len() == labels.len() {
        return (t.clone(), uniq);
    }
    // The diagonal's elements are elements of t, so the view stays inside
    // t's storage.
    (t.with_layout(Layout::from_parts(&shape, &strides, t.layout().offset())), uniq)
}

fn positions(of: &[Label], within: &[Label]) -> Vec<i64> {
    of.iter().map(|l| within.iter().position(|w| w == l).expect("planned label present") as i64).collect()
}

fn dims(t: &Tensor, labels: &[Label], of: &[Label]) -> Vec<usize> {
    of.iter().map(|l| t.shape()[labels.iter().position(|w| w == l).expect("planned label present")]).collect()
}

/// The product of two labelled tensors for one planned step.
fn contract(a: (Tensor, Vec<Label>), b: (Tensor, Vec<Label>), step: &Step) -> Result<(Tensor, Vec<Label>)> {
    let ((lt, ll), (rt, rl)) = if step.swapped { (b, a) } else { (a, b) };
    let (nb, nl, nr) = (step.batch.len(), step.left_free.len(), step.right_free.len());
    let l_order: Vec<Label> = step.batch.iter().chain(&step.left_free).chain(&step.summed).copied().collect();
    let r_order: Vec<Label> = step.batch.iter().chain(&step.summed).chain(&step.right_free).copied().collect();
    let lv = lt.permute_dims(&positions(&l_order, &ll))?;
    let rv = rt.permute_dims(&positions(&r_order, &rl))?;
    let (lb, rb) = (dims(&lt, &ll, &step.batch), dims(&rt, &rl, &step.batch));
    let batch: Vec<usize> = lb.iter().zip(&rb).map(|(&x, &y)| x.max(y)).collect();
    let (lf, rf) = (dims(&lt, &ll, &step.left_free), dims(&rt, &rl, &step.right_free));
    let result_labels = step.result();
    if step.summed.is_empty() {
        // Nothing to contract: a broadcasting elementwise product.
        let lx = lv.expand_dims_many(&((nb + nl) as i64..(nb + nl + nr) as i64).collect::<Vec<_>>())?;
        let rx = rv.expand_dims_many(&(nb as i64..(nb + nl) as i64).collect::<Vec<_>>())?;
        return Ok((binary(BinaryOp::Mul, Operand::Tensor(&lx), Operand::Tensor(&rx))?, result_labels));
    }
    let (lk, rk) = (dims(&lt, &ll, &step.summed), dims(&rt, &rl, &step.summed));
    let k_dims: Vec<usize> = lk.iter().zip(&rk).map(|(&x, &y)| x.max(y)).collect();
    let lv = lv.broadcast_to(&[batch.as_slice(), &lf, &k_dims].concat())?;
    let rv = rv.broadcast_to(&[batch.as_slice(), &k_dims, &rf].concat())?;
    let count = |d: &[usize]| d.iter().product::<usize>() as i64;
    if nl == 0 && nr == 0 && nb > 0 {
        // Batched dot products (1 x k @ k x 1 per batch element): GEMM has
        // nothing to block, so the product and a row sum run instead, in
        // one pass each over the operands' elements.
        let ns = step.summed.len();
        let (lv, rv, axes): (Tensor, Tensor, Vec<i64>) = if k_dims.iter().product::<usize>() < SHORT_DOT {
            // Short dot products: the product laid out [summed, batch], so
            // the sum adds whole batch-long rows (vectorized) instead of
            // making one short-row kernel call per dot product.
            let perm: Vec<i64> = (nb..nb + ns).chain(0..nb).map(|d| d as i64).collect();
            (lv.permute_dims(&perm)?, rv.permute_dims(&perm)?, (0..ns as i64).collect())
        } else {
            (lv, rv, (nb as i64..(nb + ns) as i64).collect())
        };
        let prod = binary(BinaryOp::Mul, Operand::Tensor(&lv), Operand::Tensor(&rv))?;
        let dtype = prod.dtype();
        return Ok((to_dtype(&reduce_axes(ReduceOp::Sum, &prod, Some(&axes), false)?, dtype)?, result_labels));
    }
    let (bt, m, k, n) = (count(&batch), count(&lf), count(&k_dims), count(&rf));
    let prod =
        if batch.is_empty() { matmul(&lv.reshape(&[m, k])?, &rv.reshape(&[k, n])?)? } else { matmul(&lv.reshape(&[bt, m, k])?, &rv.reshape(&[bt, k, n])?)? };
    let shape: Vec<i64> = batch.iter().chain(&lf).chain(&rf).map(|&d| d as i64).collect();
    Ok((prod.reshape(&shape)?, result_labels))
}

/// Batched dot products shorter than this sum across the batch (one
/// vectorized pass per summed position) rather than one row per product.
const SHORT_DOT: usize = 16;

fn dtype_of(operands: &[Tensor]) -> DType {
    operands.iter().skip(1).fold(operands.first().map(Tensor::dtype).unwrap_or(DType::F64), |acc, t| promote(acc, t.dtype()))
}

/// NumPy's einsum: `subscripts` names each operand's dimensions; letters
/// shared by operands are multiplied together, letters missing from the
/// output are summed.
pub fn einsum(subscripts: &str, operands: &[Tensor], order: &Order) -> Result<Tensor> {
    for t in operands {
        check_device("einsum", t)?;
    }
    let shapes: Vec<&[usize]> = operands.iter().map(Tensor::shape).collect();
    let plan = plan(subscripts, &shapes, order)?;
    let dtype = dtype_of(operands);
    let mut terms: Vec<(Tensor, Vec<Label>)> = Vec::with_capacity(operands.len());
    for (t, (labels, (uniq, summed))) in operands.iter().zip(plan.spec.inputs.iter().zip(&plan.alone)) {
        let (view, got) = diagonal(t, labels);
        debug_assert_eq!(&got, uniq);
        let mut x = to_dtype(&view, dtype)?;
        let mut labels = got;
        if !summed.is_empty() {
            // Integer and bool sums accumulate in int64; the cast back wraps
            // as the sum in the narrow dtype would (bool: any nonzero).
            x = to_dtype(&reduce_axes(ReduceOp::Sum, &x, Some(&positions(summed, &labels)), false)?, dtype)?;
            labels.retain(|l| !summed.contains(l));
        }
        terms.push((x, labels));
    }
    for action in &plan.actions {
        match action {
            Action::Contract(step) => {
                let (i, j) = step.pair;
                let b = terms.remove(j);
                let a = terms.remove(i);
                terms.push(contract(a, b, step)?);
            }
            Action::Move(i) => {
                let t = terms.remove(*i);
                terms.push(t);
            }
        }
    }
    let (t, labels) = terms.pop().expect("one term is left");
    let out = t.permute_dims(&positions(&plan.spec.output, &labels))?;
    // Always a new tensor (NumPy returns a view of a single operand's data
    // for pure transposes and diagonals).
    if operands.iter().any(|o| o.shares_storage_with(&out)) {
        out.contiguous_copy()
    } else {
        out.contiguous()
    }
}

/// About how many elements einsum touches (inputs, intermediates, result):
/// the bindings keep the GIL below a threshold. 0 for invalid subscripts
/// (einsum itself reports them).
pub fn work_estimate(subscripts: &str, shapes: &[&[usize]], order: &Order) -> usize {
    let Ok(plan) = plan(subscripts, shapes, order) else { return 0 };
    let inputs: usize = shapes.iter().map(|s| s.iter().product::<usize>()).sum();
    let steps = plan
        .actions
        .iter()
        .filter_map(Action::step)
        .fold(0u128, |acc, s| acc.saturating_add(product(&plan.spec, &s.result()).saturating_mul(product(&plan.spec, &s.summed))));
    (inputs as u128).saturating_add(steps).min(usize::MAX as u128) as usize
}

/// The contraction order einsum would follow, NumPy's path style: each
/// entry the positions of the operands multiplied at that step in the
/// current list (the result goes to its end), plus a description.
pub fn einsum_path(subscripts: &str, shapes: &[&[usize]], order: &Order) -> Result<(Vec<Vec<usize>>, String)> {
    let plan = plan(subscripts, shapes, order)?;
    let mut path: Vec<Vec<usize>> = plan
        .actions
        .iter()
        .map(|a| match a {
            Action::Contract(s) => vec![s.pair.0, s.pair.1],
            Action::Move(i) => vec![*i],
        })
        .collect();
    if path.is_empty() {
        path.push(vec![0]);
    }
    let spec = &plan.spec;
    let mut text = String::new();
    let _ = writeln!(text, "  Complete contraction:  {}", spec.text());
    let _ = writeln!(text, "                 Order:  {}", plan.order.name());
    let largest = plan.actions.iter().filter_map(Action::step).map(|s| product(spec, &s.result())).max().unwrap_or(0);
    let _ = writeln!(text, "  Largest intermediate:  {largest} elements");
    for (k, ((uniq, summed), labels)) in plan.alone.iter().zip(&spec.inputs).enumerate() {
        if uniq.len() != labels.len() || !summed.is_empty() {
            let kept: Vec<Label> = uniq.iter().copied().filter(|l| !summed.contains(l)).collect();
            let _ = writeln!(text, "  operand {k}: {}->{} (diagonal view / sum)", labels_text(labels), labels_text(&kept));
        }
    }
    for s in plan.actions.iter().filter_map(Action::step) {
        let term = format!("{},{}->{}", labels_text(&s.operands.0), labels_text(&s.operands.1), labels_text(&s.result()));
        let how = if s.summed.is_empty() {
            "elementwise product".to_string()
        } else {
            let (m, k, n) = (product(spec, &s.left_free), product(spec, &s.summed), product(spec, &s.right_free));
            if s.batch.is_empty() {
                format!("matmul ({m} x {k}) @ ({k} x {n})")
            } else if s.left_free.is_empty() && s.right_free.is_empty() {
                format!("{} dot products of length {k} (product and row sum)", product(spec, &s.batch))
            } else {
                format!("batched matmul {} x ({m} x {k}) @ ({k} x {n})", product(spec, &s.batch))
            }
        };
        let _ = writeln!(text, "  ({}, {})  {term:<24} {how}", s.pair.0, s.pair.1);
    }
    Ok((path, text.trim_end().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(s: &str) -> Vec<Label> {
        s.bytes().map(Label::Letter).collect()
    }

    #[test]
    fn implicit_output_is_sorted_single_letters() {
        let spec = parse("ij,jk", &[&[2, 3], &[3, 4]]).unwrap();
        assert_eq!(spec.output, labels("ik"));
        let spec = parse("bA", &[&[2, 3]]).unwrap();
        assert_eq!(spec.output, labels("Ab"));
        let spec = parse("...ij,...j", &[&[5, 2, 3], &[3]]).unwrap();
        assert_eq!(spec.output, vec![Label::Broadcast(0), Label::Letter(b'i')]);
    }

    #[test]
    fn greedy_contracts_the_vector_first() {
        let pairs = |order: Order| {
            let p = plan("ij,jk,k->i", &[&[20, 30], &[30, 40], &[40]], &order).unwrap();
            p.actions.iter().filter_map(Action::step).map(|s| s.pair).collect::<Vec<_>>()
        };
        assert_eq!(pairs(Order::Greedy), vec![(1, 2), (0, 1)]);
        assert_eq!(pairs(Order::LeftToRight), vec![(0, 1), (0, 1)]);
        // One entry of three operands: (0, 2) first, then operand 1 with that.
        assert_eq!(pairs(Order::Path(vec![vec![0, 2, 1]])), vec![(0, 2), (0, 1)]);
    }

    #[test]
    fn bad_subscripts_are_errors() {
        for (s, shapes) in [
            ("ij", vec![vec![2]]),
            ("i,i", vec![vec![2]]),
            ("i->j", vec![vec![2]]),
            ("i->ii", vec![vec![2]]),
            ("i.", vec![vec![2]]),
            ("i#", vec![vec![2]]),
            ("i,i", vec![vec![2], vec![3]]),
            ("ii", vec![vec![2, 3]]),
            ("...i->", vec![vec![2, 3]]),
        ] {
            let refs: Vec<&[usize]> = shapes.iter().map(|v| v.as_slice()).collect();
            assert!(matches!(parse(s, &refs), Err(Error::InvalidArgument(_))), "{s}");
        }
    }
}
