//! Share links: the whole playground state in the URL fragment, as JSON compressed with
//! deflate (miniz_oxide) and encoded base64url without padding. No server ever sees it: the
//! fragment is not sent with requests. Decoding never panics and refuses oversized data.

use serde::{Deserialize, Serialize};

/// The fragment prefix of a share link: `#s=<data>`.
pub const PREFIX: &str = "s=";
/// Largest decompressed state accepted from a link (bytes).
pub const MAX_STATE: usize = 2 * 1024 * 1024;

/// Everything a link carries: data only.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shared {
    /// Format version (1).
    pub v: u32,
    /// `[path, content]` pairs, in tab order.
    pub files: Vec<(String, String)>,
    /// The index of the active tab.
    #[serde(default)]
    pub active: usize,
    /// The policy preset name.
    #[serde(default)]
    pub preset: String,
    /// The team `.seaworthy.toml` text.
    #[serde(default)]
    pub policy: String,
}

/// The fragment (without `#`) for a state.
pub fn encode(state: &Shared) -> String {
    let json = serde_json::to_vec(state).unwrap_or_default();
    let packed = miniz_oxide::deflate::compress_to_vec(&json, 9);
    format!("{PREFIX}{}", base64url_encode(&packed))
}

/// The state of a fragment (with or without the leading `#`).
pub fn decode(fragment: &str) -> Result<Shared, String> {
    let data = fragment.trim_start_matches('#');
    let data = data.strip_prefix(PREFIX).ok_or("the link has no shared state")?;
    let packed = base64url_decode(data).ok_or("the link is damaged (not base64url)")?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_STATE)
        .map_err(|_| "the link is damaged or too large (the data does not decompress)".to_string())?;
    let state: Shared =
        serde_json::from_slice(&json).map_err(|e| format!("the link's data is not a playground state: {e}"))?;
    if state.v != 1 {
        return Err(format!("the link was made by a newer playground (format {})", state.v));
    }
    Ok(state)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding (RFC 4648 §5).
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes base64url (padding and standard `+/` tolerated); `None` on any other character.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for c in text.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_every_length() {
        for n in 0..40u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37).wrapping_add(250)).collect();
            let text = base64url_encode(&bytes);
            assert!(text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            assert_eq!(base64url_decode(&text).unwrap(), bytes);
        }
        assert_eq!(base64url_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64url_encode(b"fo"), "Zm8");
        assert!(base64url_decode("a b").is_none());
    }

    #[test]
    fn state_round_trips_through_a_fragment() {
        let s = Shared {
            v: 1,
            files: vec![
                ("Dockerfile".into(), "FROM node:latest\nRUN é \u{1F600}\n".repeat(50)),
                (".env".into(), "A=1".into()),
            ],
            active: 1,
            preset: "strict".into(),
            policy: "[rules]\n".into(),
        };
        let frag = encode(&s);
        assert!(frag.len() < 600, "repetitive text compresses: {}", frag.len());
        assert_eq!(decode(&format!("#{frag}")).unwrap(), s);
    }

    #[test]
    fn damaged_links_are_errors_not_panics() {
        assert!(decode("").is_err());
        assert!(decode("#s=!!!").is_err());
        assert!(decode("#s=AAAA").is_err());
        assert!(decode(&format!("s={}", base64url_encode(&miniz_oxide::deflate::compress_to_vec(b"{}", 6)))).is_err());
        let future = Shared { v: 9, ..Shared::default() };
        assert!(decode(&encode(&future)).unwrap_err().contains("newer"));
        // a decompression bomb is refused
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_STATE + 10], 9);
        assert!(decode(&format!("s={}", base64url_encode(&bomb))).is_err());
    }
}
