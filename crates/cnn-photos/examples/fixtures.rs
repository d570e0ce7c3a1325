//! Writes the photo fixtures:
//!
//! ```text
//! cargo run -p cnn-photos --example fixtures -- <out_dir> [--bench N]
//! ```
//!
//! - `good/`: one 120x80 photo per format in one colour layout (left half
//!   red, right half blue, top-left block green), `rotated.jpg` (EXIF
//!   orientation 6, upright 80x120), and valid but tricky files.
//! - `bad/`: one file per refusal.
//! - `classes.zip`: `dataset/training_set/{cats,dogs}/…`, with a
//!   `__MACOSX/` entry and a `.DS_Store` to skip.
//! - with `--bench N`: `bench/` with N JPEGs (quality 85) of 0.3 to 12
//!   megapixels — copies (hard links where the disk allows) of 10 distinct
//!   pictures — and `bench/manifest.json` (name, width, height, bytes). Kept
//!   when it already holds N photos.
//!
//! Same bytes every run: no clock, fixed seeds.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cnn_photos::fixtures;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("fixtures: {message}");
            ExitCode::FAILURE
        }
    }
}

fn usage() -> String {
    "usage: cargo run -p cnn-photos --example fixtures -- <out_dir> [--bench N]".to_string()
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut out: Option<PathBuf> = None;
    let mut bench: Option<usize> = None;
    while let Some(arg) = args.next() {
        if arg == "--bench" {
            let n = args.next().ok_or_else(usage)?;
            bench = Some(
                n.parse()
                    .map_err(|_| format!("--bench wants a count, not {n:?}"))?,
            );
        } else if out.is_none() {
            out = Some(PathBuf::from(arg));
        } else {
            return Err(usage());
        }
    }
    let out = out.ok_or_else(usage)?;

    write_all(&out.join("good"), fixtures::good())?;
    write_all(&out.join("bad"), fixtures::bad())?;
    write(&out.join("classes.zip"), &fixtures::classes_zip())?;
    write(&out.join("split.zip"), &fixtures::split_zip())?;
    println!("wrote {}/good, bad and classes.zip", out.display());
    if let Some(n) = bench {
        write_bench(&out.join("bench"), n)?;
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn write_all(dir: &Path, files: Vec<(&str, Vec<u8>)>) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (name, bytes) in files {
        write(&dir.join(name), &bytes)?;
    }
    Ok(())
}

fn photo_name(i: usize) -> String {
    format!("photo-{i:04}.jpg")
}

fn write_bench(dir: &Path, n: usize) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let manifest_path = dir.join("manifest.json");
    let present = (0..n).all(|i| dir.join(photo_name(i)).is_file());
    let extra = dir.join(photo_name(n)).exists();
    if present && !extra && manifest_path.is_file() {
        println!("{} already holds {n} photos; kept", dir.display());
        return Ok(());
    }
    // Earlier runs' photos (another N) go first.
    if let Ok(listing) = fs::read_dir(dir) {
        for entry in listing.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with("photo-") && name.ends_with(".jpg") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    // The distinct pictures, encoded once each (only those N needs).
    let distinct = fixtures::BENCH_SIZES.len().min(n);
    let mut sources = Vec::with_capacity(distinct);
    for (seed, &(w, h)) in fixtures::BENCH_SIZES.iter().enumerate().take(distinct) {
        let picture = fixtures::bench_picture(seed as u32, w, h);
        let bytes = fixtures::jpeg(&picture, 85);
        let path = dir.join(photo_name(seed));
        write(&path, &bytes)?;
        sources.push((path, w, h, bytes.len()));
    }
    let mut manifest = Vec::with_capacity(n);
    for i in 0..n {
        let (source, w, h, bytes) = &sources[i % distinct];
        let name = photo_name(i);
        let path = dir.join(&name);
        if i >= distinct && fs::hard_link(source, &path).is_err() {
            fs::copy(source, &path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        manifest.push(serde_json::json!({
            "name": name, "width": w, "height": h, "bytes": bytes,
        }));
    }
    let json = serde_json::to_string_pretty(&manifest).map_err(|e| e.to_string())?;
    write(&manifest_path, json.as_bytes())?;
    println!("wrote {n} photos to {}", dir.display());
    Ok(())
}
