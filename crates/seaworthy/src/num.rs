//! Decimal numbers as text, without `f64`: the compose checks validate and compare numbers
//! (`cpus: 0.5`, `mem_limit: 1.5g`) by their spelling. Parsing them with `f64::from_str` and
//! printing them back with `<f64 as Display>` pulled the float parser, the float printer and
//! their tables (about 50 KB) into the WebAssembly module; these functions give the same
//! answers with integer and byte logic (see docs/benchmarks.md, "Third pass").

/// A number Rust's `f64::from_str` accepts, taken apart.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Float<'s> {
    /// `nan`, in any case, with or without a sign.
    NaN,
    /// `inf` or `infinity`, in any case.
    Inf { negative: bool },
    /// `±d.ddd × 10^exp`: `digits` are the significant digits (no leading or trailing zero;
    /// empty for zero), split over up to two slices of the input (before and after the point);
    /// the value is `0.digits × 10^exp`.
    Finite { negative: bool, digits: Digits<'s>, exp: i64 },
}

/// The significant digits of a finite number: the concatenation of `a` and `b`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Digits<'s> {
    pub a: &'s [u8],
    pub b: &'s [u8],
}

impl Digits<'_> {
    fn len(&self) -> usize {
        self.a.len() + self.b.len()
    }
    fn iter(&self) -> impl Iterator<Item = u8> + '_ {
        self.a.iter().chain(self.b).copied()
    }
}

/// Whether `s` is a number for `f64::from_str`: an optional sign, then `inf`, `infinity` or
/// `nan` in any case, or digits with at most one `.` (at least one digit on either side) and
/// an optional exponent (`e` or `E`, an optional sign, at least one digit). No spaces, no `_`.
pub fn is_float(s: &str) -> bool {
    parse_float(s).is_some()
}

/// Takes `s` apart as `f64::from_str` would accept it (the same strings; see [`is_float`]).
pub(crate) fn parse_float(s: &str) -> Option<Float<'_>> {
    let b = s.as_bytes();
    let (negative, b) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    if b.eq_ignore_ascii_case(b"nan") {
        return Some(Float::NaN);
    }
    if b.eq_ignore_ascii_case(b"inf") || b.eq_ignore_ascii_case(b"infinity") {
        return Some(Float::Inf { negative });
    }
    let digits_end = |from: usize| from + b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let int_end = digits_end(0);
    let (frac_start, frac_end) = match b.get(int_end) {
        Some(b'.') => (int_end + 1, digits_end(int_end + 1)),
        _ => (int_end, int_end),
    };
    if int_end == 0 && frac_end == frac_start {
        return None; // no digit before the exponent
    }
    let mut exp: i64 = 0;
    let mut i = frac_end;
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let exp_negative = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let end = digits_end(i);
        if end == i {
            return None;
        }
        for &c in &b[i..end] {
            // saturating: a number this far out is zero or infinite whatever the digits say
            exp = exp.saturating_mul(10).saturating_add(i64::from(c - b'0')).min(1 << 40);
        }
        if exp_negative {
            exp = -exp;
        }
        i = end;
    }
    if i != b.len() {
        return None;
    }
    let int = &b[..int_end];
    let frac = &b[frac_start..frac_end];
    // the value is 0.(int frac) × 10^(exp + int.len()); strip zeros off both ends
    let lead_int = int.iter().take_while(|&&c| c == b'0').count();
    let mut exp = exp + i64::try_from(int.len()).unwrap_or(i64::MAX >> 1);
    let (a, b) = if lead_int < int.len() {
        exp -= lead_int as i64;
        (&int[lead_int..], frac)
    } else {
        let lead_frac = frac.iter().take_while(|&&c| c == b'0').count();
        exp -= (int.len() + lead_frac) as i64;
        (&frac[..0], &frac[lead_frac..])
    };
    let (a, b) = match b.iter().rposition(|&c| c != b'0') {
        Some(p) => (a, &b[..=p]),
        None => (&a[..a.iter().rposition(|&c| c != b'0').map_or(0, |p| p + 1)], &b[..0]),
    };
    if a.is_empty() && b.is_empty() {
        exp = 0;
    }
    Some(Float::Finite { negative, digits: Digits { a, b }, exp })
}

