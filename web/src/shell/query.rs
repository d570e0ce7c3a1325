//! The URL's query string: one parser for every page.

fn decode(s: &str) -> String {
    // Our own values are ASCII; decode %XX and '+' for what a person may type.
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(a), Some(b)) => {
                    out.push(a * 16 + b);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `?a=1&b=2` → `[("a", "1"), ("b", "2")]`, decoded.
pub fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

/// The current page's query string (`?…`, or empty).
pub fn current() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The current page's query as decoded pairs.
pub fn current_pairs() -> Vec<(String, String)> {
    pairs(&current())
}

/// The value of `key` in decoded pairs (the first, if repeated).
pub fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_decoded() {
        assert_eq!(decode("a%20b+c"), "a b c");
        assert_eq!(
            pairs("?view=train&layers=c6.5%7Ea2&flag"),
            vec![
                ("view".to_string(), "train".to_string()),
                ("layers".to_string(), "c6.5~a2".to_string()),
                ("flag".to_string(), String::new()),
            ]
        );
        assert_eq!(get(&pairs("a=1&b=2&a=3"), "a"), Some("1"));
        assert_eq!(get(&pairs(""), "a"), None);
    }
}

/// The URL follows a page's state: `query` (without `?`) replaces the
/// page's query string whenever it changes, without a history entry.
#[yew::hook]
pub fn use_url_sync(query: String) {
    let q = format!("?{query}");
    yew::use_effect_with(q, |q| {
        if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(q));
        }
    });
}
