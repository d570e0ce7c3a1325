//! Localisation through Fluent. Every visible string is a message in
//! `web/locales/<lang>.ftl`; components ask for messages by key and never hold
//! text of their own. Adding a language is adding its `.ftl` file to
//! [`LOCALES`]; no component changes.

use std::cell::RefCell;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// The languages the app speaks: (BCP 47 tag, name in that language, messages).
pub const LOCALES: &[(&str, &str, &str)] = &[
    ("en", "English", include_str!("../locales/en.ftl")),
    ("zh-TW", "繁體中文", include_str!("../locales/zh-TW.ftl")),
];

/// The fallback language, complete by construction (tests check the others
/// against it).
pub const DEFAULT: &str = "en";

struct Loaded {
    tag: &'static str,
    bundle: FluentBundle<FluentResource>,
    fallback: FluentBundle<FluentResource>,
}

fn bundle(tag: &str) -> FluentBundle<FluentResource> {
    let (code, _, src) = LOCALES
        .iter()
        .find(|(t, _, _)| *t == tag)
        .unwrap_or(&LOCALES[0]);
    let id: LanguageIdentifier = code.parse().unwrap_or_default();
    let mut b = FluentBundle::new(vec![id]);
    // Numbers and names sit inside sentences; isolation marks would show up
    // in copied text and screen readers for no benefit here.
    b.set_use_isolating(false);
    let res = FluentResource::try_new(src.to_string()).unwrap_or_else(|(res, _)| res);
    // Duplicate keys would be a bug in the .ftl file; the first one wins.
    let _ = b.add_resource(res);
    b
}

thread_local! {
    static CURRENT: RefCell<Option<Loaded>> = const { RefCell::new(None) };
}

/// Pick the language (a tag from [`LOCALES`]; unknown tags fall back).
pub fn set_language(tag: &str) {
    let tag = LOCALES
        .iter()
        .map(|(t, _, _)| *t)
        .find(|t| *t == tag)
        .unwrap_or(DEFAULT);
    CURRENT.with(|c| {
        *c.borrow_mut() = Some(Loaded {
            tag,
            bundle: bundle(tag),
            fallback: bundle(DEFAULT),
        })
    });
}

/// The language in use.
pub fn language() -> &'static str {
    CURRENT.with(|c| c.borrow().as_ref().map(|l| l.tag).unwrap_or(DEFAULT))
}

/// Where the learner's choice of language is remembered.
pub const STORAGE_KEY: &str = "cnn-school.lang";

/// A tag from [`LOCALES`] equal to `tag`, if any.
pub fn known(tag: &str) -> Option<&'static str> {
    LOCALES.iter().map(|(t, _, _)| *t).find(|t| *t == tag)
}

/// The best language for a list of browser preferences (e.g. `navigator.languages`).
pub fn negotiate(preferred: &[String]) -> &'static str {
    for p in preferred {
        let p = p.to_ascii_lowercase();
        // Traditional Chinese is the product's Chinese; the slides are in it.
        if p == "zh" || p.starts_with("zh-") {
            return "zh-TW";
        }
        for (tag, _, _) in LOCALES {
            let t = tag.to_ascii_lowercase();
            if p == t || p.starts_with(&format!("{t}-")) || t.starts_with(&format!("{p}-")) {
                return tag;
            }
        }
    }
    DEFAULT
}

fn format(key: &str, args: Option<&FluentArgs>) -> String {
    CURRENT.with(|c| {
        let unset = c.borrow().is_none();
        if unset {
            set_language(DEFAULT);
        }
        let cur = c.borrow();
        let Some(l) = cur.as_ref() else {
            return key.to_string();
        };
        for b in [&l.bundle, &l.fallback] {
            if let Some(pattern) = b.get_message(key).and_then(|m| m.value()) {
                let mut errors = vec![];
                return b.format_pattern(pattern, args, &mut errors).into_owned();
            }
        }
        key.to_string()
    })
}

/// The message `key` in the current language.
pub fn t(key: &str) -> String {
    format(key, None)
}

/// The message `key` with named arguments.
pub fn t_args(key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let mut a = FluentArgs::new();
    for (k, v) in args {
        a.set(*k, v.clone());
    }
    format(key, Some(&a))
}

/// A string argument.
pub fn s(v: impl Into<String>) -> FluentValue<'static> {
    FluentValue::from(v.into())
}