/// The text `format!("{}", s.parse::<f64>().unwrap())` gives for a number `s` that
/// [`parse_float`] accepts: `NaN`, `inf`, `-inf`, or the plain decimal (no exponent, no
/// trailing `.0`, `-0` for negative zero). Exact for numbers of at most 15 significant digits
/// between 1e-307 and 1e308 (every such decimal is the shortest spelling of its nearest
/// `f64`). Beyond that `f64` would round: here numbers of 1e309 and more read `inf`, numbers
/// under 1e-324 read `0`, and more digits are kept as written.
pub(crate) fn float_text(f: &Float<'_>) -> String {
    let (negative, digits, exp) = match f {
        Float::NaN => return "NaN".into(),
        Float::Inf { negative } => return if *negative { "-inf" } else { "inf" }.into(),
        Float::Finite { negative, digits, exp } => (*negative, digits, *exp),
    };
    let mut out = String::with_capacity(digits.len() + 8);
    if negative {
        out.push('-');
    }
    if digits.len() == 0 || exp < -323 {
        out.push('0');
        return out;
    }
    if exp > 309 {
        out.push_str("inf");
        return out;
    }
    let n = digits.len() as i64;
    if exp <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', exp.unsigned_abs() as usize));
        out.extend(digits.iter().map(char::from));
    } else {
        for (i, c) in digits.iter().enumerate() {
            if i as i64 == exp {
                out.push('.');
            }
            out.push(char::from(c));
        }
        out.extend(std::iter::repeat_n('0', (exp - n).max(0) as usize));
    }
    out
}

