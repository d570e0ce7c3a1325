//! Field checking: a setting the learner must fix, named, and its sentence.

use crate::i18n::{n, s, t_args};

/// A field the learner must fix, and why (a localisation key and its number).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub field: &'static str,
    pub key: &'static str,
    pub value: String,
    pub max: Option<usize>,
}

/// The sentence for a field the learner must fix.
pub fn field_error_text(e: &FieldError) -> String {
    t_args(
        e.key,
        &[
            ("value", s(e.value.clone())),
            ("max", n(e.max.unwrap_or(0))),
        ],
    )
}
