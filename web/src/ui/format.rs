//! How numbers and times print.

/// 4288577 → "4,288,577", as Keras prints it (`cnn_train::graph::thousands`).
pub fn group(v: usize) -> String {
    cnn_train::graph::thousands(v)
}

/// Milliseconds as "m:ss".
pub fn fmt_time(ms: f64) -> String {
    let secs = (ms / 1000.0).max(0.0).round() as u64;
    format!("{}:{:02}", secs / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_times_print() {
        assert_eq!(group(4288577), "4,288,577");
        assert_eq!(group(999), "999");
        assert_eq!(fmt_time(61_400.0), "1:01");
        assert_eq!(fmt_time(-5.0), "0:00");
    }
}
