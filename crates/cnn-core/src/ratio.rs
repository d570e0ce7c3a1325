//! Exact rational numbers, so that the slides' arithmetic (7/9, -1/9, ...) is
//! reproduced exactly and tests can compare with `==`.

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, Mul, Neg, Sub};

/// An exact fraction `num / den`, always stored in lowest terms with `den > 0`.
///
/// Arithmetic is carried out in `i128` and reduced, so the small integers of
/// the lessons (pixels of ±1, kernels of single digits) never overflow.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ratio {
    num: i64,
    den: i64,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

impl Ratio {
    pub const ZERO: Ratio = Ratio { num: 0, den: 1 };
    pub const ONE: Ratio = Ratio { num: 1, den: 1 };

    /// `num / den` in lowest terms. A zero denominator is a programming error
    /// in this crate (counts are never zero), so it yields zero rather than a panic.
    pub fn new(num: i64, den: i64) -> Ratio {
        Ratio::from_i128(num as i128, den as i128)
    }

    pub fn int(n: i64) -> Ratio {
        Ratio { num: n, den: 1 }
    }

    fn from_i128(num: i128, den: i128) -> Ratio {
        if den == 0 || num == 0 {
            return Ratio::ZERO;
        }
        let g = gcd(num, den);
        let (mut n, mut d) = (num / g, den / g);
        if d < 0 {
            n = -n;
            d = -d;
        }
        // Values in this crate stay far inside i64; clamp rather than panic if
        // someone feeds pathological inputs.
        let n = n.clamp(i64::MIN as i128 + 1, i64::MAX as i128) as i64;
        let d = d.min(i64::MAX as i128) as i64;
        Ratio { num: n, den: d }
    }

    pub fn numer(self) -> i64 {
        self.num
    }

    pub fn denom(self) -> i64 {
        self.den
    }

    pub fn is_integer(self) -> bool {
        self.den == 1
    }

    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// The closest fraction to `x` whose denominator is at most `max_den`
    /// (continued fractions): 0.1111111 → 1/9, 0.0625 → 1/16, 0.5 → 1/2.
    /// Used to show a learner's decimal kernel weights exactly. Not finite → 0.
    pub fn approximate(x: f64, max_den: i64) -> Ratio {
        if !x.is_finite() || max_den < 1 {
            return Ratio::ZERO;
        }
        let x = x.clamp(-1e12, 1e12);
        // Convergents h/k of the continued fraction of x.
        let (mut h0, mut h1) = (0i128, 1i128);
        let (mut k0, mut k1) = (1i128, 0i128);
        let mut rest = x;
        for _ in 0..64 {
            let a = rest.floor();
            let ai = a as i128;
            let (h2, k2) = (ai * h1 + h0, ai * k1 + k0);
            if k2 > max_den as i128 {
                break;
            }
            (h0, h1, k0, k1) = (h1, h2, k1, k2);
            let frac = rest - a;
            if frac.abs() < 1e-9 {
                break;
            }
            rest = 1.0 / frac;
        }
        Ratio::from_i128(h1, k1.max(1))
    }

    /// Divide by a positive count (the mean of `n` products).
    pub fn div_count(self, n: usize) -> Ratio {
        Ratio::from_i128(self.num as i128, self.den as i128 * n as i128)
    }

    /// The value as the slides print it: two decimals, truncated toward zero
    /// (7/9 → "0.77", 5/9 → "0.55", -1/9 → "-0.11", 1 → "1.00"), and exact
    /// zero as "0" (the slides' ReLU maps).
    pub fn slide_string(self) -> String {
        if self.num == 0 {
            return "0".to_string();
        }
        let hundredths = (self.num as i128 * 100) / self.den as i128; // truncates toward zero
        let sign = if self.num < 0 { "-" } else { "" };
        let h = hundredths.abs();
        format!("{sign}{}.{:02}", h / 100, h % 100)
    }

