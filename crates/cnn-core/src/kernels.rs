//! Well-known kernels, for the playground. Each is a square grid of weights;
//! `slug` names it in URLs and message keys.

/// A named kernel: `size × size` weights, row by row.
#[derive(Clone, Debug, PartialEq)]
pub struct Kernel {
    pub slug: &'static str,
    pub size: usize,
    pub weights: Vec<f32>,
}

fn k(slug: &'static str, size: usize, weights: &[f32]) -> Kernel {
    Kernel {
        slug,
        size,
        weights: weights.to_vec(),
    }
}

/// A `size × size` Gaussian (binomial) blur that sums to 1.
fn gaussian(size: usize) -> Vec<f32> {
    // Row of Pascal's triangle: exact binomial weights, e.g. 1 2 1 for 3x3.
    let mut row = vec![1.0f32];
    for _ in 1..size {
        let mut next = vec![1.0f32; row.len() + 1];
        for i in 1..row.len() {
            next[i] = row[i - 1] + row[i];
        }
        row = next;
    }
    let total: f32 = row.iter().sum::<f32>().powi(2);
    let mut w = Vec::with_capacity(size * size);
    for a in &row {
        for b in &row {
            w.push(a * b / total);
        }
    }
    w
}

/// The presets, in the order the playground lists them.
pub fn presets() -> Vec<Kernel> {
    let ninth = 1.0 / 9.0;
    vec![
        k("identity", 3, &[0., 0., 0., 0., 1., 0., 0., 0., 0.]),
        k("box-blur", 3, &[ninth; 9]),
        Kernel {
            slug: "gaussian-blur",
            size: 5,
            weights: gaussian(5),
        },
        k("sharpen", 3, &[0., -1., 0., -1., 5., -1., 0., -1., 0.]),
        k("sobel-x", 3, &[-1., 0., 1., -2., 0., 2., -1., 0., 1.]),
        k("sobel-y", 3, &[-1., -2., -1., 0., 0., 0., 1., 2., 1.]),
        k("laplacian", 3, &[0., 1., 0., 1., -4., 1., 0., 1., 0.]),
        k("emboss", 3, &[-2., -1., 0., -1., 1., 1., 0., 1., 2.]),
        // The slides' X/O filters (seed 000) and seed 001's -8 kernel.
        k("xo-left", 3, &[1., -1., -1., -1., 1., -1., -1., -1., 1.]),
        k("xo-x", 3, &[1., -1., 1., -1., 1., -1., 1., -1., 1.]),
        k("xo-right", 3, &[-1., -1., 1., -1., 1., -1., 1., -1., -1.]),
        k("minus-eight", 3, &[4., 0., 0., 0., 0., 0., 0., 0., -4.]),
    ]
}

/// The preset called `slug`.
pub fn preset(slug: &str) -> Option<Kernel> {
    presets().into_iter().find(|k| k.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_square_and_named_once() {
        let all = presets();
        for k in &all {
            assert_eq!(k.weights.len(), k.size * k.size, "{}", k.slug);
            assert_eq!(all.iter().filter(|o| o.slug == k.slug).count(), 1);
        }
        // Blurs keep brightness: their weights sum to 1.
        for slug in ["box-blur", "gaussian-blur", "identity"] {
            let s: f32 = preset(slug).unwrap().weights.iter().sum();
            assert!((s - 1.0).abs() < 1e-6, "{slug} sums to {s}");
        }
        // Edge detectors ignore flat regions: their weights sum to 0.
        for slug in ["sobel-x", "sobel-y", "laplacian"] {
            assert_eq!(preset(slug).unwrap().weights.iter().sum::<f32>(), 0.0);
        }
        // The 5x5 Gaussian's centre is 36/256 (binomial 1 4 6 4 1, squared).
        assert_eq!(preset("gaussian-blur").unwrap().weights[12], 36.0 / 256.0);
    }
}