/// A number argument (Fluent picks plural forms from it).
pub fn n(v: usize) -> FluentValue<'static> {
    FluentValue::from(v as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key the code asks for, found by scanning the sources for
    /// `t("…")` / `t_args("…"` and `*_key` tables.
    fn keys_in_code() -> Vec<String> {
        let mut keys = vec![];
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut stack = vec![std::path::PathBuf::from(dir)];
        while let Some(p) = stack.pop() {
            for e in std::fs::read_dir(&p).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.ends_with("i18n.rs") {
                    continue; // this file's own examples
                }
                let src = std::fs::read_to_string(&path).unwrap();
                for pat in ["t(", "t_args(", "=> "] {
                    for (i, _) in src.match_indices(pat) {
                        // A call of our `t`, not `get(` or `.t(`.
                        let before = src[..i].chars().last().unwrap_or(' ');
                        if pat != "=> "
                            && (before.is_alphanumeric() || before == '_' || before == '.')
                        {
                            continue;
                        }
                        let rest = src[i + pat.len()..].trim_start();
                        let Some(rest) = rest.strip_prefix('"') else {
                            continue;
                        };
                        let key: String = rest.chars().take_while(|c| *c != '"').collect();
                        // `=> "…"` arms are keys only in the key tables.
                        let is_key_table = key.starts_with("stage-")
                            || key.starts_with("note-")
                            || key.starts_with("lesson-ops-");
                        if pat != "=> " || is_key_table {
                            keys.push(key);
                        }
                    }
                }
            }
        }
        keys.sort();
        keys.dedup();
        keys
    }

    #[test]
    fn every_key_used_exists_in_every_language() {
        let keys = keys_in_code();
        assert!(keys.len() > 40, "found only {} keys", keys.len());
        for (tag, _, _) in LOCALES {
            let b = bundle(tag);
            let missing: Vec<&String> =
                keys.iter().filter(|k| b.get_message(k).is_none()).collect();
            assert!(missing.is_empty(), "{tag} is missing {missing:?}");
        }
    }

    /// The message ids of a language's file.
    fn ids(src: &str) -> Vec<String> {
        let res = FluentResource::try_new(src.to_string()).expect("the .ftl parses");
        let mut ids: Vec<String> = res
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn every_language_has_every_message_and_no_other() {
        let reference = ids(LOCALES[0].2);
        for (tag, _, src) in LOCALES {
            let these = ids(src);
            let missing: Vec<_> = reference.iter().filter(|k| !these.contains(k)).collect();
            let extra: Vec<_> = these.iter().filter(|k| !reference.contains(k)).collect();
            assert!(missing.is_empty(), "{tag} lacks {missing:?}");
            assert!(
                extra.is_empty(),
                "{tag} has messages English lacks: {extra:?}"
            );
        }
    }

    #[test]
    fn every_kernel_and_sample_has_its_messages() {
        for (tag, _, _) in LOCALES {
            let b = bundle(tag);
            for k in cnn_core::kernels::presets() {
                for key in [
                    format!("kernel-{}", k.slug),
                    format!("kernel-{}-about", k.slug),
                ] {
                    assert!(b.get_message(&key).is_some(), "{tag} lacks {key}");
                }
            }
            for n in crate::playground::model::SAMPLES {
                assert!(
                    b.get_message(&format!("sample-{n}")).is_some(),
                    "{tag} lacks sample-{n}"
                );
            }
        }
    }

    /// Formats `key` in `tag` with `args`, failing on a missing message or
    /// a variable the message uses that `args` lacks.
    fn formats(tag: &str, key: &str, args: &[(&'static str, String)]) -> String {
        let b = bundle(tag);
        let pattern = b
            .get_message(key)
            .and_then(|m| m.value())
            .unwrap_or_else(|| panic!("{tag} lacks {key}"));
        let mut a = FluentArgs::new();
        for (k, v) in args {
            a.set(*k, FluentValue::from(v.clone()));
        }
        let mut errors = vec![];
        let text = b
            .format_pattern(pattern, Some(&a), &mut errors)
            .into_owned();
        assert!(errors.is_empty(), "{tag} {key}: {errors:?}");
        text
    }

    /// Every code the worker can send has its sentence in every language,
    /// with the arguments it gets. `WorkerError::examples` is generated from
    /// the enum's own declaration, so it lists every variant.
    #[test]
    fn every_architecture_family_has_its_messages() {
        for (tag, _, _) in LOCALES {
            let b = bundle(tag);
            for fam in crate::architectures::model::FAMILIES {
                for part in ["idea", "pros", "cons", "when", "when-not"] {
                    let key = format!("arch-{fam}-{part}");
                    assert!(b.get_message(&key).is_some(), "{tag} lacks {key}");
                }
            }
        }
    }

    #[test]
    fn every_worker_error_has_a_message_in_every_language() {
        use cnn_train::protocol::{NoGpuWhy, WorkerError};
        let examples = WorkerError::examples();
        assert!(examples.len() >= 30, "{}", examples.len());
        for (tag, _, _) in LOCALES {
            for e in &examples {
                let text = formats(tag, &format!("err-{}", e.code()), &e.args());
                assert!(!text.contains("err-"), "{tag}: {text}");
            }
            for why in NoGpuWhy::ALL {
                formats(tag, &format!("tr-cpu-{}", why.code()), &[]);
            }
            for kind in cnn_train::LayerKind::ALL {
                formats(tag, &format!("ed-kind-{}", kind.key()), &[]);
            }
        }
        assert_eq!(
            formats(
                "en",
                "err-epochs",
                &WorkerError::Epochs {
                    value: 201,
                    max: 200
                }
                .args()
            ),
            "201 epochs is not allowed: choose 1 to 200."
        );
        assert_eq!(
            formats("en", "tr-cpu-no-gpu", &[]),
            "Training runs on your processor: this browser gives web pages no graphics card (WebGPU). It works, only slower."
        );
    }

    #[test]
    fn messages_format_with_arguments() {
        set_language("en");
        assert_eq!(
            t_args("step-counter", &[("step", n(3)), ("total", n(10))]),
            "Step 3 of 10"
        );
        assert_eq!(t("no-such-key"), "no-such-key");
        assert_eq!(negotiate(&["zh-TW".into(), "en-US".into()]), "zh-TW");
        assert_eq!(negotiate(&["zh-Hant-HK".into()]), "zh-TW");
        assert_eq!(negotiate(&["fr-FR".into(), "en-GB".into()]), "en");
        assert_eq!(negotiate(&[]), "en");
        set_language("zh-TW");
        assert_eq!(
            t_args("step-counter", &[("step", n(3)), ("total", n(10))]),
            "第 3 步，共 10 步"
        );
        set_language("en");
    }
}