    /// The exact value: "7/9", "-1/9", "1", "0".
    pub fn fraction_string(self) -> String {
        if self.den == 1 {
            format!("{}", self.num)
        } else {
            format!("{}/{}", self.num, self.den)
        }
    }
}

impl Default for Ratio {
    fn default() -> Self {
        Ratio::ZERO
    }
}

impl From<i64> for Ratio {
    fn from(n: i64) -> Self {
        Ratio::int(n)
    }
}

impl Add for Ratio {
    type Output = Ratio;
    fn add(self, o: Ratio) -> Ratio {
        Ratio::from_i128(
            self.num as i128 * o.den as i128 + o.num as i128 * self.den as i128,
            self.den as i128 * o.den as i128,
        )
    }
}

impl Sub for Ratio {
    type Output = Ratio;
    fn sub(self, o: Ratio) -> Ratio {
        self + (-o)
    }
}

impl Neg for Ratio {
    type Output = Ratio;
    fn neg(self) -> Ratio {
        Ratio {
            num: -self.num,
            den: self.den,
        }
    }
}

impl Mul for Ratio {
    type Output = Ratio;
    fn mul(self, o: Ratio) -> Ratio {
        Ratio::from_i128(
            self.num as i128 * o.num as i128,
            self.den as i128 * o.den as i128,
        )
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ratio {
    fn cmp(&self, o: &Self) -> Ordering {
        (self.num as i128 * o.den as i128).cmp(&(o.num as i128 * self.den as i128))
    }
}

impl fmt::Debug for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.fraction_string())
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.fraction_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approximate_finds_the_simple_fraction() {
        // The presets' decimal weights come back as the fractions they are.
        assert_eq!(Ratio::approximate(0.111_111_11, 1000), Ratio::new(1, 9));
        assert_eq!(Ratio::approximate(0.0625, 1000), Ratio::new(1, 16));
        assert_eq!(Ratio::approximate(-0.5, 1000), Ratio::new(-1, 2));
        assert_eq!(Ratio::approximate(-8.0, 1000), Ratio::int(-8));
        assert_eq!(Ratio::approximate(0.0, 1000), Ratio::ZERO);
        assert_eq!(Ratio::approximate(f64::NAN, 1000), Ratio::ZERO);
        // pi with denominators up to 1000: 355/113.
        assert_eq!(
            Ratio::approximate(std::f64::consts::PI, 1000),
            Ratio::new(355, 113)
        );
    }

    #[test]
    fn slide_format_truncates_toward_zero() {
        // The four examples the lesson names (issue: "7/9 shows as 0.77 ...").
        assert_eq!(Ratio::new(7, 9).slide_string(), "0.77");
        assert_eq!(Ratio::new(5, 9).slide_string(), "0.55");
        assert_eq!(Ratio::new(-1, 9).slide_string(), "-0.11");
        assert_eq!(Ratio::int(1).slide_string(), "1.00");
        assert_eq!(Ratio::new(-7, 9).slide_string(), "-0.77");
        assert_eq!(Ratio::ZERO.slide_string(), "0");
        assert_eq!(Ratio::new(-1, 1000).slide_string(), "-0.00");
        assert_eq!(Ratio::int(-8).slide_string(), "-8.00");
    }

    #[test]
    fn arithmetic_is_exact_and_reduced() {
        let a = Ratio::new(2, 6);
        assert_eq!(a, Ratio::new(1, 3));
        assert_eq!(a.numer(), 1);
        assert_eq!(Ratio::new(1, 3) + Ratio::new(1, 6), Ratio::new(1, 2));
        assert_eq!(Ratio::new(1, 3) * Ratio::new(3, 4), Ratio::new(1, 4));
        assert_eq!(Ratio::int(7).div_count(9), Ratio::new(7, 9));
        assert_eq!(Ratio::new(3, -4), Ratio::new(-3, 4));
        assert!(Ratio::new(-1, 9) < Ratio::ZERO);
        assert_eq!(Ratio::new(7, 9).fraction_string(), "7/9");
        assert_eq!(Ratio::new(1, 0), Ratio::ZERO);
    }
}