/// `⌊x × 2^shift⌋` for a number `digits` with at most one `.` (what [`parse_float`] accepts
/// without sign or exponent), saturating at `u64::MAX`; `None` when `digits` is not such a
/// number. Exact (the `f64` it replaces rounded numbers of more than 15 significant digits).
pub(crate) fn scaled_floor(digits: &str, shift: u32) -> Option<u64> {
    if digits.bytes().any(|c| !(c.is_ascii_digit() || c == b'.')) || !is_float(digits) {
        return None;
    }
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let mut whole: u64 = 0;
    for c in int.bytes() {
        whole = whole.saturating_mul(10).saturating_add(u64::from(c - b'0'));
    }
    // the fraction's first `shift` bits: double the decimal fraction, carry out one bit a time
    let mut frac: Vec<u8> = frac.bytes().map(|c| c - b'0').collect();
    let mut bits: u64 = 0;
    for _ in 0..shift {
        let mut carry = 0;
        for d in frac.iter_mut().rev() {
            let v = *d * 2 + carry;
            *d = v % 10;
            carry = v / 10;
        }
        bits = bits.saturating_mul(2).saturating_add(u64::from(carry));
        while frac.last() == Some(&0) {
            frac.pop();
        }
    }
    let whole = match 1u64.checked_shl(shift) {
        Some(scale) => whole.saturating_mul(scale),
        None if whole == 0 => 0,
        None => u64::MAX,
    };
    Some(whole.saturating_add(bits))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every spelling here is checked against the standard library: the same acceptance, and
    /// for the finite ones in range the same text as `f64`'s `Display`.
    const CASES: &[&str] = &[
        "0",
        "1",
        "-1",
        "+1",
        "00",
        "007",
        "1.",
        ".5",
        "-.5",
        "+.5",
        "0.5",
        "0.50",
        "000.0500",
        "1.0",
        "10",
        "100",
        "1e3",
        "1E3",
        "1e+3",
        "1e-3",
        "1.5e2",
        ".5e1",
        "5.e-1",
        "0e0",
        "0.0",
        "-0",
        "-0.0",
        "+0",
        "-0e5",
        "123456789012345",
        "0.000000001",
        "1e21",
        "1e22",
        "1e-7",
        "1e300",
        "1e-300",
        "1e307",
        "9.99e307",
        "1.5",
        "2.25",
        "0.1",
        "0.2",
        "0.3",
        "512",
        "1024",
        "3.14159",
        "12345.6789",
        "1e0",
        "1e00001",
        "1e-00001",
        "nan",
        "NaN",
        "NAN",
        "-nan",
        "+nan",
        "inf",
        "INF",
        "Inf",
        "-inf",
        "+inf",
        "infinity",
        "Infinity",
        "-infinity",
        "1e999",
        "-1e999",
        "1e-999",
        "-1e-999",
        "1e99999999999999999999",
        "1e-99999999999999999999",
        // rejected by both
        "",
        ".",
        "-",
        "+",
        "e",
        "e5",
        ".e5",
        "1e",
        "1e+",
        "1e-",
        "1.2.3",
        "1..2",
        " 1",
        "1 ",
        "1_000",
        "0x10",
        "--1",
        "+-1",
        "1f",
        "infinit",
        "infinityy",
        "nana",
        "in",
        "1e5.5",
        "1.5e",
        "١",
        "1,5",
        "+.",
        "-.e1",
    ];

    #[test]
    fn accepts_what_f64_accepts() {
        for s in CASES {
            assert_eq!(is_float(s), s.parse::<f64>().is_ok(), "{s:?}");
        }
    }

    #[test]
    fn prints_what_f64_prints() {
        for s in CASES {
            let (Some(f), Ok(x)) = (parse_float(s), s.parse::<f64>()) else { continue };
            assert_eq!(float_text(&f), format!("{x}"), "{s:?}");
        }
    }

    #[test]
    fn digits_and_exponent() {
        let f = parse_float("-001.2300e2").unwrap();
        assert_eq!(f, Float::Finite { negative: true, digits: Digits { a: b"1", b: b"23" }, exp: 3 });
        let f = parse_float("0.00500").unwrap();
        assert_eq!(f, Float::Finite { negative: false, digits: Digits { a: b"", b: b"5" }, exp: -2 });
        let f = parse_float("0.000").unwrap();
        assert_eq!(f, Float::Finite { negative: false, digits: Digits { a: b"", b: b"" }, exp: 0 });
    }

    #[test]
    fn scaled() {
        assert_eq!(scaled_floor("1.5", 10), Some(1536));
        assert_eq!(scaled_floor("0.1", 10), Some(102));
        assert_eq!(scaled_floor("10", 20), Some(10 << 20));
        assert_eq!(scaled_floor("2.", 0), Some(2));
        assert_eq!(scaled_floor(".75", 2), Some(3));
        assert_eq!(scaled_floor("0.999", 0), Some(0));
        assert_eq!(scaled_floor("99999999999999999999999", 0), Some(u64::MAX));
        assert_eq!(scaled_floor("20000000", 40), Some(u64::MAX));
        assert_eq!(scaled_floor("16777215.9999999", 40), Some(u64::MAX - 109_951));
        assert_eq!(scaled_floor(".", 0), None);
        assert_eq!(scaled_floor("1.2.3", 0), None);
        assert_eq!(scaled_floor("1e3", 0), None);
        assert_eq!(scaled_floor("", 0), None);
    }

    /// Where the old `f64` arithmetic was exact (values and results under 2^53), the same result.
    #[test]
    fn scaled_matches_f64_where_exact() {
        for s in ["0", "1", "1.5", "0.1", "0.3", "2.75", "123.456", "1000", "0.0009765625", "7.", ".001"] {
            for shift in [0u32, 10, 20, 30] {
                let x: f64 = s.parse().unwrap();
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let old = (x * f64::from(1u32 << (shift / 2)) * f64::from(1u32 << (shift - shift / 2))) as u64;
                assert_eq!(scaled_floor(s, shift), Some(old), "{s} << {shift}");
            }
        }
    }
}
